// The page's localStorage, or null where storage is blocked (then layouts are just not remembered).
export function safeLocalStorage(): Storage | null {
  try { return window.localStorage; } catch { return null; }
}

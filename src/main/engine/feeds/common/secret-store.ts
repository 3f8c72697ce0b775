// Where every venue's secrets (Upstox API secret and access token, OpenAlgo API key, …) live,
// each under a name prefixed by its venue ('upstox.session', 'openalgo.api_key'). The Electron
// host encrypts them with the OS keyring (safeStorage); the headless host keeps them in a 0600
// file (secret-store-node.ts). Runtime: std.

export interface SecretStore {
  /** 'os-keyring' when values are encrypted by the OS, 'file' when only file permissions guard them. */
  readonly protection: 'os-keyring' | 'file';
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
}

/** Replaces every occurrence of each secret in `text` (for log lines and error messages). */
export function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

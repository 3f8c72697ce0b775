// Workstation keyboard shortcuts, as a pure key → action map (the listener lives in Workstation.tsx).
//   `          show/hide the dock (not while typing in a field)
//   Alt+1…9    open the dock on tab n
//   Ctrl+,     settings (⌘, on a Mac);  Esc closes them

export type ShortcutAction =
  | { kind: 'toggle-dock' }
  | { kind: 'tab'; index: number }
  | { kind: 'settings' }
  | { kind: 'close-settings' };

export interface KeyPress {
  key: string;
  /** Physical key ('Digit1'): Alt+1 types '¡' on a Mac keyboard, so digits are read from the code. */
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  /** Focus is in an input, select or textarea, where plain keys are typing. */
  typing: boolean;
}

export const SHORTCUT_HINTS = { dock: '`', tab: (n: number) => `Alt+${n}`, settings: 'Ctrl+,' } as const;

export function shortcutFor(k: KeyPress, settingsOpen: boolean): ShortcutAction | null {
  if (k.key === 'Escape' && settingsOpen) return { kind: 'close-settings' };
  if ((k.ctrlKey || k.metaKey) && !k.altKey && k.key === ',') return { kind: 'settings' };
  if (k.altKey && !k.ctrlKey && !k.metaKey && !k.shiftKey) {
    const digit = /^Digit([1-9])$/.exec(k.code);
    if (digit) return { kind: 'tab', index: Number(digit[1]) - 1 };
  }
  const plain = !k.altKey && !k.ctrlKey && !k.metaKey;
  if (plain && !k.typing && (k.key === '`' || k.code === 'Backquote')) return { kind: 'toggle-dock' };
  return null;
}

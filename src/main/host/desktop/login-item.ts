// Start at login (off by default). macOS and Windows: Electron's app.setLoginItemSettings.
// Linux has no such call: the freedesktop autostart entry (~/.config/autostart/optick.desktop)
// does the same for GNOME, KDE, XFCE and the rest.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface LoginItem {
  readonly supported: boolean;
  /** Whether the OS will start the app at login now. */
  get(): boolean;
  set(openAtLogin: boolean): void;
}

/** What this uses of Electron's `app`. */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
  getLoginItemSettings(options?: { path?: string; args?: string[] }): { openAtLogin: boolean };
}

export function electronLoginItem(app: LoginItemApp, execPath: string, args: string[] = []): LoginItem {
  return {
    supported: true,
    get: () => app.getLoginItemSettings({ path: execPath, args }).openAtLogin,
    set: (openAtLogin) => app.setLoginItemSettings({ openAtLogin, path: execPath, args }),
  };
}

/** An Exec= argument, quoted as the Desktop Entry spec asks. */
function execArg(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `"${s.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(execPath: string, args: string[] = []): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Optick',
    'Comment=Options-trading workstation',
    `Exec=${[execPath, ...args].map(execArg).join(' ')}`,
    'Icon=optick',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Linux: <XDG_CONFIG_HOME or ~/.config>/autostart/optick.desktop. `execPath` is $APPIMAGE for an AppImage. */
export function xdgAutostart(execPath: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): LoginItem & { file: string } {
  const dir = join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart');
  const file = join(dir, 'optick.desktop');
  return {
    supported: true,
    file,
    get: () => existsSync(file) && readFileSync(file, 'utf8').includes(`Exec=${[execPath, ...args].map(execArg).join(' ')}`),
    set: (openAtLogin) => {
      if (!openAtLogin) { rmSync(file, { force: true }); return; }
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, autostartEntry(execPath, args), { mode: 0o644 });
    },
  };
}

/** Brings the OS's login item in line with the setting (writes only when they differ). */
export function applyLoginItem(item: LoginItem, wanted: boolean): void {
  if (!item.supported) return;
  if (item.get() !== wanted) item.set(wanted);
}

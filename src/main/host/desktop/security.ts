// Electron's security checklist, as data and small pure checks the Electron adapter applies and
// the tests prove: one set of safe webPreferences for every window, a permission handler that
// grants only notifications, navigation and new windows denied, and one allow-listed external
// URL (the broker's login page) handed to the system browser.
import { DIALOG_PATH, UPSTOX_DEFAULTS } from '../../engine/feeds/upstox/login.ts';
import type { Logger } from '../../engine/log.ts';

/** webPreferences of every BrowserWindow (the only place windows get them: mainWindowOptions). */
export const SAFE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
});

/** What must hold of any window's webPreferences; the names of the settings that break it. */
export function unsafeWebPreferences(prefs: Record<string, unknown> | undefined): string[] {
  const p = prefs ?? {};
  const bad: string[] = [];
  for (const k of ['contextIsolation', 'sandbox', 'webSecurity'] as const) if (p[k] !== true) bad.push(k);
  for (const k of ['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'allowRunningInsecureContent', 'experimentalFeatures', 'webviewTag'] as const) {
    if (p[k] !== false) bad.push(k);
  }
  if (p.enableBlinkFeatures !== undefined) bad.push('enableBlinkFeatures');
  if (p.preload !== undefined && typeof p.preload !== 'string') bad.push('preload');
  return bad;
}

export interface WindowOptions {
  x: number; y: number; width: number; height: number;
  minWidth: number; minHeight: number;
  backgroundColor: string;
  title: string;
  icon: string;
  show: boolean;
  webPreferences: typeof SAFE_WEB_PREFERENCES & { preload: string };
}

/** The main window's constructor options: the restored bounds and the safe webPreferences. */
export function mainWindowOptions(bounds: { x: number; y: number; width: number; height: number }, paths: { preload: string; icon: string }): WindowOptions {
  return {
    ...bounds,
    minWidth: 1024, minHeight: 640,
    backgroundColor: '#0d1117',
    title: 'Optick',
    icon: paths.icon,
    show: false,
    webPreferences: { ...SAFE_WEB_PREFERENCES, preload: paths.preload },
  };
}

/** Permission requests from pages (camera, geolocation, clipboard, …): only notifications (alerts) are granted. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

export function permissionGranted(permission: string): boolean {
  return GRANTED_PERMISSIONS.has(permission);
}

export interface AllowedPage { origin: string; path: string }

/** The Upstox login dialog on the default API host and on the configured one (https, or http on loopback for the simulator). */
export function loginPages(configuredRestBase?: string): AllowedPage[] {
  const pages = [{ origin: new URL(UPSTOX_DEFAULTS.restBase).origin, path: DIALOG_PATH }];
  if (configuredRestBase) {
    try {
      const u = new URL(configuredRestBase);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
      if (u.protocol === 'https:' || (u.protocol === 'http:' && loopback)) pages.push({ origin: u.origin, path: DIALOG_PATH });
    } catch {
      // not a URL: only the default stays allowed
    }
  }
  return pages;
}

/** Whether `url` is exactly one of the allowed pages (origin and path; any query). No credentials in the URL. */
export function externalUrlAllowed(url: string, allowed: readonly AllowedPage[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  return allowed.some((a) => u.origin === a.origin && u.pathname === a.path);
}

/** openExternal behind the allow-list: anything else is refused and logged. */
export function guardedOpenExternal(open: (url: string) => Promise<void>, allowed: () => readonly AllowedPage[], log: Logger): (url: string) => Promise<boolean> {
  return async (url) => {
    if (!externalUrlAllowed(url, allowed())) {
      log('warn', `refused to open ${url.slice(0, 200)} in the browser: not an allowed page (only the broker's login page is)`);
      return false;
    }
    await open(url);
    return true;
  };
}

/** What the guards need of a WebContents. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: { preventDefault(): void }, url?: string) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Every web contents: no navigation away from the app, no new windows, no webviews. */
export function guardContents(contents: GuardedContents, log: Logger): void {
  contents.on('will-navigate', (e, url) => { e.preventDefault(); log('warn', `blocked a navigation to ${String(url).slice(0, 200)}`); });
  contents.on('will-redirect', (e, url) => { e.preventDefault(); log('warn', `blocked a redirect to ${String(url).slice(0, 200)}`); });
  contents.on('will-attach-webview', (e) => { e.preventDefault(); log('warn', 'blocked a <webview>'); });
  contents.setWindowOpenHandler(({ url }) => {
    log('warn', `blocked a new window for ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
}

/** What the permission handlers need of an Electron Session. */
export interface PermissionSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** Every permission request and check of the app's session goes through permissionGranted. */
export function installPermissionHandlers(session: PermissionSession, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    const granted = permissionGranted(permission);
    if (!granted) log('warn', `denied a page's request for the '${permission}' permission`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission) => permissionGranted(permission));
}

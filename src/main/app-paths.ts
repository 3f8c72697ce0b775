// Where the app's own files are. One answer for the source tree, the installed npm package and
// the Electron package: this module sits two folders below the app root both as source
// (src/main/app-paths.ts) and bundled (every chunk of out/main/ is flat there), and the root is
// the checkout, <prefix>/lib/node_modules/optick, or <process.resourcesPath>/app.asar
// (= app.getAppPath() in a packaged app; Electron's fs reads inside the asar).
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

export interface AppLayout {
  root: string;
  /** resources/: trading-hours templates, icons. */
  resources: string;
  tradingHours: string;
  /** The built renderer (served to browsers, loaded by the desktop window). */
  renderer: string;
  rendererIndex: string;
  /** The Electron preload (CommonJS, sandboxed). */
  preload: string;
  /** The tray icon; the alert variant carries a badge (rendered from resources/icon.svg). */
  trayIcon(alert?: boolean): string;
  /** The window icon (Linux; macOS and Windows take the bundle's icon). */
  windowIcon: string;
}

export function appLayout(root: string = APP_ROOT): AppLayout {
  const resources = join(root, 'resources');
  return {
    root,
    resources,
    tradingHours: join(resources, 'trading-hours'),
    renderer: join(root, 'out', 'renderer'),
    rendererIndex: join(root, 'out', 'renderer', 'index.html'),
    preload: join(root, 'out', 'preload', 'index.cjs'),
    trayIcon: (alert = false) => join(resources, 'icons', alert ? 'tray-alert.png' : 'tray.png'),
    windowIcon: join(resources, 'icons', 'png', '512x512.png'),
  };
}

// The Electron host: the thin adapter between Electron and the desktop logic in desktop/
// (window, tray, menus, close-to-tray, crash reload, login item, local API, security — all
// unit-tested there with a fake surface), plus a MessagePort per renderer to the engine.
// Runtime: electron-main. Everything below it (engine, runtime, desktop/) is plain Node.
import { app, BrowserWindow, ipcMain, Menu, MessageChannelMain, nativeImage, net, Notification, powerMonitor, protocol, safeStorage, screen, session, shell, Tray, type MenuItemConstructorOptions } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { appLayout, type AppLayout } from '../app-paths.ts';
import { consoleLogger, type Logger } from '../engine/log.ts';
import { Notices } from '../engine/notices.ts';
import { createDispatcher } from './api-dispatch.ts';
import { loadApiToken } from './api-token.ts';
import { ClientHub } from './client-hub.ts';
import { newNonce, pageWithNonce, rendererCsp } from './csp.ts';
import { electronNotifier } from './electron-notify.ts';
import { DesktopHost, type DesktopFeeds, type DesktopSurface, type HostWindow } from './desktop/desktop-host.ts';
import { LocalApi } from './desktop/local-api.ts';
import { electronLoginItem, xdgAutostart } from './desktop/login-item.ts';
import { guardContents, guardedOpenExternal, installPermissionHandlers, loginPages } from './desktop/security.ts';
import { DesktopStore } from './desktop/settings.ts';
import { openElectronSecrets } from './electron-secrets.ts';
import { ElectronTradingHoursStore } from './electron-hours-store.ts';
import { bridgePort, isTrustedRendererUrl } from './port-bridge.ts';
import { DEFAULT_UNDERLYINGS, startRuntime, type OptickRuntime } from './runtime.ts';
import { claimDataDir } from './instance-lock.ts';
import { startServerHost } from './server.ts';

const log = consoleLogger('optick-electron');
/** How long Quit waits for the engine to flush and stop. */
const STOP_DEADLINE_MS = 5000;

/** `--feed upstox` or `--feed=upstox` on the command line; the simulator otherwise. */
function feedFromArgv(argv: readonly string[]): string {
  const eq = argv.find((a) => a.startsWith('--feed='));
  if (eq) return eq.slice('--feed='.length);
  const i = argv.indexOf('--feed');
  return i >= 0 ? argv[i + 1] ?? 'sim' : 'sim';
}

function electronSurface(layout: AppLayout, devUrl: string | undefined): DesktopSurface {
  return {
    platform: process.platform,
    productName: 'Optick',
    version: app.getVersion(),
    dev: !app.isPackaged,
    // The one place a BrowserWindow is made: the options (safe webPreferences) come from desktop/security.ts.
    createWindow: (options) => {
      const win = new BrowserWindow(options);
      const host: HostWindow = {
        on: (event: string, listener: (...args: never[]) => void) => win.on(event as 'close', listener as () => void),
        once: (event, listener) => win.once(event, listener),
        show: () => win.show(),
        hide: () => win.hide(),
        focus: () => win.focus(),
        isVisible: () => win.isVisible(),
        isMaximized: () => win.isMaximized(),
        isDestroyed: () => win.isDestroyed(),
        maximize: () => win.maximize(),
        getNormalBounds: () => win.getNormalBounds(),
        loadApp: () => { void (devUrl ? win.loadURL(devUrl) : win.loadFile(layout.rendererIndex)); },
        contents: win.webContents as unknown as HostWindow['contents'],
      };
      return host;
    },
    createTray: (icon) => {
      const tray = new Tray(nativeImage.createFromPath(icon));
      return {
        setImage: (path) => tray.setImage(nativeImage.createFromPath(path)),
        setToolTip: (text) => tray.setToolTip(text),
        setMenu: (items, onAction) => tray.setContextMenu(Menu.buildFromTemplate(items.map((i) => ({
          type: i.type, label: i.label, enabled: i.enabled ?? true, checked: i.checked,
          ...(i.action && { click: () => onAction(i.action!) }),
        })))),
        onClick: (listener) => { tray.on('click', listener); },
        destroy: () => tray.destroy(),
      };
    },
    setApplicationMenu: (template, about) => {
      app.setAboutPanelOptions(about);
      Menu.setApplicationMenu(Menu.buildFromTemplate(template as MenuItemConstructorOptions[]));
    },
    notify: (title, body) => { if (Notification.isSupported()) new Notification({ title, body }).show(); },
    openPath: (path) => shell.openPath(path),
    workAreas: () => {
      const primary = screen.getPrimaryDisplay();
      return [primary.workArea, ...screen.getAllDisplays().filter((d) => d.id !== primary.id).map((d) => d.workArea)];
    },
    quit: () => app.quit(),
  };
}

function feedsOf(runtime: OptickRuntime): DesktopFeeds {
  const { engine, hours } = runtime;
  const forced = (feed: string) => hours.scheduler.status().feeds.find((f) => f.feed === feed)?.forced ?? null;
  return {
    status: () => engine.status(),
    onStatus: (listener) => engine.onStatus(listener),
    paused: (feed) => forced(feed) === 'disconnect',
    pause: () => { for (const feed of hours.scheduler.feeds()) hours.scheduler.force(feed, 'disconnect'); },
    resume: () => { for (const feed of hours.scheduler.feeds()) hours.scheduler.force(feed, null); },
  };
}

function loginItemFor(): ReturnType<typeof electronLoginItem> {
  // A packaged app starts itself; `npm start` is electron + the checkout's path.
  const args = app.isPackaged ? [] : [app.getAppPath()];
  if (process.platform === 'linux') return xdgAutostart(process.env.APPIMAGE || process.execPath, args);
  return electronLoginItem(app, process.execPath, args);
}

function withDeadline(p: Promise<unknown>, ms: number, what: string, logger: Logger): Promise<unknown> {
  return Promise.race([p, new Promise((resolve) => setTimeout(() => { logger('warn', `${what} did not finish within ${ms} ms; quitting anyway`); resolve(undefined); }, ms).unref())]);
}

/**
 * The renderer page as the server host sends it: a fresh CSP nonce per load in its meta tags and
 * the same policy as a header. Every other file: URL is fetched as it is.
 */
function fileUrlPath(url: string): string {
  try {
    return fileURLToPath(url.split(/[?#]/)[0]!);
  } catch {
    return ''; // not a local path: never the page
  }
}

function servePageWithNonce(layout: AppLayout): void {
  try {
    protocol.handle('file', (request) => {
      const path = fileUrlPath(request.url);
      if (path !== layout.rendererIndex) return net.fetch(request, { bypassCustomProtocolHandlers: true });
      const nonce = newNonce();
      return new Response(pageWithNonce(readFileSync(path, 'utf8'), nonce), {
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': rendererCsp(nonce) },
      });
    });
  } catch (err) {
    // The meta tag still holds the policy (with the build's placeholder as its nonce).
    log('warn', `could not serve the page with a per-load CSP nonce: ${(err as Error).message}`);
  }
}

export async function runElectronHost(): Promise<void> {
  // Every renderer sandboxed, whatever its webPreferences say (security checklist).
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) { app.quit(); return; }
  await app.whenReady();
  // app.getAppPath(): the checkout under `npm start`, <resources>/app.asar when packaged.
  const layout = appLayout(app.getAppPath());
  const rendererUrl = pathToFileURL(layout.rendererIndex).href;
  const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  installPermissionHandlers(session.defaultSession, log);
  servePageWithNonce(layout);
  // Any web contents, however made: no navigation, no new windows, no webviews.
  app.on('web-contents-created', (_e, contents) => guardContents(contents as unknown as Parameters<typeof guardContents>[0], log));

  const dataDir = app.getPath('userData');
  // As `optick serve` does: umask 077, private files, and no second Optick (a serve pointed at
  // this folder included) on the same data directory. The lock is released on exit.
  try {
    claimDataDir(dataDir, { log });
  } catch (err) {
    log('error', (err as Error).message);
    app.exit(2);
    return;
  }
  let runtime: OptickRuntime;
  try {
    const upstoxRestBase = () => runtime?.upstox.settings().rest_base;
    // One notices owner from the start, so an unusable secrets file shows in the app's banner too.
    const notices = new Notices(log);
    runtime = await startRuntime({
      notices,
      dataDir,
      resourcesDir: layout.resources,
      // `npm start -- --feed upstox` streams from Upstox; the simulator otherwise.
      feed: feedFromArgv(process.argv) === 'upstox' ? { kind: 'upstox' } : { kind: 'sim' },
      underlyings: DEFAULT_UNDERLYINGS,
      // On the simulator a first run opens on today's history so far (sim/backfill.ts).
      history: { backfill: true },
      secrets: openElectronSecrets(dataDir, safeStorage, log, notices),
      hoursRepository: (builtIns) => new ElectronTradingHoursStore(builtIns, log),
      // The one external page the app opens: the broker's login dialog, through the allow-list.
      openUrl: guardedOpenExternal((url) => shell.openExternal(url), () => loginPages(upstoxRestBase()), log),
    }, log);
  } catch (err) {
    log('error', `engine failed to start: ${(err as Error).stack ?? err}`);
    app.exit(1);
    return;
  }
  // Sleep/resume and clock changes: the trading-hours plan is recomputed from the clock.
  powerMonitor.on('resume', () => runtime.hours.scheduler.resync('system resume'));

  const store = new DesktopStore(dataDir, log);
  // The same server host as `optick serve` (router, token file), for scripts and browser tabs.
  const api = new LocalApi({
    start: (port) => startServerHost({ engine: runtime.engine, hours: runtime.hours.api, upstox: runtime.upstox, token: loadApiToken(dataDir), port, rendererDir: layout.renderer, log }),
    token: () => loadApiToken(dataDir),
    tokenFile: join(dataDir, 'api-token'),
    log,
  });
  const desktop = new DesktopHost({
    surface: electronSurface(layout, devUrl), layout, store, api, dataDir, log,
    feeds: feedsOf(runtime),
    // The alerts service (issue 11): tray entries, "Pause alerts" and the icon badge until seen.
    alerts: runtime.alerts ?? null,
    loginItem: loginItemFor(),
  });
  const hub = new ClientHub(runtime.engine, createDispatcher({ engine: runtime.engine, hours: runtime.hours.api, upstox: runtime.upstox, desktop }), log);

  ipcMain.on('optick:connect', (event) => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedRendererUrl(url, rendererUrl, devUrl)) {
      log('warn', `refused an engine port to an untrusted frame: ${url}`);
      return;
    }
    const { port1, port2 } = new MessageChannelMain();
    bridgePort(hub, {
      post: (frame) => port1.postMessage(frame),
      onMessage: (listener) => port1.on('message', (e) => listener(e.data)),
      onClose: (listener) => port1.on('close', listener),
    });
    port1.start();
    event.sender.postMessage('optick:port', null, [port2]);
  });

  await desktop.start();
  // Alert firings as OS notifications; a click brings the window up on that contract.
  runtime.alerts?.addNotifier(electronNotifier(Notification, {
    showContract: (entry) => { desktop.showWindow(); runtime.alerts?.focus(entry); },
  }, log));
  app.on('second-instance', () => desktop.showWindow());
  app.on('activate', () => desktop.showWindow());
  // Only reached with close-to-tray off (otherwise closing hides the window).
  app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });
  let stopping = false;
  app.on('before-quit', (e) => {
    desktop.beforeQuit();
    if (stopping) return;
    stopping = true;
    e.preventDefault();
    log('info', 'quitting: stopping the local API and the engine');
    hub.close();
    void withDeadline(desktop.stop().then(() => runtime.stop()), STOP_DEADLINE_MS, 'stopping the engine', log)
      .catch((err) => log('error', `stopping: ${(err as Error).message}`))
      .finally(() => app.exit(0));
  });
}

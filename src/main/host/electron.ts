// The Electron host: window, tray, and a MessagePort per renderer to the engine.
// Runtime: electron-main. Everything below it (engine, runtime) is plain Node.
import { app, BrowserWindow, ipcMain, Menu, MessageChannelMain, nativeImage, Notification, powerMonitor, safeStorage, shell, Tray } from 'electron';
import { pathToFileURL } from 'node:url';
import { appLayout } from '../app-paths.ts';
import { consoleLogger } from '../engine/log.ts';
import { createDispatcher } from './api-dispatch.ts';
import { ClientHub } from './client-hub.ts';
import { electronNotifier } from './electron-notify.ts';
import { openElectronSecrets } from './electron-secrets.ts';
import { ElectronTradingHoursStore } from './electron-hours-store.ts';
import { bridgePort, isTrustedRendererUrl } from './port-bridge.ts';
import { DEFAULT_UNDERLYINGS, startRuntime, type OptickRuntime } from './runtime.ts';

const log = consoleLogger('optick-electron');

/** `--feed upstox` or `--feed=upstox` on the command line; the simulator otherwise. */
function feedFromArgv(argv: readonly string[]): string {
  const eq = argv.find((a) => a.startsWith('--feed='));
  if (eq) return eq.slice('--feed='.length);
  const i = argv.indexOf('--feed');
  return i >= 0 ? argv[i + 1] ?? 'sim' : 'sim';
}

export async function runElectronHost(): Promise<void> {
  if (!app.requestSingleInstanceLock()) { app.quit(); return; }
  await app.whenReady();
  // app.getAppPath(): the checkout under `npm start`, <resources>/app.asar when packaged.
  const layout = appLayout(app.getAppPath());
  const rendererIndex = layout.rendererIndex;
  const rendererUrl = pathToFileURL(rendererIndex).href;
  const devUrl = process.env.ELECTRON_RENDERER_URL;

  let runtime: OptickRuntime;
  try {
    const dataDir = app.getPath('userData');
    runtime = await startRuntime({
      dataDir,
      resourcesDir: layout.resources,
      // `npm start -- --feed upstox` streams from Upstox; the simulator otherwise.
      feed: feedFromArgv(process.argv) === 'upstox' ? { kind: 'upstox' } : { kind: 'sim' },
      underlyings: DEFAULT_UNDERLYINGS,
      secrets: openElectronSecrets(dataDir, safeStorage, log),
      hoursRepository: (builtIns) => new ElectronTradingHoursStore(builtIns, log),
      openUrl: (url) => shell.openExternal(url).then(() => true, () => false),
    }, log);
  } catch (err) {
    log('error', `engine failed to start: ${(err as Error).stack ?? err}`);
    app.exit(1);
    return;
  }
  const hub = new ClientHub(runtime.engine, createDispatcher({ engine: runtime.engine, hours: runtime.hours.api, upstox: runtime.upstox }), log);
  // Sleep/resume and clock changes: the trading-hours plan is recomputed from the clock.
  powerMonitor.on('resume', () => runtime.hours.scheduler.resync('system resume'));

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

  const createWindow = (): BrowserWindow => {
    const win = new BrowserWindow({
      width: 1600,
      height: 960,
      backgroundColor: '#0d1117',
      title: 'Optick',
      icon: layout.windowIcon,
      show: false,
      webPreferences: {
        preload: layout.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    win.once('ready-to-show', () => win.show());
    win.webContents.on('will-navigate', (e) => e.preventDefault());
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    if (devUrl) void win.loadURL(devUrl);
    else void win.loadFile(rendererIndex);
    return win;
  };
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });

  let win = createWindow();
  // Alert firings as OS notifications; a click brings the window up on that contract.
  runtime.alerts?.addNotifier(electronNotifier(Notification, {
    showContract: (entry) => { if (win.isDestroyed()) win = createWindow(); win.show(); win.focus(); runtime.alerts?.focus(entry); },
  }, log));
  const tray = new Tray(nativeImage.createFromPath(layout.trayIcon()));
  tray.setToolTip('Optick');
  tray.setContextMenu(Menu.buildFromTemplate([
    { label: 'Show Optick', click: () => { if (win.isDestroyed()) win = createWindow(); win.show(); } },
    { type: 'separator' },
    { label: 'Quit', click: () => app.quit() },
  ]));
  app.on('second-instance', () => { if (win.isDestroyed()) win = createWindow(); win.show(); win.focus(); });
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) win = createWindow(); });
  app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });
  app.on('before-quit', () => {
    hub.close();
    void runtime.stop();
  });
}

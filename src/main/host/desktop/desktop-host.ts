// The desktop app's behaviour, on a small surface of Electron (DesktopSurface) so it runs and is
// tested under plain Node with a fake one; electron.ts implements the surface with the real
// BrowserWindow, Tray, Menu, Notification and shell. The engine keeps running whatever the
// window does: closed to the tray, crashed, hung or reloaded.
import type { DesktopSettings, DesktopState } from '../../../shared/desktop.ts';
import type { EngineStatus } from '../../../shared/status.ts';
import type { AppLayout } from '../../app-paths.ts';
import type { Logger } from '../../engine/log.ts';
import { aboutPanel, appMenuTemplate, type AboutPanel, type AppMenuItem } from './app-menu.ts';
import { onWindowClose } from './close-to-tray.ts';
import { applyLoginItem, type LoginItem } from './login-item.ts';
import type { LocalApi } from './local-api.ts';
import { watchRenderer, type WatchedContents, type WatchdogOptions } from './renderer-watchdog.ts';
import { guardContents, mainWindowOptions, type GuardedContents, type WindowOptions } from './security.ts';
import { validateSettingsPatch, type DesktopStore } from './settings.ts';
import { trayIconKind, trayMenu, trayTooltip, type TrayAction, type TrayAlertsSummary, type TrayItem, type TrayState } from './tray-model.ts';
import { keepWindowState, restoreBounds, type Rect, type Timers, type TrackedWindow } from './window-state.ts';

export interface HostWindow extends TrackedWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'show' | 'hide' | 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  hide(): void;
  focus(): void;
  isVisible(): boolean;
  maximize(): void;
  /** Loads the renderer (the built index.html, or the dev server under `npm start` with HMR). */
  loadApp(): void;
  readonly contents: WatchedContents & GuardedContents;
}

export interface HostTray {
  setImage(path: string): void;
  setToolTip(text: string): void;
  setMenu(items: TrayItem[], onAction: (action: TrayAction) => void): void;
  onClick(listener: () => void): void;
  destroy(): void;
}

export interface DesktopSurface {
  readonly platform: NodeJS.Platform;
  readonly productName: string;
  readonly version: string;
  /** `npm start` (devtools in the View menu); false in a package. */
  readonly dev: boolean;
  createWindow(options: WindowOptions): HostWindow;
  createTray(icon: string): HostTray;
  setApplicationMenu(template: AppMenuItem[], about: AboutPanel): void;
  notify(title: string, body: string): void;
  /** Opens a folder in the file manager; resolves with an error text, '' when it worked (shell.openPath). */
  openPath(path: string): Promise<string>;
  /** Work areas of the displays, the primary first. */
  workAreas(): Rect[];
  quit(): void;
}

/** The feeds as the tray shows and controls them (the engine's status + the trading-hours scheduler). */
export interface DesktopFeeds {
  status(): EngineStatus;
  onStatus(listener: (status: EngineStatus) => void): () => void;
  /** Held disconnected by "Pause feeds". */
  paused(feed: string): boolean;
  pause(): void;
  resume(): void;
}

/** The alerts service as the tray uses it (h11's AlertService has these methods). */
export interface DesktopAlerts {
  summary(): TrayAlertsSummary;
  setPaused(paused: boolean): unknown;
  markSeen(): unknown;
  onSummary(listener: (summary: TrayAlertsSummary) => void): () => void;
}

export interface DesktopHostDeps {
  surface: DesktopSurface;
  layout: AppLayout;
  store: DesktopStore;
  feeds: DesktopFeeds;
  alerts?: DesktopAlerts | null;
  api: LocalApi;
  loginItem: LoginItem;
  dataDir: string;
  log: Logger;
  timers?: Timers;
  watchdog?: WatchdogOptions;
}

export class DesktopHost {
  #win: HostWindow | null = null;
  #tray: HostTray | null = null;
  #quitting = false;
  #lastMenu = '';
  #lastIcon = '';
  #off: (() => void)[] = [];

  readonly d: DesktopHostDeps;

  constructor(deps: DesktopHostDeps) {
    this.d = deps;
  }

  get quitting(): boolean { return this.#quitting; }

  /** Menu, window, tray, login item and the local API. */
  async start(): Promise<void> {
    const { surface, log } = this.d;
    surface.setApplicationMenu(appMenuTemplate({ platform: surface.platform, productName: surface.productName, version: surface.version, dev: surface.dev }), aboutPanel(surface.productName, surface.version));
    this.#win = this.#createWindow();
    this.#tray = surface.createTray(this.d.layout.trayIcon());
    this.#tray.onClick(() => this.showWindow());
    this.#off.push(this.d.feeds.onStatus(() => this.refreshTray()));
    if (this.d.alerts) this.#off.push(this.d.alerts.onSummary(() => this.refreshTray()));
    this.refreshTray();
    try {
      applyLoginItem(this.d.loginItem, this.d.store.settings.start_at_login);
    } catch (err) {
      log('error', `start at login: ${(err as Error).message}`);
    }
    await this.d.api.apply(this.d.store.settings);
  }

  window(): HostWindow | null {
    return this.#win;
  }

  /** Shows (re-creating it if it was destroyed) and focuses the window; the alerts are then seen. */
  showWindow(): void {
    if (!this.#win || this.#win.isDestroyed()) this.#win = this.#createWindow();
    this.#win.show();
    this.#win.focus();
    this.d.alerts?.markSeen();
    this.refreshTray();
  }

  toggleWindow(): void {
    if (this.#win && !this.#win.isDestroyed() && this.#win.isVisible()) this.#win.hide();
    else this.showWindow();
    this.refreshTray();
  }

  /** before-quit: from now on closing the window closes it. */
  beforeQuit(): void {
    this.#quitting = true;
  }

  async stop(): Promise<void> {
    for (const off of this.#off.splice(0)) off();
    this.#tray?.destroy();
    this.#tray = null;
    await this.d.api.close();
  }

  /** The contract's desktop.get. */
  state(): DesktopState {
    return {
      settings: { ...this.d.store.settings },
      api: this.d.api.status(),
      version: this.d.surface.version,
      data_dir: this.d.dataDir,
      login_item_supported: this.d.loginItem.supported,
    };
  }

  /** The contract's desktop.set: saved, then applied (login item now, the API restarted on its port). */
  async set(patch: unknown): Promise<DesktopState> {
    const change = validateSettingsPatch(patch);
    const before: DesktopSettings = { ...this.d.store.settings };
    const after = this.d.store.update(change);
    if (after.start_at_login !== before.start_at_login) applyLoginItem(this.d.loginItem, after.start_at_login);
    if (after.api_enabled !== before.api_enabled || after.api_port !== before.api_port || this.d.api.status().state === 'failed') await this.d.api.apply(after);
    return this.state();
  }

  trayState(): TrayState {
    const status = this.d.feeds.status();
    const win = this.#win;
    return {
      windowVisible: !!win && !win.isDestroyed() && win.isVisible(),
      feeds: status.feeds.map((f) => ({ feed: f.feed, state: f.state, paused: this.d.feeds.paused(f.feed) })),
      ticksPerSec: status.ticks_per_s,
      alerts: this.d.alerts ? this.d.alerts.summary() : null,
    };
  }

  refreshTray(): void {
    const tray = this.#tray;
    if (!tray) return;
    const s = this.trayState();
    tray.setToolTip(trayTooltip(s));
    const items = trayMenu(s);
    const key = JSON.stringify(items);
    if (key !== this.#lastMenu) {
      this.#lastMenu = key;
      tray.setMenu(items, (a) => this.#onTrayAction(a));
    }
    const icon = this.d.layout.trayIcon(trayIconKind(s) === 'alert');
    if (icon !== this.#lastIcon) {
      this.#lastIcon = icon;
      tray.setImage(icon);
    }
  }

  #onTrayAction(action: TrayAction): void {
    const { feeds, alerts, surface, log } = this.d;
    switch (action) {
      case 'toggle-window': this.toggleWindow(); return;
      case 'show-alerts': this.showWindow(); return;
      case 'pause-feeds': feeds.pause(); log('info', 'feeds paused from the tray'); break;
      case 'resume-feeds': feeds.resume(); log('info', 'feeds resumed from the tray'); break;
      case 'pause-alerts': alerts?.setPaused(true); break;
      case 'resume-alerts': alerts?.setPaused(false); break;
      case 'open-data-folder':
        void surface.openPath(this.d.dataDir).then((err) => { if (err) log('warn', `could not open the data folder ${this.d.dataDir}: ${err}`); });
        return;
      case 'quit': surface.quit(); return;
    }
    this.refreshTray();
  }

  #createWindow(): HostWindow {
    const { surface, layout, store, log } = this.d;
    const restored = restoreBounds(store.window, surface.workAreas());
    const { maximized, ...bounds } = restored;
    const win = surface.createWindow(mainWindowOptions(bounds, { preload: layout.preload, icon: layout.windowIcon }));
    guardContents(win.contents, log);
    watchRenderer(win.contents, log, this.d.watchdog);
    keepWindowState(win, (s) => store.saveWindow(s), this.d.timers);
    win.on('close', (e) => {
      onWindowClose(e, win, {
        enabled: () => store.settings.close_to_tray,
        quitting: () => this.#quitting,
        noticeShown: () => store.trayNoticeShown,
        markNoticeShown: () => store.markTrayNoticeShown(),
        notify: (title, body) => surface.notify(title, body),
      });
    });
    win.on('show', () => this.refreshTray());
    win.on('hide', () => this.refreshTray());
    win.on('closed', () => this.refreshTray());
    win.once('ready-to-show', () => {
      if (maximized) win.maximize();
      win.show();
    });
    win.loadApp();
    return win;
  }
}

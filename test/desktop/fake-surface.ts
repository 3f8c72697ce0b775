// A fake Electron for the desktop host: windows, web contents, tray, menus and notifications
// that record what the host did and let a test fire the events Electron would.
import { EventEmitter } from 'node:events';
import type { EngineStatus } from '../../src/shared/status.ts';
import type { DesktopAlerts, DesktopFeeds, DesktopSurface, HostTray, HostWindow } from '../../src/main/host/desktop/desktop-host.ts';
import type { AboutPanel, AppMenuItem } from '../../src/main/host/desktop/app-menu.ts';
import type { LoginItem } from '../../src/main/host/desktop/login-item.ts';
import type { WindowOptions } from '../../src/main/host/desktop/security.ts';
import type { TrayAction, TrayAlertsSummary, TrayItem } from '../../src/main/host/desktop/tray-model.ts';
import type { Rect, Timers } from '../../src/main/host/desktop/window-state.ts';
import type { Logger, LogLevel } from '../../src/main/engine/log.ts';

export class FakeTimers implements Timers {
  now = 0;
  #next = 1;
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown { const id = this.#next++; this.pending.set(id, { at: this.now + ms, fn }); return id; }
  clearTimeout(h: unknown): void { this.pending.delete(h as number); }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = until;
  }
}

export class FakeContents extends EventEmitter {
  reloads = 0;
  crashes = 0;
  destroyed = false;
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  reload(): void { this.reloads++; }
  forcefullyCrashRenderer(): void { this.crashes++; this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 }); }
  isDestroyed(): boolean { return this.destroyed; }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }): void { this.openHandler = h; }
}

export class FakeWindow extends EventEmitter implements HostWindow {
  visible = false;
  destroyed = false;
  maximized = false;
  loaded = 0;
  bounds: Rect;
  readonly contents = new FakeContents();
  readonly options: WindowOptions;
  constructor(options: WindowOptions) {
    super();
    this.options = options;
    this.bounds = { x: options.x, y: options.y, width: options.width, height: options.height };
  }
  show(): void { if (!this.visible) { this.visible = true; this.emit('show'); } }
  hide(): void { if (this.visible) { this.visible = false; this.emit('hide'); } }
  focus(): void {}
  isVisible(): boolean { return this.visible; }
  isMaximized(): boolean { return this.maximized; }
  isDestroyed(): boolean { return this.destroyed; }
  maximize(): void { this.maximized = true; this.emit('maximize'); }
  getNormalBounds(): Rect { return { ...this.bounds }; }
  loadApp(): void { this.loaded++; }
  /** The user closes the window: 'close' (preventable), then it is destroyed unless prevented. */
  userClose(): 'hidden' | 'closed' {
    let prevented = false;
    this.emit('close', { preventDefault: () => { prevented = true; } });
    if (prevented) return 'hidden';
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
    return 'closed';
  }
  moveTo(b: Rect): void { this.bounds = { ...b }; this.emit('move'); this.emit('resize'); }
}

export class FakeTray implements HostTray {
  image = '';
  tooltip = '';
  items: TrayItem[] = [];
  menus = 0;
  destroyed = false;
  #onAction: ((a: TrayAction) => void) | null = null;
  #onClick: (() => void) | null = null;
  constructor(icon: string) { this.image = icon; }
  setImage(path: string): void { this.image = path; }
  setToolTip(text: string): void { this.tooltip = text; }
  setMenu(items: TrayItem[], onAction: (a: TrayAction) => void): void { this.items = items; this.menus++; this.#onAction = onAction; }
  onClick(l: () => void): void { this.#onClick = l; }
  destroy(): void { this.destroyed = true; }
  labels(): string[] { return this.items.filter((i) => i.type !== 'separator').map((i) => i.label!); }
  /** Clicks the menu item with this label (or the first that starts with it). */
  click(label: string): void {
    const item = this.items.find((i) => i.label === label) ?? this.items.find((i) => i.label?.startsWith(label));
    if (!item?.action) throw new Error(`no clickable tray item '${label}' in ${JSON.stringify(this.labels())}`);
    this.#onAction!(item.action);
  }
  clickIcon(): void { this.#onClick?.(); }
}

export class FakeSurface implements DesktopSurface {
  readonly platform: NodeJS.Platform;
  readonly productName = 'Optick';
  readonly version = '9.8.7';
  readonly dev = false;
  readonly windows: FakeWindow[] = [];
  readonly trays: FakeTray[] = [];
  readonly notifications: { title: string; body: string }[] = [];
  readonly opened: string[] = [];
  menu: AppMenuItem[] = [];
  about: AboutPanel | null = null;
  quits = 0;
  areas: Rect[] = [{ x: 0, y: 0, width: 1920, height: 1040 }];
  constructor(platform: NodeJS.Platform = 'linux') { this.platform = platform; }
  createWindow(options: WindowOptions): FakeWindow { const w = new FakeWindow(options); this.windows.push(w); return w; }
  createTray(icon: string): FakeTray { const t = new FakeTray(icon); this.trays.push(t); return t; }
  setApplicationMenu(template: AppMenuItem[], about: AboutPanel): void { this.menu = template; this.about = about; }
  notify(title: string, body: string): void { this.notifications.push({ title, body }); }
  async openPath(path: string): Promise<string> { this.opened.push(path); return ''; }
  workAreas(): Rect[] { return this.areas; }
  quit(): void { this.quits++; }
  get window(): FakeWindow { return this.windows[this.windows.length - 1]!; }
  get tray(): FakeTray { return this.trays[0]!; }
}

export function status(feeds: { feed: string; state: EngineStatus['feeds'][number]['state'] }[], ticksPerSec: number): EngineStatus {
  return {
    uptime_ms: 1000, ticks_per_s: ticksPerSec, underlyings: [], notices: [],
    feeds: feeds.map((f) => ({ feed: f.feed, state: f.state, message: null, subscribed: {}, frames_received: 0, ticks_received: 0, ticks_processed: 0, ticks_dropped: 0, decode_errors: 0, reconnects: 0, last_tick_age_ms: null, segments: {}, rejected: {}, fields_dropped: {}, crossed_quotes: 0, frames_rejected: {} })),
  } as EngineStatus;
}

export class FakeFeeds implements DesktopFeeds {
  current: EngineStatus = status([{ feed: 'sim', state: 'connected' }], 1520);
  readonly held = new Set<string>();
  readonly listeners = new Set<(s: EngineStatus) => void>();
  status(): EngineStatus { return this.current; }
  onStatus(l: (s: EngineStatus) => void): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }
  paused(feed: string): boolean { return this.held.has(feed); }
  pause(): void { for (const f of this.current.feeds) this.held.add(f.feed); }
  resume(): void { this.held.clear(); }
  push(s: EngineStatus): void { this.current = s; for (const l of this.listeners) l(s); }
}

export class FakeAlerts implements DesktopAlerts {
  s: TrayAlertsSummary = { armed: 0, paused: false, unseen: false, last: [] };
  seen = 0;
  readonly listeners = new Set<(s: TrayAlertsSummary) => void>();
  summary(): TrayAlertsSummary { return this.s; }
  setPaused(paused: boolean): void { this.emit({ ...this.s, paused }); }
  markSeen(): void { this.seen++; this.emit({ ...this.s, unseen: false }); }
  onSummary(l: (s: TrayAlertsSummary) => void): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }
  emit(s: TrayAlertsSummary): void { this.s = s; for (const l of this.listeners) l(s); }
}

export class FakeLoginItem implements LoginItem {
  readonly supported = true;
  on = false;
  sets: boolean[] = [];
  get(): boolean { return this.on; }
  set(v: boolean): void { this.on = v; this.sets.push(v); }
}

export function recordingLogger(): Logger & { lines: { level: LogLevel; message: string }[] } {
  const lines: { level: LogLevel; message: string }[] = [];
  const log = ((level: LogLevel, message: string) => { lines.push({ level, message }); }) as Logger & { lines: typeof lines };
  log.lines = lines;
  return log;
}

// The main window's size, position and maximised state, remembered across runs. Restoring
// never puts the window off every screen (a monitor unplugged since): then it opens at the
// default size on the primary display. Saving is debounced; the last state is flushed on close.

export interface Rect { x: number; y: number; width: number; height: number }
export interface WindowState extends Rect { maximized: boolean }

export const DEFAULT_SIZE = Object.freeze({ width: 1600, height: 960 });
export const MIN_SIZE = Object.freeze({ width: 1024, height: 640 });
/** How much of the title bar must be on a work area for saved bounds to be used. */
const VISIBLE = { width: 120, height: 40 };

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Where the window opens. `workAreas[0]` is the primary display's. Saved bounds are kept when
 * their title bar is on some display (size clamped to that display); otherwise the default size,
 * clamped to the primary display and centred on it.
 */
export function restoreBounds(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  if (saved && saved.width > 0 && saved.height > 0) {
    const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: VISIBLE.height };
    const area = workAreas.find((a) => { const o = overlap(titleBar, a); return o.width >= Math.min(VISIBLE.width, saved.width) && o.height >= VISIBLE.height / 2; });
    if (area) {
      return {
        x: saved.x, y: saved.y,
        width: Math.max(MIN_SIZE.width, Math.min(saved.width, area.width)),
        height: Math.max(MIN_SIZE.height, Math.min(saved.height, area.height)),
        maximized: saved.maximized,
      };
    }
  }
  const width = Math.min(DEFAULT_SIZE.width, primary.width), height = Math.min(DEFAULT_SIZE.height, primary.height);
  return {
    x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2),
    width, height, maximized: saved?.maximized ?? false,
  };
}

/** What the keeper needs of a BrowserWindow. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => { const t = setTimeout(fn, ms); t.unref?.(); return t; },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Saves the window's normal (un-maximised) bounds and maximised flag after each change settles. */
export function keepWindowState(win: TrackedWindow, save: (state: WindowState) => void, timers: Timers = realTimers, debounceMs = 500): void {
  let pending: unknown = null;
  const snapshot = (): WindowState | null => (win.isDestroyed() ? null : { ...win.getNormalBounds(), maximized: win.isMaximized() });
  const flush = () => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = null;
    const s = snapshot();
    if (s) save(s);
  };
  const later = () => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = timers.setTimeout(flush, debounceMs);
  };
  for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(e, later);
  win.on('close', flush);
}

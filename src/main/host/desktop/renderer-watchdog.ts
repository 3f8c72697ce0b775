// A crashed or hung renderer is reloaded while the engine keeps running: the window's page
// reconnects to the engine (a new MessagePort) and resyncs from snapshots. Each event is logged.
// A renderer that keeps crashing is reloaded at most `maxReloads` times per `windowMs`, then
// left alone (logged) rather than looping.
import type { Logger } from '../../engine/log.ts';
import { realTimers, type Timers } from './window-state.ts';

export interface GoneDetails { reason: string; exitCode: number }

/** What the watchdog needs of a WebContents. */
export interface WatchedContents {
  on(event: 'render-process-gone', listener: (event: unknown, details: GoneDetails) => void): unknown;
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
  reload(): void;
  forcefullyCrashRenderer(): void;
  isDestroyed(): boolean;
}

export interface WatchdogOptions {
  /** How long a hang lasts before the renderer is killed and reloaded. */
  hangMs?: number;
  maxReloads?: number;
  windowMs?: number;
  now?: () => number;
  timers?: Timers;
}

export function watchRenderer(contents: WatchedContents, log: Logger, o: WatchdogOptions = {}): void {
  const hangMs = o.hangMs ?? 15_000, maxReloads = o.maxReloads ?? 3, windowMs = o.windowMs ?? 60_000;
  const now = o.now ?? Date.now, timers = o.timers ?? realTimers;
  const reloads: number[] = [];
  let hang: unknown = null;
  let gaveUp = false;

  const reload = (why: string): void => {
    if (contents.isDestroyed()) return;
    const t = now();
    while (reloads.length && reloads[0]! <= t - windowMs) reloads.shift();
    if (reloads.length >= maxReloads) {
      if (!gaveUp) log('error', `renderer: ${why}; it was reloaded ${reloads.length} times in ${Math.round(windowMs / 1000)} s, so it is left as it is (the engine keeps running; View → Reload or reopen the window)`);
      gaveUp = true;
      return;
    }
    reloads.push(t);
    gaveUp = false;
    log('error', `renderer: ${why}; reloading the window (the engine keeps running)`);
    contents.reload();
  };

  contents.on('render-process-gone', (_e, details) => {
    if (hang !== null) { timers.clearTimeout(hang); hang = null; }
    if (details.reason === 'clean-exit') return;
    reload(`the renderer process is gone (${details.reason}, exit code ${details.exitCode})`);
  });
  contents.on('unresponsive', () => {
    log('warn', `renderer: the window is not responding; reloading it if it still hangs in ${Math.round(hangMs / 1000)} s`);
    if (hang !== null) timers.clearTimeout(hang);
    hang = timers.setTimeout(() => {
      hang = null;
      if (contents.isDestroyed()) return;
      // Killing it fires render-process-gone ('killed'), whose handler reloads.
      log('error', `renderer: still not responding after ${Math.round(hangMs / 1000)} s; killing it`);
      contents.forcefullyCrashRenderer();
    }, hangMs);
  });
  contents.on('responsive', () => {
    if (hang === null) return;
    timers.clearTimeout(hang);
    hang = null;
    log('info', 'renderer: the window responds again');
  });
}

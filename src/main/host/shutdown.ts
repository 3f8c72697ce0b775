// How `optick serve` ends: on SIGINT, SIGTERM or SIGHUP (or when the launcher that started it
// is gone), it stops serving, flushes the tick writer within a deadline (3 s: what is not
// committed by then is dropped, counted and logged), closes the store, releases the data
// directory lock, and exits. It never hangs: a hard timer ends the process if a part does not
// stop, and a second signal exits at once.
import { readFileSync } from 'node:fs';
import type { Logger } from '../engine/log.ts';

export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number] | 'parent-exited';

/**
 * The launcher (scripts/start.mjs, bin/optick.mjs under npm) passes its PID in OPTICK_PARENT_PID:
 * when that process is gone without a signal reaching us (kill -9, npm not forwarding SIGHUP),
 * we are orphaned and stop as if told to.
 */
export const PARENT_PID_ENV = 'OPTICK_PARENT_PID';
/** Another ancestor to outlive not (npm above the `sh -c` of an npm script). */
export const WATCH_PID_ENV = 'OPTICK_WATCH_PID';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true;
  }
}

export interface Stoppable {
  host: { close(): Promise<void> };
  runtime: { stop(options?: { deadlineMs?: number }): Promise<void> };
  /** Released last (the data directory lock). */
  lock?: { release(): void };
}

/**
 * Resolves with the first shutdown signal (or 'parent-exited'). Its handlers stay installed, so
 * a signal that arrives before shutdown() installs its own (startup still running) is absorbed
 * instead of killing the process with the lock left behind.
 */
export function shutdownRequested(env: NodeJS.ProcessEnv = process.env): Promise<ShutdownSignal> {
  return new Promise((resolve) => {
    let watch: ReturnType<typeof setInterval> | null = null;
    let first: ShutdownSignal | null = null;
    const done = (s: ShutdownSignal): void => {
      if (first) return; // a repeat before shutdown() takes over is absorbed, not the default action
      first = s;
      if (watch) clearInterval(watch);
      resolve(s);
    };
    for (const sig of SHUTDOWN_SIGNALS) process.on(sig, () => done(sig));
    const parent = Number(env[PARENT_PID_ENV]);
    const other = Number(env[WATCH_PID_ENV]);
    if (Number.isInteger(parent) && parent > 1) {
      watch = setInterval(() => {
        if (process.ppid !== parent || (Number.isInteger(other) && other > 1 && !running(other))) done('parent-exited');
      }, 500);
      watch.unref(); // the server keeps the process alive, not this watch (a failed startup still exits)
    }
  });
}

/** Stops everything within `deadlineMs` (+ a grace for the rest) and returns the exit code. */
export async function shutdown(parts: Stoppable, why: ShutdownSignal, log: Logger, deadlineMs = 3000): Promise<number> {
  log('info', `${why}: shutting down (the tick writer flushes within ${deadlineMs} ms)`);
  const now = (sig: string) => (): void => {
    log('warn', `${sig} again: exiting now`);
    parts.lock?.release();
    process.exit(130);
  };
  for (const sig of SHUTDOWN_SIGNALS) process.once(sig, now(sig));
  const hard = setTimeout(() => {
    log('error', `shutdown did not finish within ${deadlineMs + 3000} ms; exiting anyway`);
    parts.lock?.release();
    process.exit(1);
  }, deadlineMs + 3000);
  hard.unref();
  // Open client connections (a long export, keep-alive) must not hold the store open.
  await Promise.race([parts.host.close().catch((e: Error) => log('warn', `closing the server: ${e.message}`)), new Promise((r) => setTimeout(r, 1000).unref())]);
  try {
    await parts.runtime.stop({ deadlineMs });
  } catch (e) {
    log('error', `shutdown: ${(e as Error).stack ?? e}`);
    return 1;
  } finally {
    clearTimeout(hard);
    parts.lock?.release();
  }
  log('info', 'stopped');
  return 0;
}

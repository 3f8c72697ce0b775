// Which bar a timestamp falls in. Intraday bars are aligned to the session open in the
// exchange's zone (NSE 5m: 09:15, 09:20, …; 1h: 09:15, 10:15, …, 15:15 which is a short bar
// ending at the close); the 1d bar is the trading day and is stamped with the session open.
// The session is half-open: [open, close). Anything outside it has no bar (returns null).
// Runtime: std.
import type { CandleInterval } from '../../../shared/history.ts';
import { SessionClock, type SessionSpec } from './session.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Length of each intraday interval in ms; '1d' is the session, not a fixed length. */
export const INTERVAL_MS: Readonly<Record<Exclude<CandleInterval, '1d'>, number>> = Object.freeze({
  '1s': SECOND, '5s': 5 * SECOND, '15s': 15 * SECOND, '30s': 30 * SECOND,
  '1m': MINUTE, '3m': 3 * MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE, '1h': 60 * MINUTE,
});

/** 0 for '1d', else the interval's length in ms. */
export function intervalMs(interval: CandleInterval): number {
  return interval === '1d' ? 0 : INTERVAL_MS[interval];
}

/** Start of the bar that `tsMs` falls in, given the exchange day's session open/close; null outside [open, close). */
export function bucketIn(tsMs: number, lengthMs: number, open: number, close: number): number | null {
  if (tsMs < open || tsMs >= close) return null;
  if (lengthMs === 0) return open;
  return open + Math.floor((tsMs - open) / lengthMs) * lengthMs;
}

const clocks = new WeakMap<SessionSpec, SessionClock>();

/** The cached clock for a session spec object (keep the spec object stable to keep the cache warm). */
export function clockFor(session: SessionSpec): SessionClock {
  let c = clocks.get(session);
  if (!c) {
    c = new SessionClock(session);
    clocks.set(session, c);
  }
  return c;
}

/** Start (epoch ms) of the `interval` bar containing `tsMs`, or null when `tsMs` is outside the session. */
export function bucketStart(tsMs: number, interval: CandleInterval, session: SessionSpec): number | null {
  const day = clockFor(session).day(tsMs);
  return bucketIn(tsMs, intervalMs(interval), day.open, day.close);
}

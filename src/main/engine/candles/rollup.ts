// Chart history: 1-minute bars from the store rolled up to any interval of 1m or more, and the
// live bar merged onto the end. Runtime: std.
import type { Candle, CandleInterval } from '../../../shared/history.ts';
import { bucketStart } from './bucket.ts';
import type { SessionSpec } from './session.ts';

const SUB_MINUTE: ReadonlySet<CandleInterval> = new Set(['1s', '5s', '15s', '30s']);

export function isSubMinute(interval: CandleInterval): boolean {
  return SUB_MINUTE.has(interval);
}

/**
 * Rolls 1-minute bars (ascending by time, session-aligned, as the store keeps them) up to
 * `interval`: open of the first, max high, min low, close of the last, summed volume, last OI.
 * Bars outside the session are skipped. Sub-minute intervals cannot come from 1m bars: throws.
 */
export function rollUp(minuteBars: Iterable<Candle>, interval: CandleInterval, session: SessionSpec): Candle[] {
  if (isSubMinute(interval)) throw new RangeError(`cannot roll 1m bars up to ${interval}: build it from ticks`);
  const out: Candle[] = [];
  let cur: Candle | null = null;
  for (const b of minuteBars) {
    const start = bucketStart(b.time, interval, session);
    if (start === null) continue;
    if (cur !== null && cur.time === start) {
      if (b.high > cur.high) cur.high = b.high;
      if (b.low < cur.low) cur.low = b.low;
      cur.close = b.close;
      cur.volume += b.volume;
      if (b.oi !== null) cur.oi = b.oi;
      continue;
    }
    if (cur !== null && start < cur.time) throw new RangeError(`1m bars out of order: ${b.time} after a bar at ${cur.time}`);
    cur = { time: start, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, oi: b.oi };
    out.push(cur);
  }
  return out;
}

/**
 * Appends the live bar to stored history without a seam. Same start time: the stored bar began
 * earlier or equal, so it keeps the open; highs/lows combine; close and OI come from live; volume is
 * the larger of the two (both count the same ticks from the bar's start, one may have started later).
 * A live bar older than the last stored one is ignored. Returns a new array; inputs are not changed.
 */
export function mergeLive(history: readonly Candle[], live: Candle | null): Candle[] {
  const out = history.slice();
  if (live === null) return out;
  const last = out[out.length - 1];
  const copy: Candle = { time: live.time, open: live.open, high: live.high, low: live.low, close: live.close, volume: live.volume, oi: live.oi };
  if (last === undefined || live.time > last.time) {
    out.push(copy);
  } else if (live.time === last.time) {
    out[out.length - 1] = {
      time: last.time, open: last.open,
      high: Math.max(last.high, live.high), low: Math.min(last.low, live.low),
      close: live.close, volume: Math.max(last.volume, live.volume), oi: live.oi ?? last.oi,
    };
  }
  return out;
}

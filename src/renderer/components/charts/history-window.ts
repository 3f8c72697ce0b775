// How far back a chart loads history for each interval: a few hundred to a couple of thousand
// bars, enough to fill a wide chart and scroll back a little without a slow first paint.
import type { CandleInterval } from '../../../shared/history.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const HISTORY_SPAN_MS: Readonly<Record<CandleInterval, number>> = {
  '1s': 30 * MINUTE,
  '5s': 2 * HOUR,
  '15s': 6 * HOUR,
  '30s': 12 * HOUR,
  '1m': 2 * DAY,
  '3m': 5 * DAY,
  '5m': 7 * DAY,
  '15m': 20 * DAY,
  '30m': 40 * DAY,
  '1h': 90 * DAY,
  '1d': 730 * DAY,
};

/** [from, to) for `history.candles`: the span back from now, to one day past now (the live bar is in). */
export function historyWindow(interval: CandleInterval, nowMs: number): { from: number; to: number } {
  return { from: Math.floor(nowMs - HISTORY_SPAN_MS[interval]), to: Math.floor(nowMs + DAY) };
}

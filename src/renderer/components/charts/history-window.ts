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

/**
 * [from, to) for `history.candles`, ending with the bar that starts at `anchorMs`: the live bar's
 * start (in a replay that is the replay clock, not the wall clock), else now. Bars after it are
 * not asked for, so a replay never shows the rest of its day ahead of the live bar.
 */
export function historyWindow(interval: CandleInterval, anchorMs: number): { from: number; to: number } {
  return { from: Math.floor(anchorMs - HISTORY_SPAN_MS[interval]), to: Math.floor(anchorMs) + 1 };
}

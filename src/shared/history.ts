// History the UI and the local API read: candle bars and CSV export requests.
// Runtime: std (no node, no DOM, no electron).

/** Bar intervals the aggregator keeps; intraday ones are aligned to the session open. */
export const CANDLE_INTERVALS = ['1s', '5s', '15s', '30s', '1m', '3m', '5m', '15m', '30m', '1h', '1d'] as const;
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];

export function isCandleInterval(value: string): value is CandleInterval {
  return (CANDLE_INTERVALS as readonly string[]).includes(value);
}

/**
 * One bar, as `GET /api/candles` returns it.
 * `time` is the bar's START, epoch ms UTC (a 5m bar stamped 09:20 IST covers 09:20:00.000–09:24:59.999;
 * a 1d bar is stamped with the session open, 09:15 IST for NSE).
 */
export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Traded in the bar: differences of the cumulative day volume (0 when the feed carries none, e.g. an index). */
  volume: number;
  /** Open interest at the bar's last update; null when the instrument has none. */
  oi: number | null;
}

export type ExportKind = 'ticks' | 'candles' | 'chain';

/** What `/api/export/<kind>.csv` and `optick export` ask for. Times are epoch ms UTC, `to` exclusive. */
export interface ExportRequest {
  kind: ExportKind;
  from: number;
  to: number;
  /** Instrument keys (e.g. 'NSE_INDEX|Nifty 50'); or pick a whole chain with `underlying` (+ `expiry`). */
  instruments?: string[];
  underlying?: string;
  /** 'YYYY-MM-DD'; with `underlying`, every contract of that expiry. */
  expiry?: string;
  /** Required for kind 'candles'. */
  interval?: CandleInterval;
}

/** Progress of a running export, reported at most every few thousand rows. */
export interface ExportProgress {
  rows: number;
  bytes: number;
  /** Epoch ms of the last row written (how far through [from, to) the export is). */
  lastTs: number | null;
}

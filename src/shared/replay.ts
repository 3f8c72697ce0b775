// Contract of tick history in the running app: chart candles (history + live bar), CSV export
// jobs, store health, and replay controls. Merged into ApiMethods / PushEvent in api.ts.
// Runtime: std (no node, no DOM, no electron).
import type { Candle, CandleInterval, ExportKind } from './history.ts';
import type { MetricsPoint, MetricsRequest } from './metrics.ts';

/** A chart: an OpenAlgo symbol (NIFTY23NOV2626000CE) or an underlying name (NIFTY), and an interval. */
export interface ChartRef {
  symbol: string;
  interval: CandleInterval;
}

/** `time` of every bar is its START, epoch ms UTC; [from, to) in epoch ms. */
export interface CandlesRequest extends ChartRef {
  from: number;
  to: number;
}

/** What `history.watch_candles` answers: the live bar now (null before the first tick in session). */
export interface WatchedChart extends ChartRef {
  /** The venue key the symbol resolved to, e.g. 'NSE_INDEX|Nifty 50'. */
  instrument: string;
  bar: Candle | null;
}

/** `history.export`: like ExportRequest, but instruments may be OpenAlgo symbols or underlying names. */
export interface ExportJobRequest {
  kind: ExportKind;
  from: number;
  to: number;
  /** OpenAlgo symbols, underlying names or instrument keys. */
  symbols?: string[];
  underlying?: string;
  expiry?: string;
  interval?: CandleInterval;
}

export interface ExportJobProgress {
  id: string;
  rows: number;
  bytes: number;
  done: boolean;
  /** Why the export failed or 'cancelled'; null while running and on success. */
  error: string | null;
  /** Absolute path of the CSV being written under <dataDir>/exports/. */
  file: string;
}

/** Store health: overflow (dropped) must be visible. */
/**
 * recording: ticks reach ticks.db. stopped: writes fail (disk full, I/O error); every batch retries
 * and recording resumes by itself, the ticks meanwhile are counted (store.failed). off: the store
 * could not be opened (damaged and moved aside, permissions): no history until `action` is done.
 * replay: a replay records nothing.
 */
export type RecordingState = 'recording' | 'stopped' | 'off' | 'replay';

export interface HistoryStatus {
  /** true only in state 'recording'. */
  recording: boolean;
  recording_state: RecordingState;
  /** Why not recording (with the file and SQLite's code), null while recording. */
  reason: string | null;
  /** What the user can do about it, null while recording. */
  action: string | null;
  /** Epoch ms recording stopped (state 'stopped'), else null. */
  stopped_since: number | null;
  file: string;
  /** null when not recording. */
  store: {
    pending: number; in_flight: number; appended: number; written: number;
    dropped: number; rejected: number; duplicates: number; failed: number;
    batches: number; last_batch_ms: number | null; snapshots: number; last_error: string | null;
  } | null;
  candles: { ticks: number; accepted: number; late: number; late_dropped: number; out_of_session: number; invalid: number };
  watched_charts: number;
  chain_snapshots_taken: number;
  exports_running: number;
}

export type ReplaySpeed = 1 | 10 | 100 | 'max';
export type ReplayState = 'playing' | 'paused' | 'ended';

export interface ReplayStatus {
  state: ReplayState;
  speed: ReplaySpeed;
  from: number;
  to: number;
  /** Replay clock: the exchange time played up to, epoch ms. */
  position: number;
  ticks_played: number;
}

export type ReplayControl =
  | { action: 'play' }
  | { action: 'pause' }
  | { action: 'seek'; to: number }
  | { action: 'speed'; speed: ReplaySpeed };

export interface HistoryMethods {
  /** Bars for a chart: stored history merged with the live bar. Unknown symbol → not_found. */
  'history.candles': { req: CandlesRequest; res: Candle[] };
  /** From now on this client gets `candle` pushes for the chart (at most one per flush interval). */
  'history.watch_candles': { req: ChartRef; res: WatchedChart };
  'history.unwatch_candles': { req: ChartRef; res: Record<string, never> };
  'history.status': { req: Record<string, never>; res: HistoryStatus };
  /**
   * After ticks.db was found damaged and moved aside (history.status recording_state 'off'):
   * start a new empty store and record again. bad_request while a store is open (a healthy
   * ticks.db is never replaced).
   */
  'history.new_store': { req: Record<string, never>; res: HistoryStatus };
  /**
   * Intraday metric history of one chain (one point a minute, oldest first): PCR, max pain, ATM IV,
   * straddle, total OI per side, spot and forward. Range over 31 days → bad_request; unknown
   * underlying or expiry → not_found.
   */
  'history.metrics': { req: MetricsRequest; res: MetricsPoint[] };
  /** Starts writing a CSV under <dataDir>/exports/; progress comes as `export.progress` pushes. */
  'history.export': { req: ExportJobRequest; res: { id: string; file: string } };
  'history.export_cancel': { req: { id: string }; res: Record<string, never> };
  /** not_found outside `optick serve --replay`. */
  'replay.status': { req: Record<string, never>; res: ReplayStatus };
  'replay.control': { req: ReplayControl; res: ReplayStatus };
}

export type HistoryPushEvent =
  /**
   * The chart's live bar (time = bar START). `closed`: the previous bar's final state, present
   * only when that bar closed with changes not yet pushed. At most one push per chart per flush.
   */
  | { type: 'candle'; symbol: string; interval: CandleInterval; bar: Candle; closed?: Candle }
  | ({ type: 'export.progress' } & ExportJobProgress);

// Signals on options flow: the shapes the renderer, the local API (/api/signals, SSE
// `event: signal`) and scripts see. Field names are snake_case (a public API); `type`,
// `symbol`, `time` and `figures` are the contract the issue names. Runtime: std.

export const SIGNAL_TYPES = [
  'volume_spike', 'price_move', 'spread_tightening', 'spread_widening', 'fair_value_divergence', 'oi_spike', 'iv_jump',
] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

export interface Signal {
  /** Per signals.db, increasing in the order the signals fired. */
  id: number;
  type: SignalType;
  /** OpenAlgo option symbol, e.g. NIFTY23NOV2626000CE. */
  symbol: string;
  instrument_key: string;
  underlying: string;
  /** Exchange time of the tick (or pricing sweep) that fired it, epoch ms. */
  time: number;
  /** Which way the watched value moved: up (rise, widening, rich) or down. */
  direction: 'up' | 'down';
  /** The numbers that triggered it (see README "Signals" for each type's figures). */
  figures: Record<string, number | null>;
  message: string;
}

/** Thresholds of one underlying (every field has a default; see DEFAULT_THRESHOLDS). */
export interface SignalThresholds {
  /** Minimum time between two signals of one type on one contract, ms. */
  cooldown_ms: number;
  /** volume_spike: window length, ms. */
  volume_window_ms: number;
  /** volume_spike: how many completed windows the rolling mean covers (and must have been seen). */
  volume_windows: number;
  /** volume_spike: the window's volume ≥ k × the rolling mean … */
  volume_k: number;
  /** … and ≥ this many lots. */
  volume_min_lots: number;
  /** price_move: window, ms. */
  price_window_ms: number;
  /** price_move: |premium change| ≥ this % of the premium a window ago … */
  price_move_pct: number;
  /** … and ≥ this many ticks. */
  price_move_min_ticks: number;
  /** spread_*: the median is over this many one-second samples (and needs them all). */
  spread_median_samples: number;
  /** spread_tightening: spread ≤ median − this many ticks … */
  spread_tight_ticks: number;
  /** … and ≤ median × (1 − pct/100). */
  spread_tight_pct: number;
  /** spread_widening: spread ≥ median + this many ticks … */
  spread_wide_ticks: number;
  /** … and ≥ median × (1 + pct/100). */
  spread_wide_pct: number;
  /** fair_value_divergence: |mid (else LTP) − fair| ≥ this many ticks … */
  fair_value_ticks: number;
  /** … and ≥ this % of the fair value. */
  fair_value_pct: number;
  /** oi_spike: window, ms. */
  oi_window_ms: number;
  /** oi_spike: |ΔOI| in the window ≥ this % of the OI a window ago … */
  oi_spike_pct: number;
  /** … and ≥ this many lots. */
  oi_min_lots: number;
  /** iv_jump: window, ms. */
  iv_window_ms: number;
  /** iv_jump: |ΔIV| ≥ this many vol points (1 = 0.01 of IV). */
  iv_jump_points: number;
}

export const DEFAULT_THRESHOLDS: Readonly<SignalThresholds> = Object.freeze({
  cooldown_ms: 60_000,
  volume_window_ms: 60_000,
  volume_windows: 20,
  volume_k: 3,
  volume_min_lots: 20,
  price_window_ms: 60_000,
  price_move_pct: 10,
  price_move_min_ticks: 4,
  spread_median_samples: 60,
  spread_tight_ticks: 2,
  spread_tight_pct: 40,
  spread_wide_ticks: 2,
  spread_wide_pct: 100,
  fair_value_ticks: 5,
  fair_value_pct: 10,
  oi_window_ms: 60_000,
  oi_spike_pct: 5,
  oi_min_lots: 100,
  iv_window_ms: 60_000,
  iv_jump_points: 2,
});

export interface SignalQuery {
  underlying?: string;
  type?: SignalType;
  /** Epoch ms: signals at or after this exchange time. */
  since?: number;
  /** Newest first, at most this many (default 500, at most 10,000). */
  limit?: number;
}

export interface SignalsMethods {
  'signals.list': { req: SignalQuery; res: Signal[] };
  /** Thresholds in force per underlying (defaults merged with what was set). */
  'signals.thresholds': { req: Record<string, never>; res: Record<string, SignalThresholds> };
  /** Changes some thresholds of one underlying (kept in signals.db). */
  'signals.set_thresholds': { req: { underlying: string; thresholds: Partial<SignalThresholds> }; res: SignalThresholds };
  /** The signals as CSV (as GET /api/signals.csv), oldest first. */
  'signals.export_csv': { req: SignalQuery; res: { filename: string; csv: string } };
  /** Makes an alert rule from a signal (README: which rule each type gives). */
  'signals.to_alert_rule': { req: { id: number }; res: { rule_id: string; symbol: string; field: string; op: string; level: number } };
}

export interface SignalPushEvent {
  type: 'signal';
  signal: Signal;
}

// Intraday chain-metric history: one point a minute per open chain, taken with the chain
// snapshots the tick store keeps. Served by `history.metrics` and GET /api/metrics.
// Runtime: std.

/** One minute's metrics of one chain (underlying × expiry), as the chain model had them. */
export interface MetricsPoint {
  /** Snapshot time, epoch ms UTC. */
  ts: number;
  /** Underlying spot LTP. */
  spot: number | null;
  /** Forward the chain priced with (put-call parity or future). */
  forward: number | null;
  /** Whole-expiry PCR(OI) = Σ put OI / Σ call OI over every strike (NSE's definition). */
  pcr: number | null;
  /** Whole-expiry PCR of today's volume. */
  pcr_volume: number | null;
  /** Whole-expiry max pain. */
  max_pain: number | null;
  /** IV of the ATM strike, decimal. */
  atm_iv: number | null;
  /** ATM call + put premium. */
  atm_straddle: number | null;
  /** Whole-expiry Σ call OI and Σ put OI. */
  total_ce_oi: number | null;
  total_pe_oi: number | null;
  /** The ATM ±20 twins (null in points stored before they existed). */
  pcr_shown: number | null;
  max_pain_shown: number | null;
}

/** `history.metrics` / GET /api/metrics: [from, to) of at most METRICS_MAX_RANGE_MS. Times: epoch ms, ISO-8601, or 'YYYY-MM-DD[ HH:MM]' IST. */
export interface MetricsRequest {
  underlying: string;
  /** 'YYYY-MM-DD'. Unknown (neither listed nor in history) → not_found. */
  expiry: string;
  from: number | string;
  to: number | string;
}

/** Longest range one metrics request may span: 31 days (longer → bad_request). */
export const METRICS_MAX_RANGE_MS = 31 * 86_400_000;

/** CSV columns of /api/metrics.csv, in order (ts as ISO-8601 UTC and epoch ms). */
export const METRICS_CSV_COLUMNS = [
  'time', 'ts', 'underlying', 'expiry', 'spot', 'forward', 'pcr', 'pcr_volume', 'max_pain', 'atm_iv', 'atm_straddle', 'total_ce_oi', 'total_pe_oi', 'pcr_shown', 'max_pain_shown',
] as const;

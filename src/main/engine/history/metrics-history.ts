// Intraday metric history: the chain snapshots' metrics (stored once a minute with each
// snapshot) as MetricsPoints, and their CSV. Pure (std runtime).
import { METRICS_CSV_COLUMNS, METRICS_MAX_RANGE_MS, type MetricsPoint } from '../../../shared/metrics.ts';
import { BadRequestError } from '../engine.ts';

/** One stored snapshot's head and metrics JSON → a point; a field absent from older snapshots is null. */
export function metricsPoint(row: { ts: number; underlyingLtp: number | null; forward: number | null; metrics: string }): MetricsPoint {
  let m: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.metrics);
    if (parsed && typeof parsed === 'object') m = parsed as Record<string, unknown>;
  } catch {
    // A damaged metrics cell keeps the point's time, spot and forward; its metrics stay null.
  }
  const n = (k: string): number | null => (typeof m[k] === 'number' && Number.isFinite(m[k]) ? (m[k] as number) : null);
  return {
    ts: row.ts, spot: row.underlyingLtp, forward: row.forward,
    pcr: n('pcr'), pcr_volume: n('pcr_volume'), max_pain: n('max_pain'), atm_iv: n('atm_iv'), atm_straddle: n('atm_straddle'),
    total_ce_oi: n('total_ce_oi'), total_pe_oi: n('total_pe_oi'), pcr_shown: n('pcr_shown'), max_pain_shown: n('max_pain_shown'),
  };
}

/** Refuses a range longer than METRICS_MAX_RANGE_MS (31 days). */
export function checkMetricsRange(from: number, to: number): void {
  if (to - from > METRICS_MAX_RANGE_MS) {
    throw new BadRequestError(`metrics range ${((to - from) / 86_400_000).toFixed(1)} days is over the 31-day limit; ask for at most 31 days at a time`);
  }
}

const cell = (v: string | number | null): string => (v === null ? '' : String(v));

/** The points as CSV (header + one line per point), columns METRICS_CSV_COLUMNS. */
export function metricsCsv(underlying: string, expiry: string, points: readonly MetricsPoint[]): string {
  const lines = [METRICS_CSV_COLUMNS.join(',')];
  for (const p of points) {
    lines.push([
      new Date(p.ts).toISOString(), p.ts, underlying, expiry, p.spot, p.forward, p.pcr, p.pcr_volume, p.max_pain, p.atm_iv, p.atm_straddle,
      p.total_ce_oi, p.total_pe_oi, p.pcr_shown, p.max_pain_shown,
    ].map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}

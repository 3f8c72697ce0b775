// Per-underlying signal thresholds: the defaults merged with what was set, and the check a
// change must pass (a refused field names itself).
import { DEFAULT_THRESHOLDS, type SignalThresholds } from '../../../shared/signals.ts';
import { FieldError } from '../field-error.ts';

export class ThresholdError extends FieldError {
  override name = 'ThresholdError';
}

const INTEGER_FIELDS = new Set<keyof SignalThresholds>(['volume_windows', 'spread_median_samples']);
const WINDOW_FIELDS = new Set<keyof SignalThresholds>(['volume_window_ms', 'price_window_ms', 'oi_window_ms', 'iv_window_ms']);

/** Validates a partial set of thresholds; returns it with only known fields. */
export function parseThresholds(raw: unknown): Partial<SignalThresholds> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ThresholdError('thresholds', 'must be an object of threshold → number');
  const out: Partial<SignalThresholds> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!Object.hasOwn(DEFAULT_THRESHOLDS, k)) throw new ThresholdError(k, `unknown threshold; known: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}`);
    const key = k as keyof SignalThresholds;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ThresholdError(k, `must be a number ≥ 0, got ${JSON.stringify(v)}`);
    if (INTEGER_FIELDS.has(key) && (!Number.isInteger(v) || v < 1 || v > 3600)) throw new ThresholdError(k, `must be a whole number 1..3600, got ${v}`);
    if (WINDOW_FIELDS.has(key) && (v < 100 || v > 86_400_000)) throw new ThresholdError(k, `must be 100 ms .. 1 day, got ${v}`);
    out[key] = v;
  }
  return out;
}

export function mergeThresholds(set: Partial<SignalThresholds> | undefined): SignalThresholds {
  return { ...DEFAULT_THRESHOLDS, ...set };
}

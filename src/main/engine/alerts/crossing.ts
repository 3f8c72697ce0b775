// Rule evaluation, pure: a level crossed between two consecutive values, once vs repeat with
// a cooldown, expiry, and the trailing stop's level following the best price. Runtime: std.
import type { RuleOp, TrailSpec } from '../../../shared/alerts.ts';

/**
 * True when the move prev → next crosses `level` in the rule's direction. Reaching the level
 * counts (next === level); leaving from it does not, so a price sitting on the level fires once.
 * A gap through the level (prev far below, next far above) is a crossing.
 */
export function crossed(op: RuleOp, prev: number, next: number, level: number): boolean {
  return op === 'above' ? prev < level && next >= level : prev > level && next <= level;
}

/** The mutable evaluation state of one rule (kept beside the rule, per instrument index). */
export interface RuleRuntime {
  op: RuleOp;
  level: number;
  repeat: boolean;
  cooldownMs: number;
  armed: boolean;
  /** Epoch ms; null = never expires. */
  expiresAt: number | null;
  /** The previous watched value (NaN before the first). */
  prev: number;
  lastFiredAt: number | null;
  /** Trailing stop: spec and the best price seen since creation (NaN before the first); `level` follows it. */
  trail: TrailSpec | null;
  best: number;
}

export type Outcome = 'none' | 'fired' | 'expired';

/**
 * Feeds one value to a rule. Fires on a crossing while armed and out of cooldown; a once rule
 * then disarms. A rule past its expiry disarms without firing. The first value only sets the baseline.
 */
export function evaluate(r: RuleRuntime, value: number, now: number): Outcome {
  if (!r.armed) return 'none';
  if (r.expiresAt !== null && now >= r.expiresAt) { r.armed = false; return 'expired'; }
  const prev = r.prev;
  r.prev = value;
  let out: Outcome = 'none';
  if (prev === prev && crossed(r.op, prev, value, r.level)) {
    if (r.lastFiredAt === null || now - r.lastFiredAt >= r.cooldownMs) {
      r.lastFiredAt = now;
      if (!r.repeat) r.armed = false;
      out = 'fired';
    }
  }
  if (r.trail && out === 'none') {
    // A trailing stop below the price (op 'below') follows new highs; one above follows new lows.
    const better = r.best !== r.best || (r.op === 'below' ? value > r.best : value < r.best);
    if (better) { r.best = value; r.level = trailLevel(r.op, value, r.trail); }
  }
  return out;
}

/** The stop level `trail` behind `best`: below it for a long's stop (op 'below'), above for a short's. */
export function trailLevel(op: RuleOp, best: number, trail: TrailSpec): number {
  const gap = trail.kind === 'points' ? trail.value : (best * trail.value) / 100;
  return op === 'below' ? best - gap : best + gap;
}

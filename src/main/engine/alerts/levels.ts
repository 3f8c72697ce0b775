// Exit levels of a position, pure: stop-loss and target given as an absolute premium, points
// or % from the entry, for long and short positions. Runtime: std.
import type { ExitSpec, PositionSide, RuleOp } from '../../../shared/alerts.ts';

/** The premium at which a stop-loss (or target) of `side` entered at `entry` sits. */
export function exitLevel(which: 'stop_loss' | 'target', side: PositionSide, entry: number, spec: ExitSpec): number {
  if (spec.kind === 'price') return spec.value;
  const gap = spec.kind === 'points' ? spec.value : (entry * spec.value) / 100;
  // A long loses when the premium falls; a short when it rises.
  const down = (which === 'stop_loss') === (side === 'long');
  return down ? entry - gap : entry + gap;
}

/** The direction the premium crosses to hit the exit: a long's stop is below, its target above. */
export function exitOp(which: 'stop_loss' | 'target' | 'trailing_stop', side: PositionSide): RuleOp {
  const isStop = which !== 'target';
  return isStop === (side === 'long') ? 'below' : 'above';
}

export interface ExitProblem {
  field: 'stop_loss' | 'target' | 'trailing_stop';
  message: string;
}

/**
 * What is wrong with a position's exits, or null: a long's stop must sit below its target (a
 * short's above), both on the right side of the entry, and no level may be zero or negative.
 */
export function exitProblem(side: PositionSide, entry: number, sl: ExitSpec | null, target: ExitSpec | null): ExitProblem | null {
  const slLevel = sl ? exitLevel('stop_loss', side, entry, sl) : null;
  const tLevel = target ? exitLevel('target', side, entry, target) : null;
  if (slLevel !== null && !(slLevel >= 0)) return { field: 'stop_loss', message: `stop-loss works out at ${slLevel}, below zero` };
  if (tLevel !== null && !(tLevel > 0)) return { field: 'target', message: `target works out at ${tLevel}, not above zero` };
  if (slLevel !== null && tLevel !== null) {
    if (side === 'long' && slLevel >= tLevel) return { field: 'stop_loss', message: `a long position's stop-loss (${slLevel}) must be below its target (${tLevel})` };
    if (side === 'short' && slLevel <= tLevel) return { field: 'stop_loss', message: `a short position's stop-loss (${slLevel}) must be above its target (${tLevel})` };
  }
  if (slLevel !== null && (side === 'long' ? slLevel >= entry : slLevel <= entry)) {
    return { field: 'stop_loss', message: `a ${side} position's stop-loss (${slLevel}) must be ${side === 'long' ? 'below' : 'above'} its entry (${entry})` };
  }
  if (tLevel !== null && (side === 'long' ? tLevel <= entry : tLevel >= entry)) {
    return { field: 'target', message: `a ${side} position's target (${tLevel}) must be ${side === 'long' ? 'above' : 'below'} its entry (${entry})` };
  }
  return null;
}

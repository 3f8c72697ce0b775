// Which feed mode each subscribed option gets. Near the money a trader watches depth; the
// outer strikes need only the touch and Greeks, which also keeps a chain within Upstox's
// per-mode key limits (limits.ts). Runtime: std.
import type { FeedMode } from '../feed.ts';

export interface ModePlanOptions {
  /** Strikes each side of the subscription centre that get `nearMode` (default 10). */
  depthStrikes: number;
  /** Mode of strikes within `depthStrikes` and of the underlying (default 'depth'). */
  nearMode: FeedMode;
  /** Mode of strikes further out (default 'quote'). */
  outerMode: FeedMode;
}

export const DEFAULT_MODE_PLAN: ModePlanOptions = { depthStrikes: 10, nearMode: 'depth', outerMode: 'quote' };

/**
 * Mode of the strikes of an expiry beyond the subscription window, subscribed only for the
 * whole-expiry metrics (OI, volume, LTP): 'quote' = Upstox option_greeks, the lightest mode
 * that carries volume and OI (ltpc has neither).
 */
export const REST_OF_EXPIRY_MODE: FeedMode = 'quote';

/** The mode of a strike `distance` listed strikes away from the centre (either side). */
export function strikeMode(distance: number, plan: ModePlanOptions): FeedMode {
  return Math.abs(distance) <= plan.depthStrikes ? plan.nearMode : plan.outerMode;
}

/** Instruments per mode in a subscription plan. */
export function countModes(plan: ReadonlyMap<string, FeedMode>): Partial<Record<FeedMode, number>> {
  const counts: Partial<Record<FeedMode, number>> = {};
  for (const m of plan.values()) counts[m] = (counts[m] ?? 0) + 1;
  return counts;
}

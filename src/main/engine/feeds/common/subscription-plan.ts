// Subscription plans, for every venue: which feed mode each subscribed option gets, and how
// open chains share a venue's per-mode limits. Near the money a trader watches depth; the outer
// strikes need only the touch and Greeks, which also keeps a chain within the limits (each
// venue's plan problem, e.g. upstox/mode-plan.ts upstoxPlanProblem). Runtime: std.
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
 * whole-expiry metrics (OI, volume, LTP): 'quote', the lightest mode that carries volume and OI
 * (Upstox option_greeks, OpenAlgo Quote; LTP modes have neither).
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

/** Null when a venue takes this plan; else why not (over which limit). */
export type PlanProblem = (plan: ReadonlyMap<string, FeedMode>) => string | null;

/** One open chain's wants: its window (always) and the rest of its expiry (when it fits). */
export interface ChainWants {
  /** chainId, e.g. 'NIFTY|2026-12-29'. */
  id: string;
  /** The underlying and the strikes around ATM, in their modes. */
  window: ReadonlyMap<string, FeedMode>;
  /** The window plus every other strike of the expiry (REST_OF_EXPIRY_MODE). */
  whole: ReadonlyMap<string, FeedMode>;
}

export interface WholeExpiryPlan {
  wanted: Map<string, FeedMode>;
  /** Chains whose whole expiry is subscribed. */
  whole: string[];
  /** Chains cut back to their window because the whole expiry would pass a limit. */
  cut: string[];
  /** The limit the first cut chain would have passed; null when nothing was cut. */
  reason: string | null;
}

/**
 * Every chain's window first, then each chain's whole expiry in the order given (callers put
 * the most important first: nearest expiries) as long as the plan stays within the limits; a
 * chain whose whole expiry would pass one keeps only its window and is named in `cut`. The
 * plan returned never exceeds a limit unless the windows alone already do (the feed then
 * refuses it and says so).
 */
export function planWholeExpiry(chains: readonly ChainWants[], problem: PlanProblem): WholeExpiryPlan {
  const wanted = new Map<string, FeedMode>();
  for (const c of chains) for (const [k, m] of c.window) wanted.set(k, m);
  const whole: string[] = [];
  const cut: string[] = [];
  let reason: string | null = null;
  for (const c of chains) {
    if (c.whole.size === 0) continue;
    const trial = new Map(wanted);
    for (const [k, m] of c.whole) if (!trial.has(k)) trial.set(k, m);
    const p = problem(trial);
    if (p) { cut.push(c.id); reason ??= p; continue; }
    for (const [k, m] of trial) wanted.set(k, m);
    whole.push(c.id);
  }
  return { wanted, whole, cut, reason };
}

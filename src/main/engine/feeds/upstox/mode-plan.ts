// Upstox's side of the subscription plan: Optick's venue-neutral modes → Upstox V3 modes, and
// whether a plan fits Upstox's per-mode key limits (limits.ts). The plans themselves are
// venue-neutral (common/subscription-plan.ts). Runtime: std.
import type { FeedMode } from '../feed.ts';
import { countVenueModes } from '../common/mode-limits.ts';
import { checkUpstoxLimits, type UpstoxMode } from './limits.ts';

/** How Optick's venue-neutral modes map to Upstox V3 modes (the one mapping; the feed uses it too). */
export const UPSTOX_MODE_OF: Readonly<Record<FeedMode, UpstoxMode>> = { ltp: 'ltpc', quote: 'option_greeks', depth: 'full', depth30: 'full_d30' };

/** Null when the plan fits Upstox's per-mode limits (shared/upstox.ts UPSTOX_LIMITS), else why not. */
export function upstoxPlanProblem(plan: ReadonlyMap<string, FeedMode>): string | null {
  return checkUpstoxLimits(countVenueModes(plan.values(), UPSTOX_MODE_OF));
}

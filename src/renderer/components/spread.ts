// How good a quote's spread is, judged against the option's own price: a 0.50 spread is
// tight on a 400-rupee ATM premium and wide on a 3-rupee wing.
//   tight:  spread ≤ one NSE tick (0.05, cannot be tighter) or ≤ 0.5 % of mid
//   normal: up to 2 % of mid
//   wide:   more than 2 % of mid
// No tier (blank) when either side is missing or the book is crossed.

export type SpreadTier = 'tight' | 'normal' | 'wide';

export const ONE_TICK = 0.05;
export const TIGHT_MAX_FRACTION = 0.005;
export const NORMAL_MAX_FRACTION = 0.02;
/** Float slack so 0.05 computed as 10.15 − 10.10 still counts as one tick. */
const EPSILON = 1e-9;

export function spreadTier(bid: number | null | undefined, ask: number | null | undefined): SpreadTier | null {
  if (bid == null || ask == null || !(bid > 0) || !(ask >= bid)) return null;
  const spread = ask - bid;
  const mid = (ask + bid) / 2;
  if (spread <= ONE_TICK + EPSILON || spread <= TIGHT_MAX_FRACTION * mid + EPSILON) return 'tight';
  return spread <= NORMAL_MAX_FRACTION * mid + EPSILON ? 'normal' : 'wide';
}

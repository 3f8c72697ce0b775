// Which strikes a chain shows and which it subscribes. Runtime: std.
//
// The 41 rows shown are always ATM±20 around the listed strike nearest the underlying,
// so atm_strike is exact. Subscriptions cover a wider window (±(20+margin)) whose centre
// moves only when ATM drifts more than `margin` strikes from it: a price hovering at a
// half-step boundary flips the ATM row but never thrashes subscriptions.
import { CHAIN_HALF_WIDTH, strikeTag } from '../../../shared/chain.ts';

/** Index of the listed strike nearest `price` (ties go to the lower strike). */
export function nearestStrikeIndex(strikes: readonly number[], price: number): number {
  let lo = 0;
  let hi = strikes.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (strikes[mid]! < price) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && price - strikes[lo - 1]! <= strikes[lo]! - price) return lo - 1;
  return lo;
}

export interface VisibleRow {
  strike: number;
  tag: string;
}

/** The rows shown: ATM±halfWidth listed strikes, tagged from the call's side. */
export function visibleRows(strikes: readonly number[], atmIndex: number, halfWidth = CHAIN_HALF_WIDTH): VisibleRow[] {
  const rows: VisibleRow[] = [];
  const from = Math.max(0, atmIndex - halfWidth);
  const to = Math.min(strikes.length - 1, atmIndex + halfWidth);
  for (let i = from; i <= to; i++) rows.push({ strike: strikes[i]!, tag: strikeTag(i - atmIndex) });
  return rows;
}

/**
 * ATM after a price move, with a dead band: the ATM moves to an adjacent strike only once the
 * price is past the midpoint between them by more than `band` (a fraction of that gap), so a
 * forward sitting on the half-step boundary does not flip the ATM row back and forth. Within
 * the band either strike is nearest to within band × step; beyond it the nearest always wins.
 */
export function nextAtmIndex(strikes: readonly number[], current: number, price: number, band: number): number {
  const nearest = nearestStrikeIndex(strikes, price);
  if (current < 0 || current >= strikes.length || Math.abs(nearest - current) !== 1) return nearest;
  const a = strikes[current]!, b = strikes[nearest]!;
  const mid = (a + b) / 2;
  return Math.abs(price - mid) <= band * Math.abs(b - a) ? current : nearest;
}

/** Subscription centre after the ATM moved: unchanged while within `margin` strikes. */
export function nextSubscriptionCentre(centre: number | null, atmIndex: number, margin: number): number {
  if (centre === null || Math.abs(atmIndex - centre) > margin) return atmIndex;
  return centre;
}

/** Strike indices to subscribe around a centre. */
export function subscribedRange(count: number, centre: number, halfWidth: number, margin: number): { from: number; to: number } {
  return { from: Math.max(0, centre - halfWidth - margin), to: Math.min(count - 1, centre + halfWidth + margin) };
}

// Position and book figures, pure: P&L in ₹ and points (lots × lot size), day's change, and the
// book's Greeks from the chain's per-unit Greeks. Runtime: std.
import type { BookTotals, PositionSide } from '../../../shared/alerts.ts';

export interface LegFigures {
  side: PositionSide;
  lots: number;
  lotSize: number;
  entry: number;
}

/** +1 for long, −1 for short. */
export function sideSign(side: PositionSide): 1 | -1 {
  return side === 'long' ? 1 : -1;
}

export function units(leg: LegFigures): number {
  return leg.lots * leg.lotSize;
}

export interface LegPnl {
  points: number;
  pnl: number;
  percent: number;
}

/** P&L of a leg at premium `price`: points per unit, ₹ for the whole position, % of the entry. */
export function legPnl(leg: LegFigures, price: number): LegPnl {
  const points = sideSign(leg.side) * (price - leg.entry);
  return { points, pnl: points * units(leg), percent: leg.entry > 0 ? (points / leg.entry) * 100 : 0 };
}

/** Today's change in the position's value vs the previous close, ₹. */
export function dayChange(leg: LegFigures, price: number, prevClose: number): number {
  return sideSign(leg.side) * (price - prevClose) * units(leg);
}

/** Per-unit Greeks in the chain's units: theta per calendar day, vega per vol point. */
export interface UnitGreeks {
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
}

/** The position's Greeks: units × per-unit Greeks, sign by side (theta ₹/day, vega ₹/vol point). */
export function legGreeks(leg: LegFigures, g: UnitGreeks): UnitGreeks {
  const q = sideSign(leg.side) * units(leg);
  return { delta: q * g.delta, gamma: q * g.gamma, theta: q * g.theta, vega: q * g.vega };
}

/** An underlying (index or stock) position: delta 1 per unit, no other Greeks. */
export const UNDERLYING_GREEKS: UnitGreeks = Object.freeze({ delta: 1, gamma: 0, theta: 0, vega: 0 });

export interface BookLeg {
  id: string;
  pnl: number | null;
  dayChange: number | null;
  greeks: UnitGreeks | null;
}

/** Sums the legs; a leg without a price or Greeks is named in `missing` and left out of that sum. */
export function bookTotals(legs: readonly BookLeg[]): BookTotals {
  const t: BookTotals = { pnl: 0, day_change: 0, delta: 0, gamma: 0, theta: 0, vega: 0, missing: [] };
  for (const l of legs) {
    if (l.pnl === null || l.greeks === null) t.missing.push(l.id);
    if (l.pnl !== null) t.pnl += l.pnl;
    if (l.dayChange !== null) t.day_change += l.dayChange;
    if (l.greeks) { t.delta += l.greeks.delta; t.gamma += l.greeks.gamma; t.theta += l.greeks.theta; t.vega += l.greeks.vega; }
  }
  return t;
}

// Payoff of a book of legs on one underlying, pure: at expiry (intrinsic) and today (Black-76 at
// each leg's current IV, its own time to expiry and forward), breakevens and max profit / loss of
// the expiry payoff. A book over several expiries is drawn at its nearest expiry: the legs
// expiring later are valued then at Black-76 with the time they have left. Runtime: std.
import type { PositionSide } from '../../../shared/alerts.ts';
import type { OptionSide } from '../../../shared/market.ts';
import { black76Price } from '../pricing/black76.ts';
import { sideSign } from './pnl.ts';

export interface PayoffLeg {
  /** Option side, or 'FUT' for the underlying itself (index, stock or future). */
  type: OptionSide | 'FUT';
  strike: number;
  side: PositionSide;
  /** lots × lot size. */
  units: number;
  entry: number;
  /** Today's pricing inputs; null → the leg is valued at intrinsic today too. */
  iv: number | null;
  /** Years to the leg's own expiry. */
  years: number;
  /** Forward ÷ spot of the leg's own expiry chain (carry); PricingToday.basis when absent. */
  basis?: number;
}

export interface PricingToday {
  /** Forward ÷ spot for legs without their own basis, 1 without a forward. */
  basis: number;
  rate: number;
}

export function valueAtExpiry(leg: PayoffLeg, spot: number): number {
  if (leg.type === 'FUT') return spot;
  return Math.max(leg.type === 'CE' ? spot - leg.strike : leg.strike - spot, 0);
}

export function legPayoffAtExpiry(leg: PayoffLeg, spot: number): number {
  return sideSign(leg.side) * leg.units * (valueAtExpiry(leg, spot) - leg.entry);
}

export function bookAtExpiry(legs: readonly PayoffLeg[], spot: number): number {
  let sum = 0;
  for (const l of legs) sum += legPayoffAtExpiry(l, spot);
  return sum;
}

/** The book valued now with each leg at its IV, its own years and forward (Black-76 on spot × its basis); intrinsic for legs without IV. */
export function bookToday(legs: readonly PayoffLeg[], spot: number, p: PricingToday): number {
  return bookAt(legs, spot, 0, p);
}

/**
 * The book valued `horizon` years from now at an underlying price `spot`: each option leg at
 * Black-76 with the time it has left (its forward carried for that time at its chain's carry),
 * at intrinsic once expired or without an IV.
 */
export function bookAt(legs: readonly PayoffLeg[], spot: number, horizon: number, p: PricingToday): number {
  let sum = 0;
  for (const l of legs) {
    let v: number;
    const left = l.years - horizon;
    if (l.type === 'FUT') v = spot;
    else if (l.iv !== null && l.iv > 0 && left > 1e-9) {
      const basis = l.basis ?? p.basis;
      v = black76Price(l.type === 'CE', spot * (horizon > 0 ? basis ** (left / l.years) : basis), l.strike, left, l.iv, p.rate);
    } else v = valueAtExpiry(l, spot);
    sum += sideSign(l.side) * l.units * (v - l.entry);
  }
  return sum;
}

/** The years to the book's nearest option expiry (0 when all expire together or there are no options). */
export function nearestExpiryYears(legs: readonly PayoffLeg[]): number {
  let min = Infinity;
  for (const l of legs) if (l.type !== 'FUT' && l.years < min) min = l.years;
  return min === Infinity ? 0 : Math.max(0, min);
}

/** True when the option legs do not all expire together (the expiry curve then has time value in it). */
export function spansExpiries(legs: readonly PayoffLeg[]): boolean {
  const ys = legs.filter((l) => l.type !== 'FUT').map((l) => l.years);
  return ys.length > 0 && Math.max(...ys) - Math.min(...ys) > 1e-9;
}

/** Breakevens and extremes read off a sampled curve (between samples, linearly); the ends count as extremes. */
export function sampledShape(xs: readonly number[], ys: readonly number[]): ExpiryShape {
  const breakevens: number[] = [];
  for (let i = 0; i + 1 < xs.length; i++) {
    const [x0, x1, y0, y1] = [xs[i]!, xs[i + 1]!, ys[i]!, ys[i + 1]!];
    if (y0 === 0) breakevens.push(x0);
    else if ((y0 < 0 && y1 > 0) || (y0 > 0 && y1 < 0)) breakevens.push(x0 + ((0 - y0) * (x1 - x0)) / (y1 - y0));
  }
  return { breakevens, maxProfit: ys.length ? Math.max(...ys) : null, maxLoss: ys.length ? Math.min(...ys) : null };
}

export interface ExpiryShape {
  breakevens: number[];
  /** null = unlimited. */
  maxProfit: number | null;
  maxLoss: number | null;
}

/**
 * Breakevens and extremes of the expiry payoff. It is piecewise linear with kinks at the strikes,
 * so the zeros are exact between kinks and the extremes sit on a kink, at 0, or at infinity
 * (when the slope beyond the last kink is not zero).
 */
export function expiryShape(legs: readonly PayoffLeg[]): ExpiryShape {
  const kinks = [...new Set(legs.filter((l) => l.type !== 'FUT').map((l) => l.strike))].sort((a, b) => a - b);
  const xs = [0, ...kinks.filter((k) => k > 0)];
  const ys = xs.map((x) => bookAtExpiry(legs, x));
  const last = xs[xs.length - 1]!;
  const farX = last + Math.max(1, last);
  const slopeBeyond = (bookAtExpiry(legs, farX) - ys[ys.length - 1]!) / (farX - last);
  const eps = 1e-9 * Math.max(1, ...ys.map(Math.abs));
  const breakevens: number[] = [];
  const push = (x: number) => { if (!breakevens.some((b) => Math.abs(b - x) < 1e-9)) breakevens.push(x); };
  for (let i = 0; i < xs.length; i++) {
    if (Math.abs(ys[i]!) <= eps && xs[i]! > 0) push(xs[i]!);
    if (i + 1 < xs.length) {
      const [x0, x1, y0, y1] = [xs[i]!, xs[i + 1]!, ys[i]!, ys[i + 1]!];
      if ((y0 < -eps && y1 > eps) || (y0 > eps && y1 < -eps)) push(x0 + ((0 - y0) * (x1 - x0)) / (y1 - y0));
    }
  }
  const yLast = ys[ys.length - 1]!;
  if (Math.abs(slopeBeyond) > 1e-12 && ((yLast < -eps && slopeBeyond > 0) || (yLast > eps && slopeBeyond < 0))) push(last - yLast / slopeBeyond);
  breakevens.sort((a, b) => a - b);
  const maxY = Math.max(...ys);
  const minY = Math.min(...ys);
  return {
    breakevens,
    maxProfit: slopeBeyond > 1e-12 ? null : maxY,
    maxLoss: slopeBeyond < -1e-12 ? null : minY,
  };
}

/** Prices to draw the payoff over: ±`span` around the spot and every strike, `n` steps. */
export function payoffGrid(legs: readonly PayoffLeg[], spot: number | null, n = 121, span = 0.1): number[] {
  const strikes = legs.filter((l) => l.type !== 'FUT').map((l) => l.strike);
  const centre = spot ?? (strikes.length ? strikes.reduce((a, b) => a + b, 0) / strikes.length : 0);
  if (!(centre > 0)) return [];
  const lo = Math.min(centre * (1 - span), ...strikes.map((k) => k * (1 - span / 2)));
  const hi = Math.max(centre * (1 + span), ...strikes.map((k) => k * (1 + span / 2)));
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(lo + ((hi - lo) * i) / (n - 1));
  return out;
}

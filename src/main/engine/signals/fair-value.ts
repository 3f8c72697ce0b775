// Our fair value of an option for the fair-value divergence signal: Black-76 at the IV
// interpolated (linearly in strike) between the nearest strikes below and above that have an
// IV, leaving the contract's own strike out so its own (possibly mispriced) quote cannot set
// its fair value. With neighbours on one side only, the nearest one's IV is used flat.
// Runtime: std.
import { black76Price } from '../pricing/black76.ts';

export interface SmilePoint {
  strike: number;
  iv: number | null;
}

/** IV at `strike` from its neighbours in `smile` (ascending by strike), own strike excluded; null without any. */
export function neighbourIv(smile: readonly SmilePoint[], strike: number): number | null {
  let below: SmilePoint | null = null;
  let above: SmilePoint | null = null;
  for (const p of smile) {
    if (p.iv === null || !(p.iv > 0) || p.strike === strike) continue;
    if (p.strike < strike) below = p;
    else if (!above) above = p;
  }
  if (below && above) {
    const w = (strike - below.strike) / (above.strike - below.strike);
    return below.iv! + w * (above.iv! - below.iv!);
  }
  return (below ?? above)?.iv ?? null;
}

export interface FairInputs {
  isCall: boolean;
  strike: number;
  forward: number;
  years: number;
  rate: number;
}

/** Black-76 value at the neighbours' IV, or null when no neighbour has one. */
export function modelFairValue(smile: readonly SmilePoint[], o: FairInputs): { value: number; iv: number } | null {
  const iv = neighbourIv(smile, o.strike);
  if (iv === null || !(o.forward > 0) || !(o.years > 0)) return null;
  const value = black76Price(o.isCall, o.forward, o.strike, o.years, iv, o.rate);
  return Number.isFinite(value) ? { value, iv } : null;
}

// Black-76 (options on a forward/future: index options) and Black-Scholes-Merton with a
// continuous dividend yield (equity options): premium and sensitivities. Runtime: std.
//
// Units at this boundary (the API's): theta per calendar day (∂V/∂t, negative for a long
// option as time passes, /365), vega per 1 vol point (∂V/∂σ / 100), rho per 1 % rate
// (∂V/∂r / 100). Second order: vanna = change of delta per 1 vol point, charm = change of
// delta per calendar day, vomma = change of vega (per vol point) per 1 vol point.
// The premium is √(F·K)·b(x, σ√T) from the cancellation-free normalised Black function, so a
// deep out-of-the-money premium of 1e-30 keeps its digits.

import { normCdf, normPdf } from './erf.ts';
import { requireFinite, requireNonNegative, requirePositive } from './errors.ts';
import { normalisedBlack } from './normalised-black.ts';

import type { OptionValuation } from '../../../shared/pricing.ts';

export type { OptionValuation };

const DAYS_PER_YEAR = 365;

export function emptyValuation(): OptionValuation {
  return { price: 0, delta: 0, gamma: 0, theta: 0, vega: 0, rho: 0, vanna: 0, charm: 0, vomma: 0 };
}

/**
 * Core on the forward: fills `out` for an option struck at K on forward F (undiscounted
 * dynamics), discount factor df = e^{−rT}, with `carry` = ∂F/∂S·(S/F) handled by the callers.
 * Sensitivities to F (deltaF, gammaF) are written to delta/gamma; callers rescale.
 * No validation: callers validate.
 */
export function valueOnForward(isCall: boolean, F: number, K: number, T: number, sigma: number, df: number, out: OptionValuation): OptionValuation {
  const theta = isCall ? 1 : -1;
  const sqrtT = Math.sqrt(T);
  const s = sigma * sqrtT;
  if (!(T > 0) || !(s > 0)) {
    const intrinsic = Math.max(theta * (F - K), 0);
    out.price = df * intrinsic;
    out.delta = df * (F === K ? 0.5 * theta : intrinsic > 0 ? theta : 0);
    // Zero vol: only an at-the-money option keeps vega (F·√T·φ(0)); gamma is a Dirac mass, reported as 0.
    out.gamma = 0;
    out.vega = F === K && T > 0 ? df * F * sqrtT * normPdf(0) : 0;
    out.theta = 0; // time decay of the undiscounted payoff is zero; callers add carry terms
    out.vanna = 0;
    out.charm = 0;
    out.vomma = 0;
    out.rho = 0;
    return out;
  }
  const x = Math.log(F / K);
  const d1 = x / s + 0.5 * s;
  const d2 = d1 - s;
  const pdf = normPdf(d1);
  out.price = df * Math.sqrt(F) * Math.sqrt(K) * normalisedBlack(x, s, isCall);
  out.delta = df * theta * normCdf(theta * d1);
  out.gamma = df * pdf / (F * s);
  const vega = df * F * pdf * sqrtT; // per 1.00 of vol
  out.vega = vega;
  out.theta = -df * F * pdf * sigma / (2 * sqrtT); // ∂V/∂t at fixed F, per year, before discounting drift
  out.vanna = -df * pdf * d2 / sigma;
  out.charm = df * pdf * d2 / (2 * T); // at fixed F, per year, before discounting drift
  out.vomma = vega * d1 * d2 / sigma;
  out.rho = 0;
  return out;
}

/** Converts raw year/1.00 units to the API's (per day, per vol point, per 1 %). */
function toApiUnits(v: OptionValuation): OptionValuation {
  v.theta /= DAYS_PER_YEAR;
  v.charm /= DAYS_PER_YEAR;
  v.vega /= 100;
  v.vanna /= 100;
  v.vomma /= 10000;
  v.rho /= 100;
  return v;
}

/** Black-76 with forward F fixed and rate r only discounting. Fills `out` (no validation). */
export function black76Into(isCall: boolean, F: number, K: number, T: number, sigma: number, r: number, out: OptionValuation): OptionValuation {
  const tt = T > 0 ? T : 0;
  valueOnForward(isCall, F, K, tt, sigma, Math.exp(-r * tt), out);
  out.theta += r * out.price;
  out.charm += r * out.delta;
  out.rho = -tt * out.price;
  return toApiUnits(out);
}

/**
 * Black-76 premium and Greeks of a European option on a forward/future F.
 * @param T years to expiry (0 = expired: intrinsic value), sigma decimal vol, r continuously compounded rate.
 * @throws PricingInputError naming the offending field.
 */
export function black76(isCall: boolean, F: number, K: number, T: number, sigma: number, r: number): OptionValuation {
  requirePositive('F', F);
  requirePositive('K', K);
  requireNonNegative('T', T);
  requireNonNegative('sigma', sigma);
  requireFinite('r', r);
  return black76Into(isCall, F, K, T, sigma, r, emptyValuation());
}

/**
 * Black-Scholes-Merton premium and Greeks (to spot S) with continuous dividend yield q.
 * @throws PricingInputError naming the offending field.
 */
export function bsm(isCall: boolean, S: number, K: number, T: number, sigma: number, r: number, q: number): OptionValuation {
  requirePositive('S', S);
  requirePositive('K', K);
  requireNonNegative('T', T);
  requireNonNegative('sigma', sigma);
  requireFinite('r', r);
  requireFinite('q', q);
  const tt = T;
  const F = S * Math.exp((r - q) * tt);
  const df = Math.exp(-r * tt);
  const out = valueOnForward(isCall, F, K, tt, sigma, df, emptyValuation());
  const fOverS = F / S; // e^{(r−q)T}
  const deltaF = out.delta; // df·θΦ(θd1)
  const deltaS = deltaF * fOverS;
  out.theta += r * out.price - (r - q) * F * deltaF;
  out.rho = tt * (F * deltaF - out.price);
  out.delta = deltaS;
  out.gamma *= fOverS * fOverS;
  out.vanna *= fOverS;
  // charm at fixed S: −∂Δ_S/∂T = q·Δ_S − e^{−qT}φ(d1)·[(r−q)/(σ√T) − d2/(2T)]
  if (tt > 0 && sigma > 0) {
    const carryPdf = out.vanna * sigma; // = −e^{−qT}·φ(d1)·d2, avoids recomputing d1, d2
    const d1 = Math.log(F / K) / (sigma * Math.sqrt(tt)) + 0.5 * sigma * Math.sqrt(tt);
    const expQPdf = df * fOverS * normPdf(d1);
    out.charm = q * deltaS - expQPdf * (r - q) / (sigma * Math.sqrt(tt)) - carryPdf / (2 * tt);
  } else {
    out.charm = 0;
  }
  return toApiUnits(out);
}

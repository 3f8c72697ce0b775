// Spot Greeks of a European option priced with Black-76 on F = S·e^{(r−q)T}, in the units the
// simulator feeds: theta per calendar day, vega per 1 vol point, rho per 1 % of rate.
// (Upstox V3's feed units are unconfirmed; these match its REST option chain as far as known.)
import { normCdf } from '../engine/pricing/black76.ts';

export interface SimGreeks {
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
}

const INV_SQRT_2PI = 0.3989422804014327;

export function spotGreeks(isCall: boolean, S: number, F: number, K: number, T: number, sigma: number, r: number, out: SimGreeks): SimGreeks {
  const sqrtT = Math.sqrt(T);
  const s = sigma * sqrtT;
  const df = Math.exp(-r * T);
  const carry = (df * F) / S; // e^{-qT}
  const q = T > 0 ? -Math.log(carry) / T : 0;
  const d1 = (Math.log(F / K) + 0.5 * s * s) / s;
  const d2 = d1 - s;
  const pdf = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
  const decay = (-S * carry * pdf * sigma) / (2 * sqrtT);
  out.gamma = (carry * pdf) / (S * s);
  out.vega = (S * carry * pdf * sqrtT) / 100;
  if (isCall) {
    const n1 = normCdf(d1);
    const n2 = normCdf(d2);
    out.delta = carry * n1;
    out.theta = (decay - r * K * df * n2 + q * S * carry * n1) / 365;
    out.rho = (K * T * df * n2) / 100;
  } else {
    const n1 = normCdf(-d1);
    const n2 = normCdf(-d2);
    out.delta = -carry * n1;
    out.theta = (decay + r * K * df * n2 - q * S * carry * n1) / 365;
    out.rho = (-K * T * df * n2) / 100;
  }
  return out;
}

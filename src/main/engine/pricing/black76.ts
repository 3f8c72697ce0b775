// Black-76 premium on a forward: the signature the simulator and others call. Runtime: std.
// The accurate machinery lives in normalised-black.ts (premium) and greeks.ts (sensitivities).

import { normalisedBlack } from './normalised-black.ts';

export { normCdf, normPdf } from './erf.ts';

/**
 * Black-76 premium of a European option on a forward.
 * @param isCall call (true) or put (false)
 * @param F forward, K strike, T years to expiry, sigma decimal vol, r continuously compounded rate (discounting only)
 * Expired (T ≤ 0) or zero-vol options are worth their discounted intrinsic value. Non-positive F or K give NaN.
 */
export function black76Price(isCall: boolean, F: number, K: number, T: number, sigma: number, r: number): number {
  if (!(F > 0 && K > 0)) return NaN;
  if (!(T > 0) || !(sigma > 0)) return Math.exp(-r * Math.max(T, 0)) * Math.max(isCall ? F - K : K - F, 0);
  const s = sigma * Math.sqrt(T);
  return Math.exp(-r * T) * Math.sqrt(F) * Math.sqrt(K) * normalisedBlack(Math.log(F / K), s, isCall);
}

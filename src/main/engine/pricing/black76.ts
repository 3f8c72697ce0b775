// Black-76 on a forward. Runtime: std.
// (Issue 3 replaces the normal CDF with a cancellation-free normalised Black function.)

/** Standard normal CDF via erfc (W. J. Cody's rational approximations are used by issue 3). */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Complementary error function, Numerical Recipes' Chebyshev fit (relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/**
 * Black-76 premium of a European option on a forward.
 * @param isCall call (true) or put (false)
 * @param F forward, K strike, T years to expiry, sigma decimal vol, r continuously compounded rate (discounting only)
 */
export function black76Price(isCall: boolean, F: number, K: number, T: number, sigma: number, r: number): number {
  const df = Math.exp(-r * T);
  if (T <= 0 || sigma <= 0) return df * Math.max(isCall ? F - K : K - F, 0);
  const s = sigma * Math.sqrt(T);
  const d1 = (Math.log(F / K) + 0.5 * s * s) / s;
  const d2 = d1 - s;
  return isCall ? df * (F * normCdf(d1) - K * normCdf(d2)) : df * (K * normCdf(-d2) - F * normCdf(-d1));
}

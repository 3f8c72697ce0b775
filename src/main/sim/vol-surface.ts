// Implied-volatility surface of the simulated market: an ATM level that moves with the market's
// stress, a term structure (short expiries a little cheaper in calm markets) and an equity-index
// smile (puts richer than calls, a shallow minimum slightly above the forward).

/** ATM vol multiplier by time to expiry in years: 0.92 at expiry rising to 1.08 beyond ~3 months. */
export function termFactor(T: number): number {
  return 0.92 + 0.16 * (1 - Math.exp(-T / 0.08));
}

/** Smile multiplier on the ATM vol at standardised moneyness x = ln(K/F) / (σ_atm·√T), clamped to the wings. */
export function smileFactor(x: number): number {
  const c = x < -5 ? -5 : x > 4 ? 4 : x;
  const m = 1 - 0.09 * c + 0.018 * c * c;
  return m < 0.75 ? 0.75 : m;
}

/** ATM vol of a series: the underlying's calm 1-month vol scaled by market stress and the term structure. */
export function atmVol(baseVol: number, stress: number, T: number): number {
  return baseVol * Math.exp(0.6 * stress) * termFactor(T);
}

/** Vol for strike K on a series whose ATM vol and forward are given. */
export function strikeVol(atm: number, F: number, K: number, T: number): number {
  return atm * smileFactor(Math.log(K / F) / (atm * Math.sqrt(T)));
}

// Exact price encoding: prices as integers in 1/scale units (paise for scale 100).
// A price that is not a whole number of units (beyond float noise) is refused, not rounded away.

/** `price × scale` as an integer, or NaN when the price has more decimals than the scale keeps. */
export function toUnits(price: number, scale: number): number {
  const v = price * scale;
  const r = Math.round(v);
  return Math.abs(v - r) <= 1e-6 ? r : Number.NaN; // a millionth of a unit: float noise, not a real decimal
}


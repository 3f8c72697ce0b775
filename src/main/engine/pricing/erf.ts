// Error functions and the normal distribution to full double precision. Runtime: std.
//
// erfc and the scaled erfcx(x) = exp(x²)·erfc(x) use W. J. Cody's rational Chebyshev
// approximations ("Rational Chebyshev approximations for the error function",
// Math. Comp. 23 (1969) 631-637; coefficients from netlib SPECFUN CALERF, each written as the
// shortest decimal of the same double the published 18-digit literal rounds to),
// maximal relative error below 1e-16 on each interval. The scaled form is what lets the
// normalised Black function keep its digits far in the wings (see normalised-black.ts).

const THRESHOLD = 0.46875;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
const SQRT_HALF = 0.7071067811865476;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;

/** erf(x) for |x| <= 0.46875 (Cody's first interval). */
function erfSmall(x: number): number {
  const y = x * x;
  const num = (((0.18577770618460315 * y + 3.1611237438705655) * y + 113.86415415105016) * y + 377.485237685302) * y + 3209.3775891384694;
  const den = (((y + 23.601290952344122) * y + 244.02463793444417) * y + 1282.6165260773723) * y + 2844.236833439171;
  return x * num / den;
}

/** erfcx(y) for 0.46875 <= y <= 4 (Cody's second interval, before the exp factor). */
function erfcxMid(y: number): number {
  const num = (((((((2.1531153547440383e-08 * y + 0.5641884969886701) * y + 8.883149794388377) * y + 66.11919063714163) * y +
    298.6351381974001) * y + 881.952221241769) * y + 1712.0476126340707) * y + 2051.0783778260716) * y + 1230.3393547979972;
  const den = (((((((y + 15.744926110709835) * y + 117.6939508913125) * y + 537.1811018620099) * y + 1621.3895745666903) * y +
    3290.7992357334597) * y + 4362.619090143247) * y + 3439.3676741437216) * y + 1230.3393548037495;
  return num / den;
}

/**
 * ρ(y) in Cody's third interval, erfcx(y) = (1/√π − ρ(y))/y for y > 4. Exported because
 * 1 − √π·y·erfcx(y) = √π·ρ(y) is then available without cancellation.
 */
export function erfcxTail(y: number): number {
  const z = 1 / (y * y);
  const num = ((((0.016315387137302097 * z + 0.30532663496123236) * z + 0.36034489994980445) * z + 0.12578172611122926) * z +
    0.016083785148742275) * z + 0.0006587491615298378;
  const den = ((((z + 2.568520192289822) * z + 1.8729528499234604) * z + 0.5279051029514285) * z + 0.06051834131244132) * z +
    0.0023352049762686918;
  return z * num / den;
}

/** erfcx(y) for y > 4 (Cody's third interval, asymptotic rational form). */
function erfcxLarge(y: number): number {
  return (ONE_OVER_SQRT_PI - erfcxTail(y)) / y;
}

/** exp(-y²) with y² split at 1/16 so that the rounding of y² does not cost digits (Cody's device). */
function expMinusSquare(y: number): number {
  const head = Math.trunc(16 * y) / 16;
  const tail = (y - head) * (y + head);
  return Math.exp(-head * head) * Math.exp(-tail);
}

/** Complementary error function, relative error ~1e-16 over the whole line. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESHOLD) return 1 - erfSmall(x);
  let r: number;
  if (y <= 4) r = expMinusSquare(y) * erfcxMid(y);
  else if (y < 26.7) r = expMinusSquare(y) * erfcxLarge(y);
  else r = 0;
  return x < 0 ? 2 - r : r;
}

/** Scaled complementary error function exp(x²)·erfc(x); finite for x > -26.6, +Infinity below. */
export function erfcx(x: number): number {
  const y = Math.abs(x);
  let r: number;
  if (y <= THRESHOLD) return Math.exp(x * x) * (1 - erfSmall(x));
  else if (y <= 4) r = erfcxMid(y);
  else r = erfcxLarge(y);
  if (x >= -THRESHOLD) return r;
  // erfcx(-y) = 2·exp(y²) − erfcx(y); split exp(y²) like expMinusSquare for accuracy.
  const head = Math.trunc(16 * y) / 16;
  const tail = (y - head) * (y + head);
  return 2 * Math.exp(head * head) * Math.exp(tail) - r;
}

/**
 * Standard normal cumulative distribution Φ(z). In the tails Φ(z) = ½·e^{−z²/2}·erfcx(|z|/√2),
 * with e^{−z²/2} taken from z itself (split like Cody's) so the rounding of z/√2 costs nothing.
 */
export function normCdf(z: number): number {
  const u = -z * SQRT_HALF;
  if (u <= THRESHOLD) return u >= -THRESHOLD ? 0.5 * (1 - erfSmall(u)) : 1 - normCdf(-z);
  if (u > 26.7) return 0;
  const head = Math.trunc(16 * z) / 16;
  const tail = (z - head) * (z + head);
  return 0.5 * Math.exp(-0.5 * head * head) * Math.exp(-0.5 * tail) * erfcx(u);
}

/** Standard normal density φ(z). */
export function normPdf(z: number): number {
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * z * z);
}

/** Acklam's approximation alone (relative error < 1.2e-9): enough for an initial guess. */
export function inverseNormCdfGuess(p: number): number {
  if (!(p > 0)) return p === 0 ? -Infinity : NaN;
  if (!(p < 1)) return p === 1 ? Infinity : NaN;
  let z: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    z = (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const q = p - 0.5;
    const r = q * q;
    z = (((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.383577518672690e2) * r - 3.066479806614716e1) * r + 2.506628277459239) * q /
      (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1);
  } else {
    return -inverseNormCdfGuess(1 - p);
  }
  return z;
}

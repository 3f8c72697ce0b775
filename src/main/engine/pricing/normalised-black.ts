// The normalised Black function, evaluated without cancellation. Runtime: std.
//
// With x = ln(F/K), s = σ√T and θ = +1 (call) / −1 (put), the undiscounted Black price is
// √(F·K)·b(x, s, θ), where b = θ·[e^{x/2}·Φ(θ(x/s + s/2)) − e^{−x/2}·Φ(θ(x/s − s/2))].
// Every case reduces to the out-of-the-money call (x ≤ 0): b(x,s,−1) = b(−x,s,+1) and an
// in-the-money call is its intrinsic value plus the OTM call of −x (put-call parity).
//
// For the OTM call write h = x/s, t = s/2 and Y(z) = Φ(z)/φ(z) (a Mills ratio). Then exactly
//   b = φ-factor · [Y(h+t) − Y(h−t)],   φ-factor = e^{−(h²+t²)/2}/√(2π),
// and the whole difficulty is the difference of two nearly equal Y values. Three regions
// (the partition of Jäckel, "Let's Be Rational", 2016, §3):
//  1. far wing, h < −10 and h+t < −10+T_SMALL: the asymptotic series of Y, with each
//     difference (h+t)^{−m} − (h−t)^{−m} rewritten as a sum of positive terms;
//  2. small t < T_SMALL: the Taylor series of Y(h±t) in t (odd terms only, all positive);
//  3. elsewhere: Cody's erfc/erfcx combined so that no term overflows or underflows.
// Accuracy (checked against 50-digit values): relative error of b within a few ε·(1 + h²) —
// the conditioning of b in its inputs — except for 2.8 < −h < 5.7 with small s, where
// Y' = 1 + h·Y cancels and b can be off by up to ~1e-14 relative. The inverse (IV) is
// insensitive there: s·∂b/∂s / b ≈ h², so s is still recovered to a few ulp.

import { erfc, erfcx, erfcxTail } from './erf.ts';

const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
const SQRT_HALF = 0.7071067811865476;
const SQRT_PI = 1.772453850905516;
const SQRT_HALF_PI = 1.2533141373155003;
/** Upper bound of t = s/2 for the small-t series (Jäckel's 2·ε^{1/16}). */
const T_SMALL = 0.21022410381342865;
const H_FAR = -10;
const CODY_THRESHOLD = 0.46875;

/** Normalised intrinsic value max(θ·(e^{x/2} − e^{−x/2}), 0) = 2·sinh(|x|/2) when in the money. */
export function normalisedIntrinsic(x: number, isCall: boolean): number {
  if (isCall ? x <= 0 : x >= 0) return 0;
  return 2 * Math.sinh(0.5 * Math.abs(x));
}

/** b(x, s, θ): the normalised Black price. s ≥ 0; s = 0 gives the intrinsic value. */
export function normalisedBlack(x: number, s: number, isCall: boolean): number {
  const xc = isCall ? x : -x; // the put of x is the call of −x
  if (xc > 0) return normalisedIntrinsic(xc, true) + otmCall(-xc, s);
  return otmCall(xc, s);
}

/** ∂b/∂s = e^{−(x²/s² + s²/4)/2}/√(2π). */
export function normalisedVega(x: number, s: number): number {
  if (!(s > 0)) return x === 0 ? ONE_OVER_SQRT_TWO_PI : 0;
  const h = x / s;
  const t = 0.5 * s;
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t));
}

/** The out-of-the-money call, x ≤ 0. */
export function otmCall(x: number, s: number): number {
  if (!(s > 0)) return 0;
  const h = x / s;
  const t = 0.5 * s;
  if (h < H_FAR && h + t < H_FAR + T_SMALL) return farWing(h, t);
  if (t < T_SMALL) return smallT(h, t);
  return codyForm(x, h, t);
}

/**
 * Region 1. Y(z) ~ −Σ_n (−1)^n (2n−1)!! z^{−(2n+1)} for z → −∞. With c = h+t, a = h−t
 * (both negative), q = 1/|c|, p = 1/|a|, each difference q^m − p^m = (q − p)·G_m where
 * G_m = Σ_j q^j p^{m−1−j} > 0 and q − p = 2t/(h² − t²): no cancellation anywhere.
 */
function farWing(h: number, t: number): number {
  const r = (h - t) * (h + t); // h² − t² > 0
  const q = -1 / (h + t);
  const p = -1 / (h - t);
  const q2 = q * q;
  const p2 = p * p;
  const qp = q + p;
  let g = 1; // G_1
  let pm = p; // p^m for m = 1
  let coeff = 1; // (2n−1)!! with sign (−1)^n
  let sum = 1;
  for (let n = 1; n < 64; n++) {
    g = q2 * g + pm * qp; // G_{m+2} from G_m, m = 2n−1
    pm *= p2;
    coeff *= -(2 * n - 1);
    const term = coeff * g;
    sum += term;
    if (Math.abs(term) <= 1e-17 * sum) break;
  }
  const b = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t)) * (2 * t / r) * sum;
  return b > 0 ? b : 0;
}

/**
 * Region 2. Y(h+t) − Y(h−t) = 2·Σ_{k odd} Y^{(k)}(h)·t^k/k!, with Y' = 1 + h·Y and
 * Y^{(k+1)} = h·Y^{(k)} + k·Y^{(k−1)}. For −h/√2 > 4 the product h·Y comes from Cody's
 * asymptotic form, where 1 + h·Y = √π·ρ is free of cancellation.
 */
function smallT(h: number, t: number): number {
  const y = -h * SQRT_HALF;
  let y0: number;
  let y1: number;
  if (y > 4) {
    const rho = erfcxTail(y);
    y0 = SQRT_HALF_PI * (1 / SQRT_PI - rho) / y;
    y1 = SQRT_PI * rho;
  } else {
    y0 = SQRT_HALF_PI * erfcx(y);
    y1 = 1 + h * y0;
  }
  const t2 = t * t;
  let prev = y0;
  let cur = y1;
  let weight = t; // t^k / k!
  let sum = y1 * t;
  for (let k = 1; k < 40; k += 2) {
    const next = h * cur + k * prev; // Y^{(k+1)}
    const next2 = h * next + (k + 1) * cur; // Y^{(k+2)}
    weight *= t2 / ((k + 1) * (k + 2));
    const term = next2 * weight;
    sum += term;
    if (Math.abs(term) <= 1e-17 * sum) break;
    prev = next;
    cur = next2;
  }
  const b = 2 * ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t)) * sum;
  return b > 0 ? b : 0;
}

/** Region 3: b = ½[e^{x/2}·erfc(q1) − e^{−x/2}·erfc(q2)], q1,2 = −(h ± t)/√2, scaled where large. */
function codyForm(x: number, h: number, t: number): number {
  const q1 = -(h + t) * SQRT_HALF;
  const q2 = -(h - t) * SQRT_HALF;
  let twoB: number;
  if (q1 < CODY_THRESHOLD) {
    if (q2 < CODY_THRESHOLD) twoB = Math.exp(0.5 * x) * erfc(q1) - Math.exp(-0.5 * x) * erfc(q2);
    else twoB = Math.exp(0.5 * x) * erfc(q1) - Math.exp(-0.5 * (h * h + t * t)) * erfcx(q2);
  } else if (q1 <= 4) {
    twoB = Math.exp(-0.5 * (h * h + t * t)) * (erfcx(q1) - erfcx(q2));
  } else {
    // erfcx(q) = (1/√π − ρ(q))/q: the leading difference is exact, the cancelling part small.
    const lead = (1 / SQRT_PI) * (SQRT_HALF * 2 * t) / (q1 * q2);
    twoB = Math.exp(-0.5 * (h * h + t * t)) * (lead - (erfcxTail(q1) / q1 - erfcxTail(q2) / q2));
  }
  return twoB > 0 ? 0.5 * twoB : 0;
}

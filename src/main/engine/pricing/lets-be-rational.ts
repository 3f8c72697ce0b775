// Implied normalised volatility after P. Jäckel, "Let's Be Rational" (Wilmott, Jan 2015;
// revision of 2016), written here from the paper's description. Runtime: std.
//
// Input: β = undiscounted price / √(F·K), x = ln(F/K), call or put. Output: s = σ√T.
// The price is reduced to an out-of-the-money call (x ≤ 0, β < b_max = e^{x/2}); the branch
// point s_c = √(2|x|) (the inflexion of b in s) and the tangents there split [0, b_max) into
// four segments. An initial guess comes from a rational cubic interpolant on each segment —
// on the outer two in transformed coordinates (the "lower map" f_l ~ b for s → 0 and the
// "upper map" Φ(−s/2) for s → ∞) — and two Householder iterations of order four on an
// objective chosen per segment (1/ln b low, ln(b_max − b) high, b itself in the middle)
// reach the accuracy the price carries.

import { inverseNormCdfGuess, normCdf, normPdf } from './erf.ts';
import { normalisedIntrinsic, normalisedVega, otmCall } from './normalised-black.ts';
import { controlForLeftCurvature, controlForRightCurvature, rationalCubic } from './rational-cubic.ts';

const EPS = 2.220446049250313e-16;
const TINY = 2.2250738585072014e-308;
const SQRT_HUGE = 1.3407807929942596e+154;
const TWO_PI = 6.283185307179586;
const SQRT_THREE = 1.7320508075688772;
const TWO_PI_OVER_SQRT_27 = 1.2091995761561452;
const SQRT_HALF_PI = 1.2533141373155003;
const PI_OVER_SIX = 0.5235987755982988;

/** Result codes of normalisedImpliedVol besides a volatility ≥ 0. */
export const S_BELOW_INTRINSIC = -1;
export const S_ABOVE_MAXIMUM = -2;

/** Householder iterations per solve; two reach the attainable accuracy (paper §5). */
const ITERATIONS = 2;

/**
 * Normalised implied volatility s = σ√T of the normalised price beta, or S_BELOW_INTRINSIC /
 * S_ABOVE_MAXIMUM. A price at intrinsic (to 8 ulp) gives 0.
 */
export function normalisedImpliedVol(beta: number, x: number, isCall: boolean): number {
  const intrinsic = normalisedIntrinsic(x, isCall);
  // A few ulps below intrinsic is the rounding of discounting/normalising an at-intrinsic price.
  if (beta < intrinsic * (1 - 8 * EPS)) return S_BELOW_INTRINSIC;
  let b = beta;
  let xc = isCall ? x : -x; // as a call
  if (xc > 0) {
    b = Math.max(beta - intrinsic, 0); // in the money: the OTM twin by parity
    xc = -xc;
  }
  if (b <= 0) return 0;
  if (b >= Math.exp(0.5 * xc)) return S_ABOVE_MAXIMUM;
  return solveOtmCall(b, xc);
}

// Iteration state shared by the three objective loops (kept module-local to avoid allocation).
let sLeft = 0;
let sRight = 0;

function solveOtmCall(beta: number, x: number): number {
  const bMax = Math.exp(0.5 * x);
  const sC = Math.sqrt(Math.abs(2 * x));
  const bC = otmCall(x, sC);
  const vC = normalisedVega(x, sC);
  sLeft = TINY;
  sRight = Number.MAX_VALUE;
  let s: number;
  if (beta < bC) {
    const sL = sC - bC / vC;
    const bL = otmCall(x, sL);
    if (beta < bL) {
      lowerMap(x, sL);
      const fL = mapF; const dfL = mapDf; const d2fL = mapD2f;
      const r = controlForRightCurvature(0, bL, 0, fL, 1, dfL, d2fL, true);
      let f = rationalCubic(beta, 0, bL, 0, fL, 1, dfL, r);
      if (!(f > 0)) {
        const u = beta / bL; // quadratic through f(0)=0, f'(0)=1, f(b_l)
        f = (fL * u + bL * (1 - u)) * u;
      }
      s = inverseLowerMap(x, f);
      sRight = sL;
      return iterate(beta, x, s, LOW, bMax);
    }
    const vL = normalisedVega(x, sL);
    const r = controlForRightCurvature(bL, bC, sL, sC, 1 / vL, 1 / vC, 0, false);
    s = rationalCubic(beta, bL, bC, sL, sC, 1 / vL, 1 / vC, r);
    sLeft = sL;
    sRight = sC;
    return iterate(beta, x, s, MIDDLE, bMax);
  }
  const sH = vC > TINY ? sC + (bMax - bC) / vC : sC;
  const bH = otmCall(x, sH);
  if (beta <= bH) {
    const vH = normalisedVega(x, sH);
    const r = controlForLeftCurvature(bC, bH, sC, sH, 1 / vC, 1 / vH, 0, false);
    s = rationalCubic(beta, bC, bH, sC, sH, 1 / vC, 1 / vH, r);
    sLeft = sC;
    sRight = sH;
    return iterate(beta, x, s, MIDDLE, bMax);
  }
  upperMap(x, sH);
  const fH = mapF; const dfH = mapDf; const d2fH = mapD2f;
  let f = -1;
  if (d2fH > -SQRT_HUGE && d2fH < SQRT_HUGE) {
    const r = controlForLeftCurvature(bH, bMax, fH, 0, dfH, -0.5, d2fH, true);
    f = rationalCubic(beta, bH, bMax, fH, 0, dfH, -0.5, r);
  }
  if (f <= 0) {
    const h = bMax - bH; // quadratic through f(b_h), f(b_max)=0, f'(b_max)=−1/2
    const u = (beta - bH) / h;
    f = (fH * (1 - u) + 0.5 * h * u) * (1 - u);
  }
  s = -2 * inverseNormCdfGuess(f);
  sLeft = sH;
  return iterate(beta, x, s, beta > 0.5 * bMax ? HIGH : MIDDLE, bMax);
}

// Outputs of lowerMap/upperMap (module-level: no allocation per solve).
let mapF = 0;
let mapDf = 0;
let mapD2f = 0;

/** Lower map f = (2π/√27)·|x|·Φ(−z)³, z = |x|/(√3·s), and its first two derivatives in b. */
function lowerMap(x: number, s: number): void {
  const ax = Math.abs(x);
  const z = ax / (SQRT_THREE * s);
  const y = z * z;
  const s2 = s * s;
  const phiCdf = normCdf(-z);
  const phi = normPdf(z);
  const d2f = PI_OVER_SIX * y / (s2 * s) * phiCdf * (8 * SQRT_THREE * s * ax + (3 * s2 * (s2 - 8) - 8 * x * x) * phiCdf / phi) *
    Math.exp(2 * y + 0.25 * s2);
  const phi2 = phiCdf * phiCdf;
  const df = TWO_PI * y * phi2 * Math.exp(y + 0.125 * s2);
  mapF = TWO_PI_OVER_SQRT_27 * ax * phi2 * phiCdf;
  mapDf = df;
  mapD2f = d2f;
}

function inverseLowerMap(x: number, f: number): number {
  if (!(f > 0)) return 0;
  const z = -inverseNormCdfGuess(Math.cbrt(f / (TWO_PI_OVER_SQRT_27 * Math.abs(x))));
  return Math.abs(x / (SQRT_THREE * z));
}

/** Upper map f = Φ(−s/2) and its first two derivatives in b. */
function upperMap(x: number, s: number): void {
  const w = (x / s) * (x / s);
  mapF = normCdf(-0.5 * s);
  mapDf = -0.5 * Math.exp(0.5 * w);
  mapD2f = SQRT_HALF_PI * Math.exp(w + 0.125 * s * s) * w / s;
}

const LOW = 0;
const MIDDLE = 1;
const HIGH = 2;

/**
 * Householder(3) iterations s ← s + ν·(1 + ηₕν/2)/(1 + ν(ηₕ + η₃ν/6)), with ν = −g/g′,
 * ηₕ = g″/g′, η₃ = g‴/g′ for the segment's objective g:
 *   LOW     g = 1/ln b(s) − 1/ln β
 *   MIDDLE  g = b(s) − β
 *   HIGH    g = ln((b_max − β)/(b_max − b(s)))
 * using b″/b′ = x²/s³ − s/4 and b‴/b′ = (b″/b′)² − 3x²/s⁴ − 1/4. The bracket [sLeft, sRight]
 * narrows with each evaluation; a step that leaves it, or a third reversal, bisects instead.
 */
function iterate(beta: number, x: number, s0: number, objective: number, bMax: number): number {
  let s = s0;
  let ds = Number.MAX_VALUE;
  let dsPrev = 0;
  let reversals = 0;
  const lnBeta = objective === LOW ? Math.log(beta) : 0;
  for (let i = 0; i < ITERATIONS && Math.abs(ds) > EPS * s; i++) {
    if (ds * dsPrev < 0) reversals++;
    if (i > 0 && (reversals === 3 || !(s > sLeft && s < sRight))) {
      s = 0.5 * (sLeft + sRight);
      if (sRight - sLeft <= EPS * s) break;
      reversals = 0;
      ds = 0;
    }
    dsPrev = ds;
    const b = otmCall(x, s);
    const bp = normalisedVega(x, s);
    if (b > beta && s < sRight) sRight = s;
    else if (b < beta && s > sLeft) sLeft = s;
    const xs = x / s;
    const bHalley = xs * xs / s - s / 4;
    const bHh3 = bHalley * bHalley - 3 * (xs / s) * (xs / s) - 0.25;
    let newton: number;
    let halley = bHalley;
    let hh3 = bHh3;
    if (objective === LOW && b > 0 && bp > 0) {
      const lnB = Math.log(b);
      const bpob = bp / b;
      const k = 1 + 2 / lnB;
      newton = (lnBeta - lnB) * lnB / lnBeta / bpob;
      halley = bHalley - bpob * k;
      hh3 = bHh3 + 2 * bpob * bpob * (1 + 3 / lnB * (1 + 1 / lnB)) - 3 * bHalley * bpob * k;
    } else if (objective === HIGH && b < bMax && bp > TINY) {
      const gap = bMax - b;
      const gp = bp / gap;
      newton = -Math.log((bMax - beta) / gap) / gp;
      halley = bHalley + gp;
      hh3 = bHh3 + gp * (2 * gp + 3 * bHalley);
    } else if (objective === MIDDLE) {
      newton = (beta - b) / bp;
    } else {
      ds = Math.max(-0.5 * s, 0.5 * (sLeft + sRight) - s); // underflow: bisect this once
      s += ds;
      continue;
    }
    ds = Math.max(-0.5 * s, newton * (1 + 0.5 * halley * newton) / (1 + newton * (halley + hh3 * newton / 6)));
    s += ds;
  }
  return s;
}

// Shape-preserving rational cubic interpolation (R. Delbourgo & J. A. Gregory, "Shape
// preserving piecewise rational interpolation", SIAM J. Sci. Stat. Comput. 6 (1985)), used by
// the implied-volatility initial guesses as in Jäckel's "Let's Be Rational" §4. Runtime: std.

const EPS = 2.220446049250313e-16;
const TINY = 2.2250738585072014e-308;
/** Control parameters at or above this make the interpolant linear. */
const R_MAX = 2 / (EPS * EPS);
const R_MIN = -(1 - Math.sqrt(EPS));

const isZero = (v: number): boolean => Math.abs(v) < TINY;

/** Interpolates between (xl, yl) and (xr, yr) with end slopes dl, dr and control parameter r. */
export function rationalCubic(x: number, xl: number, xr: number, yl: number, yr: number, dl: number, dr: number, r: number): number {
  const h = xr - xl;
  if (Math.abs(h) <= 0) return 0.5 * (yl + yr);
  const t = (x - xl) / h;
  if (r >= R_MAX) return yr * t + yl * (1 - t);
  const u = 1 - t;
  const t2 = t * t;
  const u2 = u * u;
  return (yr * t2 * t + (r * yr - h * dr) * t2 * u + (r * yl + h * dl) * t * u2 + yl * u2 * u) / (1 + (r - 3) * t * u);
}

/** Smallest control parameter that keeps the interpolant monotone/convex as the data are. */
function minimumControl(dl: number, dr: number, slope: number, preferShape: boolean): number {
  const monotonic = dl * slope >= 0 && dr * slope >= 0;
  const convex = dl <= slope && slope <= dr;
  const concave = dl >= slope && slope >= dr;
  if (!monotonic && !convex && !concave) return R_MIN;
  let r1 = -Number.MAX_VALUE;
  let r2 = r1;
  if (monotonic) {
    if (!isZero(slope)) r1 = (dr + dl) / slope;
    else if (preferShape) r1 = R_MAX;
  }
  if (convex || concave) {
    const a = slope - dl;
    const b = dr - slope;
    if (!(isZero(a) || isZero(b))) r2 = Math.max(Math.abs((dr - dl) / b), Math.abs((dr - dl) / a));
    else if (preferShape) r2 = R_MAX;
  } else if (monotonic && preferShape) {
    r2 = R_MAX;
  }
  return Math.max(R_MIN, r1, r2);
}

function clampControl(numerator: number, denominator: number): number {
  if (isZero(numerator)) return 0;
  if (isZero(denominator)) return numerator > 0 ? R_MAX : R_MIN;
  return numerator / denominator;
}

/** Control parameter matching a second derivative at the left end, never below the shape-preserving minimum. */
export function controlForLeftCurvature(xl: number, xr: number, yl: number, yr: number, dl: number, dr: number, d2l: number, preferShape: boolean): number {
  const h = xr - xl;
  const slope = (yr - yl) / h;
  const r = clampControl(0.5 * h * d2l + (dr - dl), slope - dl);
  return Math.max(r, minimumControl(dl, dr, slope, preferShape));
}

/** Control parameter matching a second derivative at the right end, never below the shape-preserving minimum. */
export function controlForRightCurvature(xl: number, xr: number, yl: number, yr: number, dl: number, dr: number, d2r: number, preferShape: boolean): number {
  const h = xr - xl;
  const slope = (yr - yl) / h;
  const r = clampControl(0.5 * h * d2r + (dr - dl), dr - slope);
  return Math.max(r, minimumControl(dl, dr, slope, preferShape));
}

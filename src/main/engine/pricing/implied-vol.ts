// Implied volatility with a typed result: never NaN, never an unbounded loop. Runtime: std.

import type { IvError } from '../../../shared/pricing.ts';
import { normalisedImpliedVol, S_ABOVE_MAXIMUM, S_BELOW_INTRINSIC } from './lets-be-rational.ts';

/** Why no implied volatility exists; these strings are the chain API's `iv_error`. */
export type { IvError };
export type IvResult = { ok: true; iv: number } | { ok: false; error: IvError };

/** Every IvError, in a fixed order (index = wire code − 1 in chain results). */
export const IV_ERRORS: readonly IvError[] = ['below_intrinsic', 'above_maximum', 'no_time_left', 'no_quote', 'bad_input'];

const fail = (error: IvError): IvResult => ({ ok: false, error });

/**
 * Implied vol as a decimal, or 0 for a code: negative numbers are −(IV_ERRORS index + 1).
 * Allocation-free form for hot loops; see impliedVolBlack76 for the meaning.
 */
export function impliedVolBlack76Code(price: number, F: number, K: number, T: number, r: number, isCall: boolean): number {
  if (price !== price || price === undefined) return -4; // NaN: no_quote
  if (!(F > 0 && K > 0) || !Number.isFinite(F) || !Number.isFinite(K) || !Number.isFinite(r) || !(price >= 0) || !Number.isFinite(price) || T !== T) return -5;
  if (!(T > 0)) return -3;
  const beta = price * Math.exp(r * T) / (Math.sqrt(F) * Math.sqrt(K));
  const s = normalisedImpliedVol(beta, Math.log(F / K), isCall);
  if (s === S_BELOW_INTRINSIC) return -1;
  if (s === S_ABOVE_MAXIMUM) return -2;
  return s / Math.sqrt(T);
}

function fromCode(v: number): IvResult {
  if (v >= 0) return { ok: true, iv: v };
  return fail(IV_ERRORS[-v - 1] ?? 'bad_input');
}

/**
 * Black-76 implied volatility of a discounted premium on forward F.
 * A premium exactly at intrinsic value gives iv 0; NaN premium gives 'no_quote'; T ≤ 0 'no_time_left'.
 */
export function impliedVolBlack76(price: number, F: number, K: number, T: number, r: number, isCall: boolean): IvResult {
  return fromCode(impliedVolBlack76Code(price, F, K, T, r, isCall));
}

/** Black-Scholes-Merton implied volatility (spot S, continuous dividend yield q). */
export function impliedVolBsm(price: number, S: number, K: number, T: number, r: number, q: number, isCall: boolean): IvResult {
  if (!(S > 0) || !Number.isFinite(S) || !Number.isFinite(q)) return price !== price ? fail('no_quote') : fail('bad_input');
  const F = T > 0 ? S * Math.exp((r - q) * T) : S;
  return fromCode(impliedVolBlack76Code(price, F, K, T, r, isCall));
}

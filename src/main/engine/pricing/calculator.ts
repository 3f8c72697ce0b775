// Option calculator behind POST /api/pricing/greeks, POST /api/pricing/iv and `optick price`.
// Pure (std runtime): validates JSON cases and prices them.
//
// A case: { model: 'black76' | 'bsm', type: 'call' | 'put', F (black76) | S (bsm), K, T (years),
//           r (decimal, default 0), q (bsm dividend yield, decimal, default 0),
//           and either sigma (decimal vol) or price (premium, for the IV) }.
// Result units: theta per calendar day, vega per 1 vol point, rho per 1 %, vanna per vol point,
// charm per day, vomma per vol point²; iv a decimal.

import type { CalculatorCase, CalculatorGreeks, CalculatorResult } from '../../../shared/pricing.ts';
import { black76, bsm } from './greeks.ts';
import { impliedVolBlack76, impliedVolBsm } from './implied-vol.ts';

export type { CalculatorCase, CalculatorGreeks, CalculatorModel, CalculatorResult } from '../../../shared/pricing.ts';

/** The request body itself is unusable (not an array, or too many cases). */
export class CalculatorInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'CalculatorInputError';
    this.field = field;
  }
}

export const MAX_CASES = 10_000;

class CaseError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

function num(obj: Record<string, unknown>, field: string, required: boolean, check: (v: number) => string | null): number | undefined {
  const v = obj[field];
  if (v === undefined || v === null) {
    if (required) throw new CaseError(field, `${field} is required`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new CaseError(field, `${field} must be a finite number, got ${JSON.stringify(v)}`);
  const problem = check(v);
  if (problem) throw new CaseError(field, `${field}=${v}: ${problem}`);
  return v;
}

const positive = (v: number): string | null => (v > 0 ? null : 'must be > 0');
const nonNegative = (v: number): string | null => (v >= 0 ? null : 'must be >= 0');
const rateDecimal = (v: number): string | null => (Math.abs(v) <= 1 ? null : 'rates are decimals (0.065 = 6.5 %); this looks like a percent');
const volDecimal = (v: number): string | null => (v >= 0 && v <= 10 ? null : 'vol is a decimal (0.14 = 14 %), 0..10');

/** Validates one case; throws CaseError naming the field. */
export function parseCase(raw: unknown): CalculatorCase {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CaseError('(case)', 'each case must be a JSON object');
  const obj = raw as Record<string, unknown>;
  const model = obj.model;
  if (model !== 'black76' && model !== 'bsm') throw new CaseError('model', `model must be "black76" or "bsm", got ${JSON.stringify(model)}`);
  const type = obj.type;
  if (type !== 'call' && type !== 'put') throw new CaseError('type', `type must be "call" or "put", got ${JSON.stringify(type)}`);
  const under = model === 'black76' ? 'F' : 'S';
  const other = model === 'black76' ? 'S' : 'F';
  if (obj[other] !== undefined) throw new CaseError(other, `${other} is not an input of ${model} (use ${under})`);
  const c: CalculatorCase = {
    model,
    type,
    [under]: num(obj, under, true, positive),
    K: num(obj, 'K', true, positive)!,
    T: num(obj, 'T', true, nonNegative)!,
    r: num(obj, 'r', false, rateDecimal) ?? 0,
    q: num(obj, 'q', false, rateDecimal) ?? 0,
  };
  if (model === 'black76' && obj.q !== undefined) throw new CaseError('q', 'q (dividend yield) applies to bsm only');
  const sigma = num(obj, 'sigma', false, volDecimal);
  const price = num(obj, 'price', false, nonNegative);
  if ((sigma === undefined) === (price === undefined)) throw new CaseError(sigma === undefined ? 'sigma' : 'price', 'give exactly one of sigma (to price) or price (to solve the IV)');
  if (sigma !== undefined) c.sigma = sigma;
  if (price !== undefined) c.price = price;
  return c;
}

function value(c: CalculatorCase, sigma: number): CalculatorGreeks {
  const isCall = c.type === 'call';
  const v = c.model === 'black76' ? black76(isCall, c.F!, c.K, c.T, sigma, c.r) : bsm(isCall, c.S!, c.K, c.T, sigma, c.r, c.q);
  return { ...v, sigma };
}

/** Prices every case; a bad case yields { ok: false, error } naming its field, the rest still price. */
export function priceCases(input: unknown): CalculatorResult[] {
  if (!Array.isArray(input)) throw new CalculatorInputError('(body)', 'the request body must be a JSON array of cases');
  if (input.length > MAX_CASES) throw new CalculatorInputError('(body)', `at most ${MAX_CASES} cases per request, got ${input.length}`);
  return input.map((raw, index): CalculatorResult => {
    let c: CalculatorCase;
    try {
      c = parseCase(raw);
    } catch (err) {
      const e = err as CaseError;
      return { index, ok: false, error: { field: e.field, message: `case ${index}: ${e.message}` } };
    }
    if (c.sigma !== undefined) return { index, ok: true, input: c, iv: null, iv_error: null, valuation: value(c, c.sigma) };
    const isCall = c.type === 'call';
    const iv = c.model === 'black76' ? impliedVolBlack76(c.price!, c.F!, c.K, c.T, c.r, isCall) : impliedVolBsm(c.price!, c.S!, c.K, c.T, c.r, c.q, isCall);
    if (!iv.ok) return { index, ok: true, input: c, iv: null, iv_error: iv.error, valuation: null };
    return { index, ok: true, input: c, iv: iv.iv, iv_error: null, valuation: value(c, iv.iv) };
  });
}

// Per-strike IV and Greeks for one expiry of one underlying. Pure (std runtime).
//
// Input and result are single Float64Arrays so a whole chain crosses to a worker as one
// transferable buffer (see pool.ts). Absent prices are NaN. Layouts (n = number of strikes):
//   input : [years, rate, futurePrice (NaN: none), n,
//            strikes[n], ceBid[n], ceAsk[n], ceLtp[n], peBid[n], peAsk[n], peLtp[n]]
//   result: [forward, atmStrike, forwardSource (0 none, 1 future, 2 parity), n,
//            then for CE and again for PE: iv[n], delta[n], gamma[n], theta[n], vega[n],
//            rho[n], ivSource[n] (0 none, 1 mid, 2 ltp), ivError[n] (0 none, else 1 + index
//            in IV_ERRORS), ivPrice[n] (the premium solved, NaN: none), ivLeg[n] (0 none,
//            1 the call's quote, 2 the put's), then the trailer [years, rate] the IVs used]
// The result thus carries every input of each IV (F, K, T, r, premium, call/put): the
// calculator given them returns the same IV.
// Greeks are Black-76 on the forward in API units (theta per calendar day, vega per vol point,
// rho per 1 %); NaN where no IV exists. The IV of a strike is solved from its OTM leg (put
// below the forward, call at or above) and applies to both legs; the ITM leg's quote is used
// only when the OTM leg has none.

import { chooseQuote, forwardFromParity, nearestStrike, type ParityQuote, type QuoteRules } from './conventions.ts';
import { black76Into, emptyValuation } from './greeks.ts';
import { impliedVolBlack76Code, IV_ERRORS, type IvError } from './implied-vol.ts';

const IN_HEADER = 4;
const OUT_HEADER = 4;
const LEG_FIELDS = 10;
const OUT_TRAILER = 2;

export interface ChainInputView {
  buffer: Float64Array;
  strikes: Float64Array;
  ceBid: Float64Array;
  ceAsk: Float64Array;
  ceLtp: Float64Array;
  peBid: Float64Array;
  peAsk: Float64Array;
  peLtp: Float64Array;
}

export interface LegResultView {
  iv: Float64Array;
  delta: Float64Array;
  gamma: Float64Array;
  theta: Float64Array;
  vega: Float64Array;
  rho: Float64Array;
  ivSource: Float64Array;
  ivError: Float64Array;
  /** Premium the IV was solved from (NaN: none). */
  ivPrice: Float64Array;
  /** 0 none, 1 solved from the call's quote, 2 from the put's. */
  ivLeg: Float64Array;
}

export interface ChainResultView {
  buffer: Float64Array;
  forward: number;
  atmStrike: number;
  forwardSource: 'future' | 'parity' | null;
  strikeCount: number;
  /** Years to expiry and rate the IVs were solved with (copied from the input). */
  years: number;
  rate: number;
  ce: LegResultView;
  pe: LegResultView;
}

/** Allocates an input buffer for n strikes, prices NaN, and returns views to fill. */
export function createChainInput(n: number, years: number, rate: number, futurePrice = NaN): ChainInputView {
  const buffer = new Float64Array(IN_HEADER + 7 * n).fill(NaN);
  buffer[0] = years;
  buffer[1] = rate;
  buffer[2] = futurePrice;
  buffer[3] = n;
  return viewChainInput(buffer);
}

export function viewChainInput(buffer: Float64Array): ChainInputView {
  const n = buffer[3]!;
  if (!(Number.isInteger(n) && n >= 0 && buffer.length === IN_HEADER + 7 * n)) {
    throw new RangeError(`chain input buffer: length ${buffer.length} does not match ${n} strikes`);
  }
  const at = (i: number): Float64Array => buffer.subarray(IN_HEADER + i * n, IN_HEADER + (i + 1) * n);
  return { buffer, strikes: at(0), ceBid: at(1), ceAsk: at(2), ceLtp: at(3), peBid: at(4), peAsk: at(5), peLtp: at(6) };
}

export function viewChainResult(buffer: Float64Array): ChainResultView {
  const n = buffer[3]!;
  if (!(Number.isInteger(n) && n >= 0 && buffer.length === resultLength(n))) {
    throw new RangeError(`chain result buffer: length ${buffer.length} does not match ${n} strikes`);
  }
  const leg = (side: number): LegResultView => {
    const at = (i: number): Float64Array => buffer.subarray(OUT_HEADER + (side * LEG_FIELDS + i) * n, OUT_HEADER + (side * LEG_FIELDS + i + 1) * n);
    return { iv: at(0), delta: at(1), gamma: at(2), theta: at(3), vega: at(4), rho: at(5), ivSource: at(6), ivError: at(7), ivPrice: at(8), ivLeg: at(9) };
  };
  const src = buffer[2];
  const trailer = OUT_HEADER + 2 * LEG_FIELDS * n;
  return {
    buffer, forward: buffer[0]!, atmStrike: buffer[1]!, forwardSource: src === 1 ? 'future' : src === 2 ? 'parity' : null, strikeCount: n,
    years: buffer[trailer]!, rate: buffer[trailer + 1]!, ce: leg(0), pe: leg(1),
  };
}

function resultLength(n: number): number {
  return OUT_HEADER + 2 * LEG_FIELDS * n + OUT_TRAILER;
}

/** The wire codes back to the chain API's strings. */
export const ivSourceName = (code: number): 'mid' | 'ltp' | null => (code === 1 ? 'mid' : code === 2 ? 'ltp' : null);
export const ivErrorName = (code: number): IvError | null => (code >= 1 ? IV_ERRORS[code - 1] ?? null : null);

const scratch = emptyValuation();

/** Prices one chain: forward, ATM, per strike IV (OTM side) and both legs' Greeks. */
export function priceChain(input: Float64Array, rules: QuoteRules = {}, out?: Float64Array): ChainResultView {
  const q = viewChainInput(input);
  const n = q.strikes.length;
  const years = input[0]!;
  const rate = input[1]!;
  const future = input[2]!;
  const buffer = out && out.length === resultLength(n) ? out : new Float64Array(resultLength(n));
  buffer[3] = n;
  buffer[OUT_HEADER + 2 * LEG_FIELDS * n] = years;
  buffer[OUT_HEADER + 2 * LEG_FIELDS * n + 1] = rate;
  let forward = NaN;
  let source = 0;
  if (future > 0 && Number.isFinite(future)) { forward = future; source = 1; }
  else {
    const parity = forwardFromParity(parityQuotes(q, rules), years, rate);
    if (parity) { forward = parity.forward; source = 2; }
  }
  buffer[0] = forward;
  buffer[1] = Number.isFinite(forward) ? nearestStrike(q.strikes, forward) : NaN;
  buffer[2] = source;
  const r = viewChainResult(buffer);
  for (let i = 0; i < n; i++) priceStrike(q, i, forward, years, rate, rules, r);
  return r;
}

function parityQuotes(q: ChainInputView, rules: QuoteRules): ParityQuote[] {
  const out: ParityQuote[] = [];
  let anyMid = false;
  const mids: ParityQuote[] = [];
  for (let i = 0; i < q.strikes.length; i++) {
    const c = chooseQuote(q.ceBid[i], q.ceAsk[i], q.ceLtp[i], rules);
    const p = chooseQuote(q.peBid[i], q.peAsk[i], q.peLtp[i], rules);
    if (c && p) {
      out.push({ strike: q.strikes[i]!, call: c.price, put: p.price });
      if (c.source === 'mid' && p.source === 'mid') { anyMid = true; mids.push(out[out.length - 1]!); }
    }
  }
  return anyMid ? mids : out; // mids where both sides are quoted; LTPs only when no strike has two mids
}

function priceStrike(q: ChainInputView, i: number, forward: number, years: number, rate: number, rules: QuoteRules, r: ChainResultView): void {
  const K = q.strikes[i]!;
  const otmIsCall = K >= forward;
  const ce = chooseQuote(q.ceBid[i], q.ceAsk[i], q.ceLtp[i], rules);
  const pe = chooseQuote(q.peBid[i], q.peAsk[i], q.peLtp[i], rules);
  const otm = otmIsCall ? ce : pe;
  const useCall = otm ? otmIsCall : !otmIsCall;
  const quote = otm ?? (otmIsCall ? pe : ce);
  let code: number;
  if (!Number.isFinite(forward) || !quote) code = -4; // no_quote (for the leg or for the forward)
  else code = impliedVolBlack76Code(quote.price, forward, K, years, rate, useCall);
  const sourceCode = quote ? (quote.source === 'mid' ? 1 : 2) : 0;
  const price = quote ? quote.price : NaN;
  const legCode = quote ? (useCall ? 1 : 2) : 0;
  writeLeg(r.ce, i, true, code, sourceCode, price, legCode, forward, K, years, rate);
  writeLeg(r.pe, i, false, code, sourceCode, price, legCode, forward, K, years, rate);
}

function writeLeg(leg: LegResultView, i: number, isCall: boolean, code: number, sourceCode: number, price: number, legCode: number, F: number, K: number, T: number, r: number): void {
  leg.ivSource[i] = sourceCode;
  leg.ivPrice[i] = price;
  leg.ivLeg[i] = legCode;
  if (code < 0) {
    leg.iv[i] = leg.delta[i] = leg.gamma[i] = leg.theta[i] = leg.vega[i] = leg.rho[i] = NaN;
    leg.ivError[i] = -code;
    return;
  }
  black76Into(isCall, F, K, T, code, r, scratch);
  leg.iv[i] = code;
  leg.delta[i] = scratch.delta;
  leg.gamma[i] = scratch.gamma;
  leg.theta[i] = scratch.theta;
  leg.vega[i] = scratch.vega;
  leg.rho[i] = scratch.rho;
  leg.ivError[i] = 0;
}

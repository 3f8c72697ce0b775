// The IV-jump and fair-value sweep of one expiry of one underlying, in tick order: the expiry is
// priced synchronously (the chain pricing's own priceChain: parity forward, the OTM leg's IV per
// strike) from the quotes the detectors saw up to the tick that made the sweep due, with years to
// expiry at that tick's exchange time. Nothing depends on when the pricing pool answers, how
// the ticks were batched or the wall clock, so a replay of the same ticks gives the same signals.
// Runtime: std.
import type { OptionContract } from '../../../shared/market.ts';
import type { PricingClock } from '../chain/option-chain.ts';
import { createChainInput, priceChain, type ChainInputView } from '../pricing/chain-pricing.ts';
import type { StrikePair } from '../instruments/registry.ts';
import type { SignalBook, SignalCandidate } from './book.ts';
import { modelFairValue, type SmilePoint } from './fair-value.ts';

export class ExpirySweep {
  readonly expiry: string;
  readonly #strikes: number[];
  /** Book slot of each strike's CE (2k) and PE (2k + 1); −1 = not seen. */
  readonly #slots: Int32Array;
  readonly #input: ChainInputView;
  #result: Float64Array | undefined;
  readonly #smile: SmilePoint[];
  readonly #below: Int32Array;
  readonly #above: Int32Array;
  readonly #clockAt: (t: number) => PricingClock | null;
  #clockSecond = Number.NaN;
  #clock: PricingClock | null = null;

  /** `clockAt(t)`: years to this expiry and the rate at exchange time t (null: nothing is priced). */
  constructor(expiry: string, pairs: readonly StrikePair[], clockAt: (t: number) => PricingClock | null) {
    this.expiry = expiry;
    this.#clockAt = clockAt;
    this.#strikes = pairs.map((p) => p.strike);
    this.#slots = new Int32Array(2 * pairs.length).fill(-1);
    this.#input = createChainInput(pairs.length, Number.NaN, Number.NaN);
    this.#input.strikes.set(this.#strikes);
    this.#smile = this.#strikes.map((strike) => ({ strike, iv: null }));
    this.#below = new Int32Array(pairs.length);
    this.#above = new Int32Array(pairs.length);
  }

  /** A contract of this expiry got book slot i. */
  add(contract: OptionContract, i: number): void {
    const k = this.#strikes.indexOf(contract.strike);
    if (k >= 0) this.#slots[2 * k + (contract.side === 'CE' ? 0 : 1)] = i;
  }

  /**
   * Prices the expiry at exchange time t and runs IV jump and fair value on every contract of it
   * that has ticked; `take(i)` is called after each contract whose rules fired (into `out`).
   */
  run(book: SignalBook, t: number, out: SignalCandidate[], take: (i: number) => void): void {
    const second = Math.floor(t / 1000);
    if (second !== this.#clockSecond) { this.#clockSecond = second; this.#clock = this.#clockAt(t); }
    const clock = this.#clock;
    if (!clock || !(clock.years > 0)) return;
    const q = this.#input, slots = this.#slots, n = this.#strikes.length;
    q.buffer[0] = clock.years;
    q.buffer[1] = clock.rate;
    for (let k = 0; k < n; k++) {
      const c = slots[2 * k]!, p = slots[2 * k + 1]!;
      q.ceBid[k] = c >= 0 ? book.bid(c) : Number.NaN; q.ceAsk[k] = c >= 0 ? book.ask(c) : Number.NaN; q.ceLtp[k] = c >= 0 ? book.ltp(c) : Number.NaN;
      q.peBid[k] = p >= 0 ? book.bid(p) : Number.NaN; q.peAsk[k] = p >= 0 ? book.ask(p) : Number.NaN; q.peLtp[k] = p >= 0 ? book.ltp(p) : Number.NaN;
    }
    const r = priceChain(q.buffer, {}, this.#result);
    this.#result = r.buffer;
    const smile = this.#smile;
    for (let k = 0; k < n; k++) {
      const iv = Number.isFinite(r.ce.iv[k]!) ? r.ce.iv[k]! : r.pe.iv[k]!;
      smile[k]!.iv = iv > 0 ? iv : null;
    }
    // Each strike's nearest strikes below and above with an IV (one pass each way, not a scan per contract).
    const below = this.#below, above = this.#above;
    for (let k = 0, last = -1; k < n; k++) { below[k] = last; if (smile[k]!.iv !== null) last = k; }
    for (let k = n - 1, next = -1; k >= 0; k--) { above[k] = next; if (smile[k]!.iv !== null) next = k; }
    const forward = r.forward;
    for (let k = 0; k < n; k++) {
      for (let side = 0; side < 2; side++) {
        const i = slots[2 * k + side]!;
        if (i < 0) continue;
        const iv = (side === 0 ? r.ce : r.pe).iv[k]!;
        if (Number.isFinite(iv)) book.onIv(i, t, iv, out);
        if (Number.isFinite(forward)) {
          const lo = below[k]!, hi = above[k]!;
          const fair = lo < 0 && hi < 0 ? null : modelFairValue(lo >= 0 && hi >= 0 ? [smile[lo]!, smile[hi]!] : [smile[lo >= 0 ? lo : hi]!], { isCall: side === 0, strike: this.#strikes[k]!, forward, years: clock.years, rate: clock.rate });
          if (fair) {
            const bid = book.bid(i), ask = book.ask(i), ltp = book.ltp(i);
            const mid = bid > 0 && ask > bid ? (bid + ask) / 2 : null;
            book.onFairValue(i, t, { mid, ltp: Number.isFinite(ltp) ? ltp : null }, { value: fair.value, iv: fair.iv, fmv: null }, out);
          }
        }
        if (out.length) take(i);
      }
    }
  }
}

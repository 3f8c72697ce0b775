// OptionChain: one underlying × one expiry. Knows its listed strikes, where ATM is,
// which instruments it needs, and renders the chain model from MarketState on demand
// (it keeps no copy of quotes). Runtime: std.
import { emptyLeg, type AtmReference, type ChainRow, type OptionChainModel, type OptionLeg } from '../../../shared/chain.ts';
import type { OptionContract, UnderlyingInfo } from '../../../shared/market.ts';
import type { FeedMode } from '../feeds/feed.ts';
import { DEFAULT_MODE_PLAN, REST_OF_EXPIRY_MODE, strikeMode, type ModePlanOptions } from '../feeds/common/subscription-plan.ts';
import { black76Price } from '../pricing/black76.ts';
import { createChainInput, ivErrorName, ivSourceName, type ChainResultView } from '../pricing/chain-pricing.ts';
import type { StrikePair } from '../instruments/registry.ts';
import type { MarketState, Quote } from '../market/market-state.ts';
import { chainMetrics, type StrikeFlow } from './metrics.ts';
import { buildup, oiChange } from './oi-change.ts';
import type { PrevOiBaseline } from './prev-oi.ts';
import { nextAtmIndex, nextSubscriptionCentre, subscribedRange, visibleRows } from './strike-window.ts';

export interface OptionChainOptions {
  /** Rows each side of ATM (20 → 41 rows). */
  halfWidth: number;
  /** Extra strikes subscribed beyond the rows, each side; also the re-centre hysteresis. */
  margin: number;
  /** ATM dead band around the half-step boundary, as a fraction of the strike gap (0.1 = 5 points on NIFTY). */
  atmBand: number;
  /** Feed mode for options near the money and for the underlying. */
  optionMode: FeedMode;
  /** Strikes each side of the subscription centre in `optionMode` (default 10); further out: `outerMode`. */
  depthStrikes?: number;
  /** Feed mode for the outer strikes (default 'quote'). */
  outerMode?: FeedMode;
  /** ATM nearest the spot (default, as NSE's page) or the forward; Greeks use the forward either way. */
  atmReference?: AtmReference;
}

/** A chain's last pricing: forward, forward ÷ spot (basis), years to expiry, rate. */
export interface ChainPricingInputs {
  forward: number | null;
  basis: number | null;
  years: number;
  rate: number;
}

/** Pricing inputs that are not quotes: years to expiry and the discount rate. */
export interface PricingClock {
  years: number;
  rate: number;
}

export class OptionChain {
  readonly id: string;
  readonly underlying: UnderlyingInfo;
  readonly expiry: string;
  readonly #pairs: readonly StrikePair[];
  readonly #strikes: number[];
  readonly #opts: OptionChainOptions;
  #atmIndex = -1;
  #centre: number | null = null;
  readonly #keys = new Set<string>();
  readonly #indexOfStrike = new Map<number, number>();
  /** Latest pricing result, indexed like #pairs (every listed strike of the expiry). */
  #priced: ChainResultView | null = null;
  #pricedClock: PricingClock | null = null;
  /** forward ÷ spot at the last pricing: turns each spot tick into a forward estimate for ATM. */
  #basis = 1;
  #spot: number | null = null;
  #atmReference: AtmReference;
  #prevOi: PrevOiBaseline | null = null;

  constructor(id: string, underlying: UnderlyingInfo, expiry: string, pairs: readonly StrikePair[], opts: OptionChainOptions) {
    this.id = id;
    this.underlying = underlying;
    this.expiry = expiry;
    this.#pairs = pairs;
    this.#strikes = pairs.map((p) => p.strike);
    this.#opts = opts;
    this.#atmReference = opts.atmReference ?? 'spot';
    pairs.forEach((p, i) => {
      this.#indexOfStrike.set(p.strike, i);
      if (p.CE) this.#keys.add(p.CE.key);
      if (p.PE) this.#keys.add(p.PE.key);
    });
  }

  /** True when this key is one of the chain's options (subscribed or not). */
  hasOption(key: string): boolean {
    return this.#keys.has(key);
  }

  get atmStrike(): number | null {
    return this.#atmIndex >= 0 ? this.#strikes[this.#atmIndex]! : null;
  }

  get atmReference(): AtmReference {
    return this.#atmReference;
  }

  /** Switches what ATM is nearest to; true when the subscription window moved. */
  setAtmReference(reference: AtmReference): boolean {
    if (reference === this.#atmReference) return false;
    this.#atmReference = reference;
    return this.#spot !== null ? this.onUnderlyingPrice(this.#spot) : false;
  }

  /** The previous close's OI for ΔOI and buildup (null: unknown). */
  setPrevOi(baseline: PrevOiBaseline | null): void {
    this.#prevOi = baseline;
  }

  /** Every option of the expiry: [instrument key, strike, side]. */
  contracts(): OptionContract[] {
    const out: OptionContract[] = [];
    for (const p of this.#pairs) { if (p.CE) out.push(p.CE); if (p.PE) out.push(p.PE); }
    return out;
  }

  /**
   * Moves ATM for a new underlying price; true when the subscription window moved.
   * ATM is the strike nearest the spot ('spot' reference), or nearest the forward: the spot
   * times the basis seen at the last pricing (spot itself until the first pricing result).
   */
  onUnderlyingPrice(ltp: number): boolean {
    this.#spot = ltp;
    const price = this.#atmReference === 'spot' ? ltp : ltp * this.#basis;
    const idx = nextAtmIndex(this.#strikes, this.#atmIndex, price, this.#opts.atmBand);
    if (idx < 0) return false;
    this.#atmIndex = idx;
    const centre = nextSubscriptionCentre(this.#centre, idx, this.#opts.margin);
    const moved = centre !== this.#centre;
    this.#centre = centre;
    return moved;
  }

  /**
   * Instruments this chain needs, with their feed modes: the underlying and the strikes within
   * `depthStrikes` of the subscription centre in `optionMode`, the outer strikes of the window
   * in `outerMode`, and — with `wholeExpiry` — every other strike of the expiry in the lightest
   * mode carrying LTP, volume and OI (REST_OF_EXPIRY_MODE), for the whole-expiry metrics.
   * Re-centring therefore changes the mode of the strikes that cross the boundary.
   */
  subscriptions(into: Map<string, FeedMode>, wholeExpiry = false): void {
    into.set(this.underlying.key, this.#opts.optionMode);
    if (this.#centre === null) return;
    if (wholeExpiry) {
      for (const p of this.#pairs) {
        if (p.CE) into.set(p.CE.key, REST_OF_EXPIRY_MODE);
        if (p.PE) into.set(p.PE.key, REST_OF_EXPIRY_MODE);
      }
    }
    const plan: ModePlanOptions = {
      depthStrikes: this.#opts.depthStrikes ?? DEFAULT_MODE_PLAN.depthStrikes,
      nearMode: this.#opts.optionMode,
      outerMode: this.#opts.outerMode ?? DEFAULT_MODE_PLAN.outerMode,
    };
    const { from, to } = subscribedRange(this.#pairs.length, this.#centre, this.#opts.halfWidth, this.#opts.margin);
    for (let i = from; i <= to; i++) {
      const p = this.#pairs[i]!;
      const mode = strikeMode(i - this.#centre, plan);
      if (p.CE) into.set(p.CE.key, mode);
      if (p.PE) into.set(p.PE.key, mode);
    }
  }

  /** Pricing input over every listed strike (a fixed index space, so results map back exactly). */
  pricingInput(market: MarketState, clock: PricingClock): Float64Array {
    const input = createChainInput(this.#pairs.length, clock.years, clock.rate);
    this.#pairs.forEach((p, i) => {
      input.strikes[i] = p.strike;
      const c = p.CE && market.get(p.CE.key);
      const u = p.PE && market.get(p.PE.key);
      if (c) { input.ceBid[i] = c.bids[0]?.price ?? NaN; input.ceAsk[i] = c.asks[0]?.price ?? NaN; input.ceLtp[i] = c.ltp ?? NaN; }
      if (u) { input.peBid[i] = u.bids[0]?.price ?? NaN; input.peAsk[i] = u.asks[0]?.price ?? NaN; input.peLtp[i] = u.ltp ?? NaN; }
    });
    return input.buffer;
  }

  /** Takes a pricing result for an input built at `spotAtSubmit`; true when subscriptions must move. */
  applyPricing(result: ChainResultView, clock: PricingClock, spotAtSubmit: number | null): boolean {
    if (result.strikeCount !== this.#pairs.length) return false;
    this.#priced = result;
    // The years and rate the IVs were actually solved with travel in the result (exact inputs).
    this.#pricedClock = Number.isFinite(result.years) && Number.isFinite(result.rate) ? { years: result.years, rate: result.rate } : clock;
    if (Number.isFinite(result.forward) && spotAtSubmit) this.#basis = result.forward / spotAtSubmit;
    return this.#spot !== null ? this.onUnderlyingPrice(this.#spot) : false;
  }

  get spot(): number | null {
    return this.#spot;
  }

  /** The chain as the API returns it, read from the market's latest quotes. */
  model(market: MarketState): OptionChainModel {
    const u = market.get(this.underlying.key);
    const rows: ChainRow[] = [];
    let latest = u?.exchangeTs ?? null;
    if (this.#atmIndex >= 0) {
      for (const { strike, tag } of visibleRows(this.#strikes, this.#atmIndex, this.#opts.halfWidth)) {
        const p = this.#pairs[this.#indexOfStrike.get(strike)!]!;
        const ce = p.CE ? this.#leg(p.CE, market.get(p.CE.key)) : null;
        const pe = p.PE ? this.#leg(p.PE, market.get(p.PE.key)) : null;
        for (const leg of [ce, pe]) if (leg?.last_update != null && (latest === null || leg.last_update > latest)) latest = leg.last_update;
        rows.push({ tag, strike, ce_data: ce, pe_data: pe });
      }
    }
    const prev = this.#prevOi;
    return {
      underlying: this.underlying.name,
      underlying_ltp: u?.ltp ?? null,
      spot: u?.ltp ?? null,
      underlying_change: u?.ltp != null && u.prevClose != null ? round2(u.ltp - u.prevClose) : null,
      atm_strike: this.atmStrike,
      atm_reference: this.#atmReference,
      strike_step: this.underlying.strikeStep,
      lot_size: this.underlying.lotSize,
      expiry: this.expiry,
      timestamp: latest,
      forward: this.#priced && Number.isFinite(this.#priced.forward) ? this.#priced.forward : null,
      forward_source: this.#priced?.forwardSource ?? null,
      time_to_expiry: this.#pricedClock?.years ?? null,
      rate: this.#pricedClock?.rate ?? null,
      prev_oi_source: prev?.source ?? null,
      prev_oi_date: prev?.date ?? null,
      options: rows,
      market_metrics: chainMetrics(rows, this.#expiryFlows(market)),
    };
  }

  /** OI and volume of every listed strike of the expiry, as received (null: nothing yet). */
  #expiryFlows(market: MarketState): StrikeFlow[] {
    const out: StrikeFlow[] = new Array(this.#pairs.length);
    for (let i = 0; i < this.#pairs.length; i++) {
      const p = this.#pairs[i]!;
      const c = p.CE ? market.get(p.CE.key) : undefined;
      const u = p.PE ? market.get(p.PE.key) : undefined;
      out[i] = { strike: p.strike, callOi: c?.oi ?? null, putOi: u?.oi ?? null, callVolume: c?.volume ?? null, putVolume: u?.volume ?? null };
    }
    return out;
  }

  /** One listed option of the chain, in or out of the shown rows (null when the key is not this chain's). */
  leg(key: string, market: MarketState): OptionLeg | null {
    if (!this.#keys.has(key)) return null;
    for (const p of this.#pairs) {
      if (p.CE?.key === key) return this.#leg(p.CE, market.get(key));
      if (p.PE?.key === key) return this.#leg(p.PE, market.get(key));
    }
    return null;
  }

  /** What the last pricing used: spot then, forward, years to expiry, rate (null before the first). */
  pricingInputs(): ChainPricingInputs | null {
    if (!this.#priced || !this.#pricedClock) return null;
    const forward = Number.isFinite(this.#priced.forward) ? this.#priced.forward : null;
    return { forward, basis: forward !== null ? this.#basis : null, years: this.#pricedClock.years, rate: this.#pricedClock.rate };
  }

  #leg(c: OptionContract, q: Quote | undefined): OptionLeg {
    const leg = emptyLeg(c.symbol, c.key);
    const i = this.#indexOfStrike.get(c.strike);
    if (this.#priced && i !== undefined) {
      const r = c.side === 'CE' ? this.#priced.ce : this.#priced.pe;
      leg.iv_source = ivSourceName(r.ivSource[i]!);
      const price = r.ivPrice[i]!;
      leg.iv_price = Number.isFinite(price) ? price : null;
      leg.iv_leg = r.ivLeg[i] === 1 ? 'CE' : r.ivLeg[i] === 2 ? 'PE' : null;
      leg.iv_error = ivErrorName(r.ivError[i]!);
      if (leg.iv_error === null) {
        leg.iv = r.iv[i]!; leg.delta = r.delta[i]!; leg.gamma = r.gamma[i]!;
        leg.theta = r.theta[i]!; leg.vega = r.vega[i]!; leg.rho = r.rho[i]!;
        const F = this.#priced.forward;
        if (Number.isFinite(F) && this.#pricedClock) leg.model_value = round2(black76Price(c.side === 'CE', F, c.strike, this.#pricedClock.years, leg.iv, this.#pricedClock.rate));
      }
    }
    if (!q) return leg;
    const bid = q.bids[0];
    const ask = q.asks[0];
    leg.ltp = q.ltp;
    leg.prev_close = q.prevClose;
    leg.change = q.ltp != null && q.prevClose != null ? round2(q.ltp - q.prevClose) : null;
    leg.bid = bid?.price ?? null;
    leg.ask = ask?.price ?? null;
    leg.bid_qty = bid?.qty ?? null;
    leg.ask_qty = ask?.qty ?? null;
    leg.spread = bid && ask ? round2(ask.price - bid.price) : null;
    leg.volume = q.volume;
    leg.oi = q.oi;
    const prevOi = this.#prevOi?.oi.get(c.key);
    if (prevOi !== undefined) {
      leg.prev_oi = prevOi;
      const d = oiChange(q.oi, prevOi);
      leg.oi_change = d.oi_change;
      leg.oi_change_pct = d.oi_change_pct;
      leg.buildup = buildup(leg.change, d.oi_change);
    }
    leg.last_update = q.exchangeTs;
    if (q.brokerIv != null) leg.broker_iv = q.brokerIv;
    if (q.fairValue != null) leg.broker_fmv = q.fairValue;
    const g = q.brokerGreeks;
    if (g) {
      leg.broker_delta = g.delta; leg.broker_gamma = g.gamma; leg.broker_theta = g.theta;
      leg.broker_vega = g.vega; leg.broker_rho = g.rho;
    }
    return leg;
  }
}

/** Rounds a price difference to paise/cents, removing binary-float noise (12.3 − 12.2). */
function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

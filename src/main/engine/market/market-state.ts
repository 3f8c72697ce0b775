// MarketState: the one owner of the latest quote, depth and OI of every instrument.
// Feeds write Ticks in; chains, candles, store and alerts read from here.
import type { DepthLevel, Greeks, Tick } from '../../../shared/market.ts';

/** The merged latest picture of one instrument. */
export interface Quote {
  key: string;
  ltp: number | null;
  ltq: number | null;
  prevClose: number | null;
  bids: readonly DepthLevel[];
  asks: readonly DepthLevel[];
  volume: number | null;
  oi: number | null;
  atp: number | null;
  totalBuyQty: number | null;
  totalSellQty: number | null;
  brokerIv: number | null;
  brokerGreeks: Greeks | null;
  /** The venue's fair value (Massive FMV), or null. */
  fairValue: number | null;
  /** The last book received had its best bid above its best ask (tick.crossed). */
  crossed: boolean;
  exchangeTs: number;
  receiveTs: number;
  /** Ticks merged into this quote. */
  updates: number;
}

const NO_LEVELS: readonly DepthLevel[] = Object.freeze([]);

export class MarketState {
  readonly #quotes = new Map<string, Quote>();

  /** Merges a tick; fields the tick does not carry keep their last value. Returns the quote. */
  apply(t: Tick): Quote {
    let q = this.#quotes.get(t.key);
    if (!q) {
      q = {
        key: t.key, ltp: null, ltq: null, prevClose: null, bids: NO_LEVELS, asks: NO_LEVELS, volume: null, oi: null,
        atp: null, totalBuyQty: null, totalSellQty: null, brokerIv: null, brokerGreeks: null, fairValue: null, crossed: false,
        exchangeTs: t.exchangeTs, receiveTs: t.receiveTs, updates: 0,
      };
      this.#quotes.set(t.key, q);
    }
    if (t.ltp !== undefined) q.ltp = t.ltp;
    if (t.ltq !== undefined) q.ltq = t.ltq;
    if (t.prevClose !== undefined) q.prevClose = t.prevClose;
    if (t.bids !== undefined) q.bids = t.bids;
    if (t.asks !== undefined) q.asks = t.asks;
    if (t.bids !== undefined || t.asks !== undefined) q.crossed = t.crossed === true;
    if (t.volume !== undefined) q.volume = t.volume;
    if (t.oi !== undefined) q.oi = t.oi;
    if (t.atp !== undefined) q.atp = t.atp;
    if (t.totalBuyQty !== undefined) q.totalBuyQty = t.totalBuyQty;
    if (t.totalSellQty !== undefined) q.totalSellQty = t.totalSellQty;
    if (t.brokerIv !== undefined) q.brokerIv = t.brokerIv;
    if (t.brokerGreeks !== undefined) q.brokerGreeks = t.brokerGreeks;
    if (t.fairValue !== undefined) q.fairValue = t.fairValue;
    if (t.exchangeTs > q.exchangeTs) q.exchangeTs = t.exchangeTs;
    q.receiveTs = t.receiveTs;
    q.updates++;
    return q;
  }

  get(key: string): Quote | undefined {
    return this.#quotes.get(key);
  }

  get size(): number {
    return this.#quotes.size;
  }
}

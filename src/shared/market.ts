// Venue-neutral market data: what every feed adapter normalises into.
// Runtime: std (no node, no DOM, no electron).

export type OptionSide = 'CE' | 'PE';

/** One price level of the order book, best first. Quantities in shares/units (not lots). */
export interface DepthLevel {
  price: number;
  qty: number;
  orders?: number;
}

/** Option sensitivities in the API's units: theta per calendar day, vega per 1 vol point, rho per 1 % rate. */
export interface Greeks {
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
}

/**
 * One normalised market-data update for one instrument.
 * A field that is absent was not carried by this update (e.g. ltpc mode has no depth);
 * MarketState merges updates into the latest full picture.
 */
export interface Tick {
  /** Venue instrument key, e.g. 'NSE_FO|45450' or 'NSE_INDEX|Nifty 50'. */
  key: string;
  /** Exchange time of the update (last trade time when that is all there is), epoch ms UTC. */
  exchangeTs: number;
  /** When Optick received the frame, epoch ms UTC. */
  receiveTs: number;
  /**
   * When Optick's socket received the frame on the monotonic clock (monoNow() of shared/latency.ts,
   * ms on the epoch); set by live feeds, absent in replays and imports. Latency is measured from it.
   */
  receiveMono?: number;
  ltp?: number;
  /** Last traded quantity. */
  ltq?: number;
  /** Previous session's close. */
  prevClose?: number;
  bids?: DepthLevel[];
  asks?: DepthLevel[];
  /** Cumulative volume traded today, in the venue's unit (Upstox vtt: units/shares, not lots). */
  volume?: number;
  /** Open interest. */
  oi?: number;
  /** Average traded price today. */
  atp?: number;
  totalBuyQty?: number;
  totalSellQty?: number;
  /** Implied volatility sent by the broker (as the broker sends it; see the adapter for units). */
  brokerIv?: number;
  brokerGreeks?: Greeks;
  /** The venue's own fair value of the contract (Massive FMV), as sent. */
  fairValue?: number;
  /** Set by the feed boundary when the best bid is above the best ask (the book is kept, flagged). */
  crossed?: true;
}

/** An underlying whose options Optick can chain. */
export interface UnderlyingInfo {
  /** Trader's name, e.g. 'NIFTY', 'BANKNIFTY', 'SPY'. */
  name: string;
  /** Venue key of the underlying index/stock, e.g. 'NSE_INDEX|Nifty 50'. */
  key: string;
  exchange: 'NSE' | 'US' | 'CRYPTO';
  /** Distance between adjacent listed strikes near the money. */
  strikeStep: number;
  /** Contract multiplier: shares per lot. */
  lotSize: number;
  /** IANA zone of the exchange clock. */
  timeZone: string;
  /** False for a symbol with no option chain (a perpetual, a stock): shown as a price view. */
  chain?: false;
}

/** One trade of a price view. */
export interface TradePrint {
  /** Exchange time, epoch ms. */
  time: number;
  price: number;
  qty: number;
}

/** The price view of one symbol (market.price): the latest quote and its last trades. */
export interface PriceView {
  symbol: string;
  instrument_key: string;
  exchange: UnderlyingInfo['exchange'];
  time_zone: string;
  ltp: number | null;
  prev_close: number | null;
  change: number | null;
  change_pct: number | null;
  bid: number | null;
  ask: number | null;
  bid_qty: number | null;
  ask_qty: number | null;
  /** Today's volume (a 24×7 market: since 00:00 UTC, summed by Optick from the trades it saw). */
  volume: number | null;
  oi: number | null;
  last_update: number | null;
  /** Newest first, at most 50. */
  trades: TradePrint[];
}

/** One listed option contract. */
export interface OptionContract {
  /** Venue instrument key, e.g. 'NSE_FO|45450'. */
  key: string;
  /** OpenAlgo symbol, e.g. 'NIFTY07JUL2624500CE'. */
  symbol: string;
  underlying: string;
  /** Expiry date in the exchange's calendar, 'YYYY-MM-DD'. */
  expiry: string;
  strike: number;
  side: OptionSide;
  lotSize: number;
  /** Minimum price step in rupees/dollars. */
  tickSize: number;
  /** Largest quantity (units) of one order the exchange accepts, from the instrument master; absent when it does not say. */
  freezeQty?: number;
}

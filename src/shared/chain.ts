// The option-chain model: the JSON the local API returns and the renderer shows.
// Field names are snake_case because they are the public API (issue 2's chain model).
// A value not computed yet is null, never invented.

/** 'ITM20'…'ITM1', 'ATM', 'OTM1'…'OTM20', named from the call's side (strikes below ATM are ITM). */
export type StrikeTag = string;

/** Which quote an implied volatility was solved from. */
export type IvSource = 'mid' | 'ltp';

export interface OptionLeg {
  /** OpenAlgo symbol, e.g. NIFTY07JUL2624500CE. */
  symbol: string;
  instrument_key: string;
  ltp: number | null;
  /** ltp − previous close. */
  change: number | null;
  prev_close: number | null;
  bid: number | null;
  ask: number | null;
  bid_qty: number | null;
  ask_qty: number | null;
  /** ask − bid when both sides are quoted. */
  spread: number | null;
  /** Cumulative volume today. */
  volume: number | null;
  oi: number | null;
  /** Exchange time of the latest update, epoch ms. */
  last_update: number | null;
  /** Implied volatility as a decimal (0.1534 = 15.34 %). */
  iv: number | null;
  delta: number | null;
  gamma: number | null;
  /** Per calendar day. */
  theta: number | null;
  /** Per 1 vol point. */
  vega: number | null;
  /** Per 1 % rate. */
  rho: number | null;
  iv_source: IvSource | null;
  /** Typed reason no IV exists (e.g. 'below_intrinsic'), or null. */
  iv_error: string | null;
  /** The broker's own figures, as sent, for comparison with ours. */
  broker_iv: number | null;
  broker_delta: number | null;
  broker_gamma: number | null;
  broker_theta: number | null;
  broker_vega: number | null;
  broker_rho: number | null;
  /**
   * OI change vs the previous session's close OI (h13-expiry fills it; absent or null until
   * a previous close is known). Optional here so the renderer can ship before the engine does.
   */
  oi_change?: number | null;
  /** oi_change as a fraction of the previous close OI (0.125 = +12.5 %). */
  oi_change_pct?: number | null;
  /** Buildup read from price change and OI change; null when either is unknown. */
  buildup?: Buildup | null;
}

/** Price up + OI up = long buildup, down + up = short buildup, up + down = short covering, down + down = long unwinding. */
export type Buildup = 'long_buildup' | 'short_buildup' | 'short_covering' | 'long_unwinding';

export interface ChainRow {
  tag: StrikeTag;
  strike: number;
  ce_data: OptionLeg | null;
  pe_data: OptionLeg | null;
}

export interface MarketMetrics {
  total_ce_volume: number | null;
  total_pe_volume: number | null;
  total_ce_oi: number | null;
  total_pe_oi: number | null;
  /** Put/call ratio of open interest over the chain's strikes. */
  pcr: number | null;
  /** Put/call ratio of today's volume over the chain's strikes. */
  pcr_volume: number | null;
  max_pain: number | null;
  /** The skew the UI shows: IV of the 25-delta put ÷ IV of the 25-delta call (1.15 = puts 15 % richer). */
  iv_skew: number | null;
  /** 25-delta risk reversal: IV(25Δ call) − IV(25Δ put), decimal vol. */
  rr_25d: number | null;
  /** 25-delta butterfly: (IV(25Δ call) + IV(25Δ put)) / 2 − ATM IV, decimal vol. */
  bf_25d: number | null;
  /** IV of the ATM strike, decimal. */
  atm_iv: number | null;
  /** ATM call + ATM put premium (mid where two-sided, else LTP): the market's expected move. */
  atm_straddle: number | null;
  /** PCR of OI over the strikes shown (ATM ±20) when `pcr` is the whole expiry's; absent until the engine sends it. */
  pcr_shown?: number | null;
  /** PCR of volume over the strikes shown (ATM ±20); absent until the engine sends it. */
  pcr_volume_shown?: number | null;
}

/** Everything about a chain except its rows and metrics. */
export interface ChainHead {
  underlying: string;
  underlying_ltp: number | null;
  /** Underlying change vs previous close. */
  underlying_change: number | null;
  atm_strike: number | null;
  strike_step: number;
  lot_size: number;
  expiry: string;
  /** Epoch ms of the latest tick in the chain. */
  timestamp: number | null;
  /** Forward used for pricing (put-call parity or future), null until computed. */
  forward: number | null;
  /** Years to expiry used for pricing. */
  time_to_expiry: number | null;
  rate: number | null;
}

export interface OptionChainModel extends ChainHead {
  options: ChainRow[];
  market_metrics: MarketMetrics;
}

/** Number of strikes on each side of ATM. */
export const CHAIN_HALF_WIDTH = 20;

/** Tag of the strike `offset` steps from ATM (negative = below ATM = ITM for calls). */
export function strikeTag(offset: number): StrikeTag {
  if (offset === 0) return 'ATM';
  return offset < 0 ? `ITM${-offset}` : `OTM${offset}`;
}

/** Stable id of a chain: one underlying, one expiry. */
export function chainId(underlying: string, expiry: string): string {
  return `${underlying}|${expiry}`;
}

export function emptyLeg(symbol: string, instrumentKey: string): OptionLeg {
  return {
    symbol, instrument_key: instrumentKey,
    ltp: null, change: null, prev_close: null, bid: null, ask: null, bid_qty: null, ask_qty: null,
    spread: null, volume: null, oi: null, last_update: null,
    iv: null, delta: null, gamma: null, theta: null, vega: null, rho: null,
    iv_source: null, iv_error: null,
    broker_iv: null, broker_delta: null, broker_gamma: null, broker_theta: null, broker_vega: null, broker_rho: null,
  };
}

export function emptyMetrics(): MarketMetrics {
  return {
    total_ce_volume: null, total_pe_volume: null, total_ce_oi: null, total_pe_oi: null, pcr: null, pcr_volume: null,
    max_pain: null, iv_skew: null, rr_25d: null, bf_25d: null, atm_iv: null, atm_straddle: null,
  };
}

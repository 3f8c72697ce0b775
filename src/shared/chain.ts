// The option-chain model: the JSON the local API returns and the renderer shows.
// Field names are snake_case because they are the public API (issue 2's chain model).
// A value not computed yet is null, never invented.

/** 'ITM20'…'ITM1', 'ATM', 'OTM1'…'OTM20', named from the call's side (strikes below ATM are ITM). */
export type StrikeTag = string;

/** Which quote an implied volatility was solved from. */
export type IvSource = 'mid' | 'ltp';

/**
 * Price change × OI change since the previous close (quant.md §4): price up + OI up = long
 * buildup, price down + OI up = short buildup, price up + OI down = short covering, price down +
 * OI down = long unwinding. Null when either change is zero or unknown.
 */
export type Buildup = 'long_buildup' | 'short_buildup' | 'short_covering' | 'long_unwinding';

/** Which strike is ATM: nearest the spot (what NSE's page uses, the default) or nearest the forward. Greeks always use the forward. */
export type AtmReference = 'spot' | 'forward';

/** Where a chain's previous-close OI came from: Optick's own tick history, or an imported NSE F&O bhavcopy. */
export type PrevOiSource = 'history' | 'bhavcopy';

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
  /**
   * Open interest at the previous session's close, in the same unit as `oi` (units = lots × lot
   * size, as Upstox and the bhavcopy report it). From the chain's `prev_oi_source`; null when unknown.
   */
  prev_oi: number | null;
  /** oi − prev_oi; null when either is unknown. */
  oi_change: number | null;
  /** 100 × oi_change ÷ prev_oi, in percent (12.5 = +12.5 %), like NSE's pchangeinOpenInterest; null when prev_oi is 0 or unknown. */
  oi_change_pct: number | null;
  /** From `change` (LTP vs previous close) and `oi_change`; null when either is 0 or unknown. */
  buildup: Buildup | null;
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
  /**
   * The exact premium the strike's IV was solved from (a mid or an LTP, see iv_source) — the OTM
   * leg's quote, shared by both legs of the strike. With the chain's `forward`, `time_to_expiry`
   * and `rate`, `{ model: 'black76', type: iv_leg === 'CE' ? 'call' : 'put', F: forward, K: strike,
   * T: time_to_expiry, r: rate, price: iv_price }` given to the calculator returns this leg's `iv`.
   * Null when no quote was used.
   */
  iv_price: number | null;
  /** Which leg's quote `iv_price` is: 'CE' or 'PE' (usually the OTM one); null when none. */
  iv_leg: 'CE' | 'PE' | null;
  /** Typed reason no IV exists (e.g. 'below_intrinsic'), or null. */
  iv_error: string | null;
  /** The broker's own figures, as sent, for comparison with ours. */
  broker_iv: number | null;
  broker_delta: number | null;
  broker_gamma: number | null;
  broker_theta: number | null;
  broker_vega: number | null;
  broker_rho: number | null;
  /** The feed's fair market value of the contract (Massive FMV), as sent; null when the feed has none. */
  broker_fmv: number | null;
  /** Our model value: Black-76 on the chain's forward at this strike's IV (the price the IV and Greeks describe). */
  model_value: number | null;
}

export interface ChainRow {
  tag: StrikeTag;
  strike: number;
  ce_data: OptionLeg | null;
  pe_data: OptionLeg | null;
}

/**
 * Chain metrics. The un-suffixed totals, PCRs and max pain are over EVERY listed strike of the
 * expiry (NSE's definitions: what its option-chain page and Sensibull show); the `*_shown`
 * twins are over the rows shown (ATM ±20). Skew, ATM IV and straddle come from the shown rows.
 */
export interface MarketMetrics {
  /** Σ call volume (today) over every strike of the expiry. */
  total_ce_volume: number | null;
  total_pe_volume: number | null;
  /** Σ call OI over every strike of the expiry. */
  total_ce_oi: number | null;
  total_pe_oi: number | null;
  /** Put/call ratio of open interest over every strike of the expiry (NSE's filtered totOI ratio). */
  pcr: number | null;
  /** Put/call ratio of today's volume over every strike of the expiry. */
  pcr_volume: number | null;
  /** Max pain over every listed strike of the expiry (ties → lower strike). */
  max_pain: number | null;
  /** Listed strikes in the expiry (the whole-expiry figures' universe). */
  strikes_total: number;
  /** Strikes of the expiry with OI or volume received so far: equals strikes_total once the whole expiry has streamed. */
  strikes_quoted: number;
  /** The largest OI of any one leg (call or put) over every strike of the expiry: the chain's OI bars are drawn as a share of it. */
  max_oi: number | null;
  /** The same figures over the rows shown (ATM ±20) only. */
  total_ce_volume_shown: number | null;
  total_pe_volume_shown: number | null;
  total_ce_oi_shown: number | null;
  total_pe_oi_shown: number | null;
  pcr_shown: number | null;
  pcr_volume_shown: number | null;
  max_pain_shown: number | null;
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
}

/** Everything about a chain except its rows and metrics. */
export interface ChainHead {
  underlying: string;
  /** The underlying's LTP (the spot index); same value as `spot`, kept for existing readers. */
  underlying_ltp: number | null;
  /** The underlying's spot LTP. */
  spot: number | null;
  /** Underlying change vs previous close. */
  underlying_change: number | null;
  /** The ATM row's strike: listed strike nearest `spot` or `forward`, per `atm_reference`. */
  atm_strike: number | null;
  /** What atm_strike is nearest to (engine setting, default 'spot'; 'chain.setAtmReference'). */
  atm_reference: AtmReference;
  strike_step: number;
  lot_size: number;
  expiry: string;
  /** Epoch ms of the latest tick in the chain. */
  timestamp: number | null;
  /** Forward used for pricing (put-call parity or future), null until computed. Exactly the F of every IV in the chain. */
  forward: number | null;
  /** How the forward was found: a listed future, or put-call parity at the strikes near ATM. */
  forward_source: 'future' | 'parity' | null;
  /** Years to expiry used for pricing: exactly the T of every IV in the chain. */
  time_to_expiry: number | null;
  /** Continuously compounded rate (decimal) used for pricing: exactly the r of every IV in the chain. */
  rate: number | null;
  /** Where the legs' prev_oi came from; null when no previous-close OI is known. */
  prev_oi_source: PrevOiSource | null;
  /** Trade date ('YYYY-MM-DD', exchange zone) of that previous close; null when unknown. */
  prev_oi_date: string | null;
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
    spread: null, volume: null, oi: null, prev_oi: null, oi_change: null, oi_change_pct: null, buildup: null, last_update: null,
    iv: null, delta: null, gamma: null, theta: null, vega: null, rho: null,
    iv_source: null, iv_price: null, iv_leg: null, iv_error: null,
    broker_iv: null, broker_delta: null, broker_gamma: null, broker_theta: null, broker_vega: null, broker_rho: null,
    broker_fmv: null, model_value: null,
  };
}

export function emptyMetrics(): MarketMetrics {
  return {
    total_ce_volume: null, total_pe_volume: null, total_ce_oi: null, total_pe_oi: null, pcr: null, pcr_volume: null,
    max_pain: null, strikes_total: 0, strikes_quoted: 0, max_oi: null,
    total_ce_volume_shown: null, total_pe_volume_shown: null, total_ce_oi_shown: null, total_pe_oi_shown: null,
    pcr_shown: null, pcr_volume_shown: null, max_pain_shown: null, iv_skew: null, rr_25d: null, bf_25d: null, atm_iv: null, atm_straddle: null,
  };
}

// Builds an OptionChainModel from a real NSE option-chain response (../shared/data, never
// copied into the repo): NIFTY 28-Mar-2022 10:47:19, nearest expiry, 20 strikes each side of ATM.
import { readSharedJson } from '../helpers/shared-data.ts';
import { CHAIN_HALF_WIDTH, chainId, emptyLeg, emptyMetrics, strikeTag } from '../../src/shared/chain.ts';
import type { ChainRow, OptionChainModel, OptionLeg } from '../../src/shared/chain.ts';

const FILE = 'nse_option_chain_json/NIFTY_2022-03-28_1047.json';

interface NseLeg {
  identifier: string; lastPrice: number; change: number; bidprice: number; askPrice: number;
  bidQty: number; askQty: number; totalTradedVolume: number; openInterest: number; impliedVolatility: number;
}
interface NseRow { strikePrice: number; expiryDate: string; CE?: NseLeg; PE?: NseLeg }
interface NseFile { records: { underlyingValue: number }; filtered: { data: NseRow[] } }

export const NIFTY_EXPIRY = '2022-03-31';
export const NIFTY_SPOT = 17022.5;
export const NIFTY_STEP = 50;

const orNull = (v: number): number | null => (v > 0 ? v : null);

function leg(nse: NseLeg | undefined): OptionLeg | null {
  if (!nse) return null;
  const bid = orNull(nse.bidprice);
  const ask = orNull(nse.askPrice);
  return {
    ...emptyLeg(nse.identifier, `NSE_FO|${nse.identifier}`),
    ltp: orNull(nse.lastPrice), change: nse.change, bid, ask,
    bid_qty: nse.bidQty, ask_qty: nse.askQty,
    spread: bid !== null && ask !== null ? Math.round((ask - bid) * 100) / 100 : null,
    volume: nse.totalTradedVolume, oi: nse.openInterest,
    iv: nse.impliedVolatility > 0 ? nse.impliedVolatility / 100 : null,
  };
}

/** A fresh model on every call (tests mutate it). */
export function niftyChain(): OptionChainModel {
  const nse = readSharedJson<NseFile>(FILE);
  const atm = Math.round(NIFTY_SPOT / NIFTY_STEP) * NIFTY_STEP;
  const rows: ChainRow[] = nse.filtered.data
    .filter((r) => Math.abs(r.strikePrice - atm) <= CHAIN_HALF_WIDTH * NIFTY_STEP)
    .map((r) => ({ tag: strikeTag((r.strikePrice - atm) / NIFTY_STEP), strike: r.strikePrice, ce_data: leg(r.CE), pe_data: leg(r.PE) }))
    .sort((a, b) => a.strike - b.strike);
  return {
    underlying: 'NIFTY', underlying_ltp: nse.records.underlyingValue, underlying_change: null,
    atm_strike: atm, strike_step: NIFTY_STEP, lot_size: 50, expiry: NIFTY_EXPIRY, timestamp: null,
    forward: null, time_to_expiry: null, rate: null,
    spot: nse.records.underlyingValue, atm_reference: 'spot', forward_source: null, prev_oi_source: null, prev_oi_date: null,
    options: rows, market_metrics: emptyMetrics(),
  };
}

export const NIFTY_CHAIN_ID = chainId('NIFTY', NIFTY_EXPIRY);

// The simulator's instrument master in Upstox's JSON format (protocols.md §1.9): one record per
// index and per option, served gzipped like assets.upstox.com/market-quote/instruments/exchange/*.json.gz.
import type { Universe } from './universe.ts';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** NSE's exchange tokens for the two indices (as in Upstox's master). */
const INDEX_TOKENS: Readonly<Record<string, string>> = { 'NSE_INDEX|Nifty 50': '26000', 'NSE_INDEX|Nifty Bank': '26009' };

export interface UpstoxIndexRecord {
  segment: 'NSE_INDEX';
  name: string;
  exchange: 'NSE';
  instrument_type: 'INDEX';
  instrument_key: string;
  exchange_token: string;
  trading_symbol: string;
}

export interface UpstoxOptionRecord {
  weekly: boolean;
  segment: 'NSE_FO';
  name: string;
  exchange: 'NSE';
  /** Epoch ms of 23:59:59 IST on the expiry date. */
  expiry: number;
  instrument_type: 'CE' | 'PE';
  underlying_symbol: string;
  instrument_key: string;
  lot_size: number;
  freeze_quantity: number;
  exchange_token: string;
  minimum_lot: number;
  underlying_key: string;
  /** In paise, as Upstox's JSON appears to carry it (5 = ₹0.05; unconfirmed). */
  tick_size: number;
  underlying_type: 'INDEX';
  /** '<symbol> <strike> <CE|PE> <dd MMM yy>', e.g. 'NIFTY 26000 CE 23 NOV 26'. */
  trading_symbol: string;
  strike_price: number;
}

/** 'YYYY-MM-DD' → 'DD MMM YY'. */
function symbolDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d} ${MONTHS[Number(m) - 1]} ${y?.slice(2)}`;
}

export function instrumentMasterRecords(universe: Universe): (UpstoxIndexRecord | UpstoxOptionRecord)[] {
  const out: (UpstoxIndexRecord | UpstoxOptionRecord)[] = universe.underlyings.map((u) => ({
    segment: 'NSE_INDEX', name: u.name, exchange: 'NSE', instrument_type: 'INDEX', instrument_key: u.key,
    exchange_token: INDEX_TOKENS[u.key] ?? String(u.tokenBase), trading_symbol: u.symbol,
  }));
  for (const o of universe.options) {
    const u = universe.underlyings[o.underlying]!;
    const se = universe.series[o.series]!;
    const side = o.isCall ? 'CE' : 'PE';
    out.push({
      weekly: se.expiry.weekly, segment: 'NSE_FO', name: u.symbol, exchange: 'NSE', expiry: se.masterExpiryMs,
      instrument_type: side, underlying_symbol: u.symbol, instrument_key: o.key, lot_size: u.lotSize,
      freeze_quantity: u.freezeQty, exchange_token: String(o.token), minimum_lot: u.lotSize, underlying_key: u.key,
      tick_size: 5, underlying_type: 'INDEX', trading_symbol: `${u.symbol} ${o.strike} ${side} ${symbolDate(se.expiry.date)}`,
      strike_price: o.strike,
    });
  }
  return out;
}

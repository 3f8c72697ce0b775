// Massive's reference data → Optick's instruments: /v3/reference/options/contracts rows become
// option contracts (OCC ticker as the key, strikes as listed — uneven steps are kept), each
// underlying gets lot = shares_per_contract (100) and New York time; /v3/snapshot/options rows
// and /v2/aggs/…/prev become opening ticks (open interest, previous close, last quote), which the
// WebSocket does not carry. Pure (std).
import type { OptionContract, Tick, UnderlyingInfo } from '../../../../shared/market.ts';
import { modalStrikeStep } from '../../instruments/registry.ts';
import { parseOccTicker } from './occ.ts';

export const US_TIME_ZONE = 'America/New_York';
/** US equity options expire at the 16:00 New York close of expiry day (last trading day). */
export const US_EXPIRY_TIME = '16:00';

export interface MassiveContractRow {
  ticker?: unknown;
  underlying_ticker?: unknown;
  contract_type?: unknown;
  expiration_date?: unknown;
  strike_price?: unknown;
  shares_per_contract?: unknown;
}

export interface MassiveInstruments {
  underlyings: UnderlyingInfo[];
  options: OptionContract[];
  /** Rows that could not be used, with why (first 10). */
  skipped: string[];
  skippedCount: number;
}

/** Contracts of the named underlyings, expiring on or after `today` (New York date). */
export function massiveInstruments(rows: readonly MassiveContractRow[], underlyings: readonly string[], today: string): MassiveInstruments {
  const wanted = new Set(underlyings);
  const out: MassiveInstruments = { underlyings: [], options: [], skipped: [], skippedCount: 0 };
  const skip = (why: string): void => { out.skippedCount++; if (out.skipped.length < 10) out.skipped.push(why); };
  const lots = new Map<string, number>();
  for (const r of rows) {
    const ticker = typeof r.ticker === 'string' ? r.ticker : '';
    const occ = parseOccTicker(ticker);
    if (!occ) { skip(`not an OCC ticker: ${JSON.stringify(r.ticker)}`); continue; }
    const u = typeof r.underlying_ticker === 'string' ? r.underlying_ticker : occ.root;
    if (!wanted.has(u)) continue;
    const strike = typeof r.strike_price === 'number' ? r.strike_price : occ.strike;
    const expiry = typeof r.expiration_date === 'string' ? r.expiration_date : occ.expiry;
    if (expiry < today) continue;
    if (strike !== occ.strike || expiry !== occ.expiry) { skip(`${ticker}: strike/expiry disagree with the ticker`); continue; }
    const lot = typeof r.shares_per_contract === 'number' && r.shares_per_contract > 0 ? r.shares_per_contract : 100;
    if (!lots.has(u)) lots.set(u, lot);
    out.options.push({ key: ticker, symbol: ticker.slice(2), underlying: u, expiry, strike, side: occ.side, lotSize: lot, tickSize: 0.01 });
  }
  for (const name of underlyings) {
    const mine = out.options.filter((o) => o.underlying === name);
    if (mine.length === 0) continue;
    const nearest = mine.reduce((a, o) => (o.expiry < a ? o.expiry : a), mine[0]!.expiry);
    const strikes = [...new Set(mine.filter((o) => o.expiry === nearest).map((o) => o.strike))].sort((a, b) => a - b);
    out.underlyings.push({ name, key: name, exchange: 'US', strikeStep: modalStrikeStep(strikes) || 1, lotSize: lots.get(name) ?? 100, timeZone: US_TIME_ZONE });
  }
  return out;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Opening ticks from option-chain snapshot rows: OI, previous close and the last quote of each contract. */
export function snapshotTicks(rows: readonly unknown[], receiveTs: number): Tick[] {
  const out: Tick[] = [];
  for (const r of rows) {
    const o = r as { details?: { ticker?: unknown }; open_interest?: unknown; day?: { previous_close?: unknown; volume?: unknown; last_updated?: unknown }; last_quote?: { bid?: unknown; ask?: unknown; bid_size?: unknown; ask_size?: unknown; last_updated?: unknown } };
    const key = o?.details?.ticker;
    if (typeof key !== 'string') continue;
    const tsNs = num(o.last_quote?.last_updated) ?? num(o.day?.last_updated);
    const t: Tick = { key, exchangeTs: tsNs !== undefined ? Math.floor(tsNs / 1e6) : receiveTs, receiveTs };
    const oi = num(o.open_interest);
    if (oi !== undefined) t.oi = oi;
    const prev = num(o.day?.previous_close);
    if (prev !== undefined && prev > 0) t.prevClose = prev;
    const vol = num(o.day?.volume);
    if (vol !== undefined) t.volume = vol;
    const bid = num(o.last_quote?.bid), ask = num(o.last_quote?.ask);
    if (bid !== undefined && ask !== undefined) {
      t.bids = bid > 0 ? [{ price: bid, qty: num(o.last_quote?.bid_size) ?? 0 }] : [];
      t.asks = ask > 0 ? [{ price: ask, qty: num(o.last_quote?.ask_size) ?? 0 }] : [];
    }
    out.push(t);
  }
  return out;
}

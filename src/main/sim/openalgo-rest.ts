// The simulator's OpenAlgo symbols and REST answers (protocols.md §2.5–2.6): every simulated
// instrument under its OpenAlgo {exchange, symbol} (indices in NSE_INDEX, options in NFO as
// NIFTY28NOV2426000CE), and /api/v1/expiry, /api/v1/optionchain, /api/v1/optionsymbol answered
// from the same market model the feeds stream. Runtime: std.
import { compactExpiry as expiryCompact, listedExpiry as expiryWithHyphens } from '../engine/feeds/openalgo/instruments.ts';
import { openAlgoOptionSymbol } from '../engine/instruments/symbols.ts';
import type { InstrumentState } from './instrument-state.ts';
import type { Universe } from './universe.ts';

export interface OpenAlgoSimSeries {
  /** 'YYYY-MM-DD'. */
  date: string;
  expiryMs: number;
  strikes: { strike: number; CE: InstrumentState; PE: InstrumentState; ceSymbol: string; peSymbol: string }[];
}

export interface OpenAlgoSimUnderlying {
  symbol: string;
  index: InstrumentState;
  lotSize: number;
  freezeQty: number;
  series: OpenAlgoSimSeries[];
}

export interface OpenAlgoSymbolTable {
  /** 'EXCHANGE:SYMBOL' → the instrument. */
  byKey: Map<string, InstrumentState>;
  /** Instrument index → [exchange, symbol]. */
  names: [string, string][];
  underlyings: Map<string, OpenAlgoSimUnderlying>;
}

export function openAlgoSymbolTable(universe: Universe, byUpstoxKey: ReadonlyMap<string, InstrumentState>): OpenAlgoSymbolTable {
  const byKey = new Map<string, InstrumentState>();
  const names: [string, string][] = [];
  const put = (exchange: string, symbol: string, s: InstrumentState): void => { byKey.set(`${exchange}:${symbol}`, s); names[s.index] = [exchange, symbol]; };
  const underlyings = new Map<string, OpenAlgoSimUnderlying>();
  universe.underlyings.forEach((u) => {
    const index = byUpstoxKey.get(u.key)!;
    put('NSE_INDEX', u.symbol, index);
    underlyings.set(u.symbol, { symbol: u.symbol, index, lotSize: u.lotSize, freezeQty: u.freezeQty, series: [] });
  });
  const bySeries = new Map<number, OpenAlgoSimSeries>();
  for (const o of universe.options) {
    const u = universe.underlyings[o.underlying]!;
    const se = universe.series[o.series]!;
    let series = bySeries.get(o.series);
    if (!series) {
      series = { date: se.expiry.date, expiryMs: se.expiryMs, strikes: [] };
      bySeries.set(o.series, series);
      underlyings.get(u.symbol)!.series.push(series);
    }
    const side = o.isCall ? 'CE' : 'PE';
    const symbol = openAlgoOptionSymbol(u.symbol, se.expiry.date, o.strike, side);
    const s = byUpstoxKey.get(o.key)!;
    put('NFO', symbol, s);
    let row = series.strikes.find((r) => r.strike === o.strike);
    if (!row) { row = { strike: o.strike, CE: s, PE: s, ceSymbol: '', peSymbol: '' }; series.strikes.push(row); }
    if (o.isCall) { row.CE = s; row.ceSymbol = symbol; } else { row.PE = s; row.peSymbol = symbol; }
  }
  for (const u of underlyings.values()) {
    u.series.sort((a, b) => (a.date < b.date ? -1 : 1));
    for (const se of u.series) se.strikes.sort((a, b) => a.strike - b.strike);
  }
  return { byKey, names, underlyings };
}

export interface RestReply {
  status: number;
  body: unknown;
}

const error = (status: number, message: string): RestReply => ({ status, body: { status: 'error', message } });

function leg(s: InstrumentState, symbol: string, label: string, lotSize: number): Record<string, unknown> {
  return {
    symbol, label, ltp: s.ltp, bid: s.bid, ask: s.ask, bid_qty: s.bidQ, ask_qty: s.askQ, open: s.dayOpen, high: s.dayHigh, low: s.dayLow,
    prev_close: s.cp, volume: s.volume, oi: s.oi, lotsize: lotSize, tick_size: 0.05,
  };
}

/** Answers one REST call (POST JSON body already parsed); `apiKey` is the key the simulator accepts. */
export function openAlgoRest(path: string, body: Record<string, unknown>, table: OpenAlgoSymbolTable, apiKey: string, nowMs: number): RestReply {
  if (body.apikey !== apiKey) return error(403, 'Invalid openalgo apikey');
  const name = typeof body.symbol === 'string' ? body.symbol : typeof body.underlying === 'string' ? body.underlying : '';
  const u = table.underlyings.get(name.toUpperCase());
  if (!u) return error(404, `no option series for underlying '${name}'`);
  const live = u.series.filter((s) => s.expiryMs > nowMs);
  const series = (): OpenAlgoSimSeries | RestReply => {
    const want = String(body.expiry_date ?? '').toUpperCase();
    return live.find((s) => expiryCompact(s.date) === want) ?? error(400, `expiry_date '${body.expiry_date}' is not a listed expiry of ${u.symbol} (DDMMMYY, e.g. ${live[0] ? expiryCompact(live[0].date) : '—'})`);
  };
  switch (path) {
    case '/api/v1/expiry': {
      if (body.instrumenttype !== undefined && body.instrumenttype !== 'options') return error(400, 'the simulator lists options only');
      return { status: 200, body: { status: 'success', message: `Found ${live.length} expiry dates for ${u.symbol} options in NFO`, data: live.map((s) => expiryWithHyphens(s.date)) } };
    }
    case '/api/v1/optionchain': {
      const se = series();
      if (!('strikes' in se)) return se;
      const spot = u.index.ltp;
      const atm = se.strikes.reduce((b, r) => (Math.abs(r.strike - spot) < Math.abs(b.strike - spot) ? r : b), se.strikes[0]!).strike;
      const atmAt = se.strikes.findIndex((r) => r.strike === atm);
      const count = typeof body.strike_count === 'number' && body.strike_count > 0 ? body.strike_count : Infinity;
      const rows = se.strikes.filter((_, i) => Math.abs(i - atmAt) <= count);
      const label = (i: number, call: boolean): string => {
        const d = i - atmAt;
        if (d === 0) return 'ATM';
        return (call ? d < 0 : d > 0) ? `ITM${Math.abs(d)}` : `OTM${Math.abs(d)}`;
      };
      return {
        status: 200,
        body: {
          status: 'success', underlying: u.symbol, underlying_ltp: spot, underlying_prev_close: u.index.cp, expiry_date: expiryCompact(se.date),
          expiry_ts: Math.floor(se.expiryMs / 1000), server_ts: Math.floor(nowMs / 1000), atm_strike: atm, quotes_included: true, greeks_included: false,
          chain: rows.map((r) => {
            const i = se.strikes.indexOf(r);
            return { strike: r.strike, ce: leg(r.CE, r.ceSymbol, label(i, true), u.lotSize), pe: leg(r.PE, r.peSymbol, label(i, false), u.lotSize) };
          }),
        },
      };
    }
    case '/api/v1/optionsymbol': {
      const se = series();
      if (!('strikes' in se)) return se;
      const m = /^(ATM|ITM(\d+)|OTM(\d+))$/.exec(String(body.offset ?? '').toUpperCase());
      const side = String(body.option_type ?? '').toUpperCase();
      if (!m || (side !== 'CE' && side !== 'PE')) return error(400, 'offset must be ATM, ITMn or OTMn and option_type CE or PE');
      const spot = u.index.ltp;
      const atmAt = se.strikes.reduce((b, r, i) => (Math.abs(r.strike - spot) < Math.abs(se.strikes[b]!.strike - spot) ? i : b), 0);
      const n = Number(m[2] ?? m[3] ?? 0);
      const itm = m[2] !== undefined;
      const at = atmAt + (side === 'CE' ? (itm ? -n : n) : (itm ? n : -n));
      const row = se.strikes[at];
      if (!row) return error(400, `${body.offset} ${side} is outside the listed strikes`);
      return { status: 200, body: { status: 'success', symbol: side === 'CE' ? row.ceSymbol : row.peSymbol, exchange: 'NFO', lotsize: u.lotSize, tick_size: 0.05, freeze_qty: u.freezeQty, underlying_ltp: spot } };
    }
    default:
      return error(404, `no such endpoint ${path}`);
  }
}

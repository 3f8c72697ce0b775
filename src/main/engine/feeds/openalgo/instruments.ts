// OpenAlgo's option-chain REST answers (protocols.md §2.6; OpenAlgo docs/api/**: /api/v1/expiry
// lists expiries as DD-MMM-YY, /api/v1/optionchain takes DDMMMYY and lists every strike with its
// CE/PE symbol, lot size and tick size) → Optick's instrument registry, keyed the way the feed
// keys ticks: 'NFO:NIFTY28NOV2426000CE', the index 'NSE_INDEX:NIFTY'. Runtime: std.
import type { OptionContract, UnderlyingInfo } from '../../../../shared/market.ts';
import { InstrumentRegistry, modalStrikeStep } from '../../instruments/registry.ts';
import { MONTHS, openAlgoOptionSymbol } from '../../instruments/symbols.ts';
import { openAlgoKey } from './decode.ts';

export const NSE_TIME_ZONE = 'Asia/Kolkata';

/** Indices OpenAlgo lists in NSE_INDEX / BSE_INDEX (symbol-format.md); other names are stocks on NSE. */
const NSE_INDICES = new Set(['NIFTY', 'BANKNIFTY', 'FINNIFTY', 'MIDCPNIFTY', 'NIFTYNXT50', 'INDIAVIX']);
const BSE_INDICES = new Set(['SENSEX', 'BANKEX', 'SENSEX50']);

export class OpenAlgoInstrumentError extends Error {
  override name = 'OpenAlgoInstrumentError';
}

/** Where OpenAlgo lists an underlying and its options: NIFTY → NSE_INDEX / NFO, SENSEX → BSE_INDEX / BFO, a stock → NSE / NFO. */
export function openAlgoExchanges(underlying: string): { underlying: string; options: string } {
  const u = underlying.toUpperCase();
  if (NSE_INDICES.has(u)) return { underlying: 'NSE_INDEX', options: 'NFO' };
  if (BSE_INDICES.has(u)) return { underlying: 'BSE_INDEX', options: 'BFO' };
  return { underlying: 'NSE', options: 'NFO' };
}

/** '10-JUL-25' (the /expiry list) → '2025-07-10'; throws on anything else. */
export function parseListedExpiry(text: string): string {
  const m = /^(\d{2})-?([A-Za-z]{3})-?(\d{2})$/.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[2]!.toUpperCase()) : -1;
  if (!m || month < 0) throw new OpenAlgoInstrumentError(`expiry '${text}' is not DD-MMM-YY`);
  return `20${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]}`;
}

/** '2025-07-10' → '10-JUL-25' (how /expiry lists it). */
export function listedExpiry(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}-${MONTHS[Number(m) - 1]}-${y!.slice(2)}`;
}

/** '2025-07-10' → '10JUL25' (what /optionchain and /optionsymbol take). */
export function compactExpiry(date: string): string {
  return listedExpiry(date).replaceAll('-', '');
}

interface ChainLeg {
  symbol?: unknown;
  lotsize?: unknown;
  tick_size?: unknown;
}

/** The parts of an /optionchain answer the registry reads. */
export interface OptionChainAnswer {
  status?: unknown;
  message?: unknown;
  underlying?: unknown;
  chain?: unknown;
}

/** One expiry's contracts from an /optionchain answer; symbols are checked against the OpenAlgo format. */
export function contractsFromChain(underlying: string, expiry: string, answer: OptionChainAnswer, optionExchange: string): OptionContract[] {
  if (answer.status !== 'success' || !Array.isArray(answer.chain)) {
    throw new OpenAlgoInstrumentError(`optionchain ${underlying} ${compactExpiry(expiry)}: ${typeof answer.message === 'string' ? answer.message : 'no chain in the answer'}`);
  }
  const out: OptionContract[] = [];
  for (const row of answer.chain as { strike?: unknown; ce?: ChainLeg | null; pe?: ChainLeg | null }[]) {
    if (!row || typeof row.strike !== 'number' || !(row.strike > 0)) throw new OpenAlgoInstrumentError(`optionchain ${underlying} ${expiry}: a row without a strike`);
    for (const side of ['CE', 'PE'] as const) {
      const leg = side === 'CE' ? row.ce : row.pe;
      if (!leg) continue;
      const symbol = typeof leg.symbol === 'string' ? leg.symbol : openAlgoOptionSymbol(underlying, expiry, row.strike, side);
      const expected = openAlgoOptionSymbol(underlying, expiry, row.strike, side);
      if (symbol !== expected) throw new OpenAlgoInstrumentError(`optionchain ${underlying} ${expiry}: symbol ${symbol} is not ${expected} (OpenAlgo symbol format)`);
      const lotSize = typeof leg.lotsize === 'number' && leg.lotsize > 0 ? leg.lotsize : NaN;
      if (!Number.isFinite(lotSize)) throw new OpenAlgoInstrumentError(`optionchain ${underlying} ${expiry}: ${symbol} has no lot size`);
      out.push({
        key: openAlgoKey(optionExchange, symbol), symbol, underlying, expiry, strike: row.strike, side, lotSize,
        tickSize: typeof leg.tick_size === 'number' && leg.tick_size > 0 ? leg.tick_size : 0.05,
      });
    }
  }
  return out;
}

/** The registry of the given underlyings' option contracts (per underlying: every expiry fetched). */
export function registryFromOpenAlgo(chains: ReadonlyMap<string, OptionContract[]>): InstrumentRegistry {
  const underlyings: UnderlyingInfo[] = [];
  const options: OptionContract[] = [];
  for (const [name, contracts] of chains) {
    if (contracts.length === 0) continue;
    const nearest = contracts.reduce((e, c) => (c.expiry < e ? c.expiry : e), '9999-12-31');
    const strikes = [...new Set(contracts.filter((c) => c.expiry === nearest).map((c) => c.strike))].sort((a, b) => a - b);
    underlyings.push({
      name, key: openAlgoKey(openAlgoExchanges(name).underlying, name), exchange: 'NSE', strikeStep: modalStrikeStep(strikes),
      lotSize: contracts[0]!.lotSize, timeZone: NSE_TIME_ZONE,
    });
    options.push(...contracts);
  }
  if (underlyings.length === 0) throw new OpenAlgoInstrumentError(`OpenAlgo lists no live options for ${[...chains.keys()].join(', ')}`);
  return new InstrumentRegistry(underlyings, options);
}

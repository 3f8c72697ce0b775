// OpenAlgo WebSocket proxy messages (protocols.md §2; marketcalls/openalgo websocket_proxy/
// server.py) → what the session needs: market_data → one Tick, auth / subscribe / unsubscribe
// acks, errors (which carry no `type`), pong. All frames are JSON text. `data` is whatever the
// broker adapter normalised, so field names vary by broker (§2.3–2.4) and every known spelling
// is read: last_trade_quantity | last_quantity | ltq, average_price | avg_trade_price,
// oi | open_interest, depth {buy, sell} (Angel, Zerodha) | buy/sell at the top of data (Upstox
// adapter) | bids/asks (the websocket docs). Book levels with price 0 are padding, not levels.
// A malformed message throws OpenAlgoDecodeError naming the reason; the session counts it.
// Runtime: std.
import type { DepthLevel, Tick } from '../../../../shared/market.ts';

export class OpenAlgoDecodeError extends Error {
  /** Counter name in frames_rejected: not_json, not_object, market_data_incomplete, bad_number. */
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.name = 'OpenAlgoDecodeError';
    this.reason = reason;
  }
}

/** Instrument key of an OpenAlgo {exchange, symbol}: 'NFO:NIFTY28NOV2426000CE'. */
export const openAlgoKey = (exchange: string, symbol: string): string => `${exchange}:${symbol}`;

/** The {exchange, symbol} of a key made by openAlgoKey; null for any other key. */
export function splitOpenAlgoKey(key: string): { exchange: string; symbol: string } | null {
  const at = key.indexOf(':');
  if (at <= 0 || at === key.length - 1) return null;
  return { exchange: key.slice(0, at), symbol: key.slice(at + 1) };
}

export interface SymbolResult {
  exchange: string;
  symbol: string;
  ok: boolean;
  /** Why not, when !ok. */
  message?: string;
}

export type OpenAlgoMessage =
  | { kind: 'market_data'; tick: Tick; mode: number }
  | { kind: 'auth'; ok: boolean; message: string; broker: string | null; userId: string | null }
  | { kind: 'subscribe'; status: string; requestId: string | null; results: SymbolResult[] }
  | { kind: 'unsubscribe'; status: string; requestId: string | null; results: SymbolResult[] }
  /** `{"status":"error","code":…,"message":…}` (no type), e.g. AUTHENTICATION_ERROR, INVALID_MODE. */
  | { kind: 'error'; code: string; message: string }
  | { kind: 'pong' }
  /** Anything else the proxy sends (broker_info, supported_brokers, order_update, …). */
  | { kind: 'other'; type: string };

type Json = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A finite number (numeric strings accepted: some adapters send them), or undefined when absent/null. */
function num(data: Json, key: string): number | undefined {
  const v = data[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new OpenAlgoDecodeError('bad_number', `${key} is not a number: ${JSON.stringify(v)?.slice(0, 40)}`);
  return n;
}

function first(data: Json, keys: readonly string[]): number | undefined {
  for (const k of keys) {
    const n = num(data, k);
    if (n !== undefined) return n;
  }
  return undefined;
}

function levels(raw: unknown, side: string): DepthLevel[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new OpenAlgoDecodeError('bad_depth', `depth ${side} is not an array`);
  const out: DepthLevel[] = [];
  for (const l of raw as unknown[]) {
    if (!l || typeof l !== 'object') throw new OpenAlgoDecodeError('bad_depth', `depth ${side} level is not an object`);
    const level = l as Json;
    const price = num(level, 'price') ?? 0;
    if (price === 0) continue; // padding (adapters pad to 5 levels with zeros)
    const orders = num(level, 'orders');
    out.push({ price, qty: first(level, ['quantity', 'qty']) ?? 0, ...(orders !== undefined && orders > 0 && { orders }) });
  }
  return out;
}

function results(list: unknown): SymbolResult[] {
  if (!Array.isArray(list)) return [];
  return list.filter((r): r is Json => !!r && typeof r === 'object').map((r) => ({
    exchange: str(r.exchange) ?? '?', symbol: str(r.symbol) ?? '?', ok: r.status === 'success',
    ...(typeof r.message === 'string' && { message: r.message }),
  }));
}

function marketData(m: Json, receiveTs: number): { kind: 'market_data'; tick: Tick; mode: number } {
  const data = m.data;
  const symbol = str(m.symbol) ?? (data && typeof data === 'object' ? str((data as Json).symbol) : null);
  const exchange = str(m.exchange) ?? (data && typeof data === 'object' ? str((data as Json).exchange) : null);
  if (!symbol || !exchange || !data || typeof data !== 'object' || Array.isArray(data)) {
    throw new OpenAlgoDecodeError('market_data_incomplete', `market_data without ${!symbol ? 'symbol' : !exchange ? 'exchange' : 'a data object'}`);
  }
  const d = data as Json;
  const mode = typeof m.mode === 'number' ? m.mode : 0;
  const tick: Tick = { key: openAlgoKey(exchange, symbol), exchangeTs: first(d, ['ltt', 'timestamp']) ?? receiveTs, receiveTs };
  const ltp = num(d, 'ltp');
  if (ltp !== undefined && ltp > 0) tick.ltp = ltp; // 0 = no trade yet
  const ltq = first(d, ['last_trade_quantity', 'last_quantity', 'ltq']);
  if (ltq !== undefined) tick.ltq = ltq;
  // Quote's `close` is the previous session's close (§2.3); the Upstox adapter's LTP carries it as `cp`.
  const prevClose = first(d, ['close', 'cp', 'prev_close']);
  if (prevClose !== undefined && prevClose > 0) tick.prevClose = prevClose;
  const volume = num(d, 'volume');
  if (volume !== undefined) tick.volume = volume;
  const oi = first(d, ['oi', 'open_interest']);
  if (oi !== undefined) tick.oi = oi;
  const atp = first(d, ['average_price', 'avg_trade_price', 'atp']);
  if (atp !== undefined && atp > 0) tick.atp = atp;
  const tbq = first(d, ['total_buy_quantity', 'total_buy_qty']);
  if (tbq !== undefined) tick.totalBuyQty = tbq;
  const tsq = first(d, ['total_sell_quantity', 'total_sell_qty']);
  if (tsq !== undefined) tick.totalSellQty = tsq;
  const depth = d.depth && typeof d.depth === 'object' ? (d.depth as Json) : d;
  const bids = levels(depth.buy ?? depth.bids, 'buy');
  const asks = levels(depth.sell ?? depth.asks, 'sell');
  if (bids) tick.bids = bids;
  if (asks) tick.asks = asks;
  return { kind: 'market_data', tick, mode };
}

/** One text frame. Throws OpenAlgoDecodeError when it is not a message the proxy sends. */
export function decodeOpenAlgoMessage(text: string, receiveTs: number): OpenAlgoMessage {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (err) {
    throw new OpenAlgoDecodeError('not_json', `not JSON (${(err as Error).message}): ${text.slice(0, 60)}`);
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new OpenAlgoDecodeError('not_object', `not a JSON object: ${text.slice(0, 60)}`);
  const o = m as Json;
  switch (o.type) {
    case 'market_data': return marketData(o, receiveTs);
    case 'auth': return { kind: 'auth', ok: o.status === 'success', message: str(o.message) ?? '', broker: str(o.broker), userId: str(o.user_id) };
    case 'subscribe': return { kind: 'subscribe', status: str(o.status) ?? '', requestId: str(o.request_id), results: results(o.subscriptions) };
    case 'unsubscribe':
      return { kind: 'unsubscribe', status: str(o.status) ?? '', requestId: str(o.request_id), results: [...results(o.successful), ...results(o.failed)] };
    case 'pong': return { kind: 'pong' };
    case undefined:
      if (o.status === 'error') return { kind: 'error', code: str(o.code) ?? 'UNKNOWN', message: str(o.message) ?? '' };
      throw new OpenAlgoDecodeError('no_type', `message without type: ${text.slice(0, 60)}`);
    default:
      if (typeof o.type !== 'string') throw new OpenAlgoDecodeError('no_type', `type is not a string: ${text.slice(0, 60)}`);
      return { kind: 'other', type: o.type };
  }
}

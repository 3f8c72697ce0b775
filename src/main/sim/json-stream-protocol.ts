// The simulator's price stream in Bluefin Pro's market-stream shapes (protocols.md §4): WebSocket
// /ws/market; `{"method":"Subscribe"|"Unsubscribe","dataStreams":[{"symbol","streams":[…]}]}`
// answered `{"success","message"}` (an unknown symbol or stream: success false); then
// `{"event","payload"}` messages with e9-scaled strings: RecentTradesUpdates (Recent_Trade),
// TickerUpdate (Ticker), OrderbookPartialDepthUpdate (Partial_Depth_5/10/20). The real stream's
// heartbeat is not specified (UNCONFIRMED): here idle connections get WebSocket pings, and a
// `{"method":"Ping"}` message is answered `{"success":true,"message":"Pong"}`. Runtime: node.
import type { InstrumentState } from './instrument-state.ts';
import type { JsonConnection, JsonProtocol } from './json-ws-server.ts';
import type { MarketModel } from './model.ts';
import { hashUnit } from './rng.ts';

export const JSON_STREAM_PATH = '/ws/market';
const STREAMS = new Set(['Recent_Trade', 'Ticker', 'Partial_Depth_5', 'Partial_Depth_10', 'Partial_Depth_20']);

/** A number as a Bluefin e9 string (exact for prices and sizes with up to 9 decimals). */
export function toE9(x: number): string {
  return BigInt(Math.round(x * 1e9)).toString();
}

interface Perp {
  idx: number;
  symbol: string;
  tick: number;
  /** Typical trade size in coins. */
  size: number;
  volume: number;
  tradeId: number;
}

interface Out {
  symbol: string;
  stream: string;
  json: string;
}

export class JsonStreamProtocol implements JsonProtocol {
  readonly name = 'json-stream';
  readonly wsPaths = [JSON_STREAM_PATH];
  unknownSubscriptions = 0;
  readonly #model: MarketModel;
  readonly #perps = new Map<string, Perp>();
  readonly #byIdx = new Map<number, Perp>();
  #out: Out[] = [];

  constructor(model: MarketModel, perpSymbols: readonly string[]) {
    this.#model = model;
    for (const symbol of perpSymbols) {
      const idx = model.instruments.findIndex((s) => s.key === symbol);
      if (idx < 0) continue;
      const price = model.instruments[idx]!.ltp;
      const p: Perp = { idx, symbol, tick: price > 10_000 ? 0.1 : 0.01, size: 5_000 / price, volume: 0, tradeId: 0 };
      this.#perps.set(symbol, p);
      this.#byIdx.set(idx, p);
    }
  }

  open(c: JsonConnection): void {
    c.state = new Map<string, Set<string>>();
  }

  message(c: JsonConnection, text: string, send: (c: JsonConnection, text: string) => void): void {
    const subs = c.state as Map<string, Set<string>>;
    let m: { method?: unknown; dataStreams?: unknown };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      send(c, JSON.stringify({ success: false, message: 'invalid JSON' }));
      return;
    }
    if (m.method === 'Ping') { send(c, JSON.stringify({ success: true, message: 'Pong' })); return; }
    if ((m.method !== 'Subscribe' && m.method !== 'Unsubscribe') || !Array.isArray(m.dataStreams)) {
      send(c, JSON.stringify({ success: false, message: `unknown method ${JSON.stringify(m.method)} or no dataStreams` }));
      return;
    }
    const on = m.method === 'Subscribe';
    const done: string[] = [];
    const bad: string[] = [];
    for (const d of m.dataStreams as { symbol?: unknown; streams?: unknown }[]) {
      const symbol = typeof d?.symbol === 'string' ? d.symbol : '';
      const streams = Array.isArray(d?.streams) ? d.streams.filter((s): s is string => typeof s === 'string') : [];
      if (!this.#perps.has(symbol)) { bad.push(`unknown symbol ${JSON.stringify(symbol)}`); continue; }
      let set = subs.get(symbol);
      if (!set) subs.set(symbol, (set = new Set()));
      for (const s of streams) {
        if (!STREAMS.has(s)) { bad.push(`unknown stream ${symbol} ${JSON.stringify(s)}`); continue; }
        if (on) set.add(s); else set.delete(s);
        done.push(`${symbol} ${s}`);
      }
    }
    this.unknownSubscriptions += bad.length;
    send(c, JSON.stringify(bad.length
      ? { success: false, message: `${bad.join('; ')}${done.length ? `; ${on ? 'subscribed' : 'unsubscribed'}: ${done.join(', ')}` : ''}` }
      : { success: true, message: `${on ? 'Subscribed' : 'Unsubscribed'}: ${done.join(', ')}` }));
  }

  ticked(): void {
    const m = this.#model;
    for (let i = 0; i < m.tickedCount; i++) {
      const p = this.#byIdx.get(m.ticked[i]!);
      if (p) this.#events(p, m.instruments[p.idx]!);
    }
  }

  #events(p: Perp, s: InstrumentState): void {
    const price = Math.round(s.ltp / p.tick) * p.tick;
    const qty = Number((p.size * (0.05 + 2 * hashUnit(p.idx, s.seq))).toFixed(3));
    const side = hashUnit(s.seq, p.idx) < 0.5 ? 'LONG' : 'SHORT';
    p.volume += qty;
    p.tradeId++;
    const t = s.ltt;
    const half = Math.max(p.tick, Math.round((price * 0.00005) / p.tick) * p.tick);
    const bid = price - half;
    const ask = price + half;
    this.#out.push({ symbol: p.symbol, stream: 'Recent_Trade', json: JSON.stringify({ event: 'RecentTradesUpdates', payload: { recentTrades: [
      { id: p.tradeId, symbol: p.symbol, priceE9: toE9(price), quantityE9: toE9(qty), quoteQuantityE9: toE9(price * qty), side, updatedAtMillis: t },
    ] } }) });
    const levels = (from: number, dir: number, n: number): string[][] => Array.from({ length: n }, (_, k) => [toE9(from + dir * k * p.tick), toE9(Number((p.size * (1 + k + hashUnit(k, s.seq))).toFixed(3)))]);
    for (const n of [5, 10, 20]) {
      this.#out.push({ symbol: p.symbol, stream: `Partial_Depth_${n}`, json: JSON.stringify({ event: 'OrderbookPartialDepthUpdate', payload: {
        updatedAtMillis: t, symbol: p.symbol, bidsE9: levels(bid, -1, n), asksE9: levels(ask, 1, n), orderbookUpdateId: s.seq, depthLevel: String(n),
      } }) });
    }
    this.#out.push({ symbol: p.symbol, stream: 'Ticker', json: JSON.stringify({ event: 'TickerUpdate', payload: {
      symbol: p.symbol, lastQuantityE9: toE9(qty), lastTimeAtMillis: t, lastPriceE9: toE9(price), markPriceE9: toE9(price), oraclePriceE9: toE9(price),
      marketPriceE9: toE9(price), bestBidPriceE9: toE9(bid), bestBidQuantityE9: toE9(p.size), bestAskPriceE9: toE9(ask), bestAskQuantityE9: toE9(p.size),
      openInterestE9: toE9(p.size * 4000), volume24hrE9: toE9(p.volume), closePrice24hrE9: toE9(s.cp), highPrice24hrE9: toE9(s.dayHigh), lowPrice24hrE9: toE9(s.dayLow),
      openPrice24hrE9: toE9(s.dayOpen), priceChange24hrE9: toE9(price - s.cp), updatedAtMillis: t,
    } }) });
  }

  /** One event per WebSocket message, as the stream sends them. */
  framesFor(c: JsonConnection): readonly string[] {
    const subs = c.state as Map<string, Set<string>>;
    const out: string[] = [];
    for (const o of this.#out) if (subs.get(o.symbol)?.has(o.stream)) out.push(o.json);
    return out;
  }

  published(): void {
    this.#out = [];
  }
}

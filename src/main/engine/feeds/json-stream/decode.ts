// JSON price-stream frames → ticks and trades. The message shapes are Bluefin Pro's public market
// streams (protocols.md §4; fireflyprotocol/pro-sdk resources/websocket-api.yaml):
// `{"event": <MarketEventType>, "payload": {...}}` with prices and quantities as strings scaled
// by 1e9, and `{"success": bool, "message": "…"}` replies to Subscribe/Unsubscribe.
//   TickerUpdate                → best bid/ask, OI, the 24 h close as the previous close
//   RecentTradesUpdates         → one trade per entry (price, quantity, side, time)
//   OrderbookPartialDepthUpdate → a book snapshot (up to 20 levels)
//   Mark/Oracle/MarketPriceUpdate, CandlestickUpdate, OrderbookDiffDepthUpdate, TickerAllUpdate
//                               → known, not used (counted as ignored)
// A malformed message is dropped and counted by reason; nothing here throws on input. Runtime: std.
import type { DepthLevel } from '../../../../shared/market.ts';

export interface StreamTrade {
  symbol: string;
  price: number;
  qty: number;
  side: 'buy' | 'sell' | null;
  time: number;
}

export interface StreamQuote {
  symbol: string;
  time: number;
  bids?: DepthLevel[];
  asks?: DepthLevel[];
  oi?: number;
  prevClose?: number;
}

export interface StreamMessage {
  trades: StreamTrade[];
  quotes: StreamQuote[];
  /** A Subscribe/Unsubscribe reply. */
  reply: { success: boolean; message: string } | null;
  /** Known events this adapter does not use. */
  ignored: number;
  /** Why the message (or part of it) was dropped: not_json, not_object, unknown_event, bad_field. */
  rejected: Record<string, number>;
  detail: string | null;
}

const IGNORED = new Set(['MarkPriceUpdate', 'OraclePriceUpdate', 'MarketPriceUpdate', 'CandlestickUpdate', 'OrderbookDiffDepthUpdate', 'TickerAllUpdate']);
const E9_RE = /^-?\d{1,24}$/;

/** A Bluefin e9 string ("5000000000000") as a number (5000); NaN when it is not one. */
export function fromE9(v: unknown): number {
  if (typeof v !== 'string' || !E9_RE.test(v)) return NaN;
  // Split so the integer part keeps its digits exactly and the fraction is exact to 1e-9.
  const neg = v.startsWith('-');
  const digits = neg ? v.slice(1) : v;
  const whole = digits.length > 9 ? Number(digits.slice(0, -9)) : 0;
  const frac = Number(digits.slice(-9)) / 1e9;
  return neg ? -(whole + frac) : whole + frac;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fin = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function reject(m: StreamMessage, reason: string, detail: string): StreamMessage {
  m.rejected[reason] = (m.rejected[reason] ?? 0) + 1;
  m.detail = detail;
  return m;
}

function levels(rows: unknown, side: string, m: StreamMessage): DepthLevel[] | null {
  if (!Array.isArray(rows)) { reject(m, 'bad_field', `${side} is not an array`); return null; }
  const out: DepthLevel[] = [];
  for (const r of rows) {
    const price = Array.isArray(r) ? fromE9(r[0]) : NaN;
    const qty = Array.isArray(r) ? fromE9(r[1]) : NaN;
    if (!Number.isFinite(price) || !Number.isFinite(qty)) { reject(m, 'bad_field', `${side} level ${JSON.stringify(r)?.slice(0, 60)}`); return null; }
    out.push({ price, qty });
  }
  return out;
}

/** Decodes one text message. */
export function decodeStreamMessage(text: string): StreamMessage {
  const m: StreamMessage = { trades: [], quotes: [], reply: null, ignored: 0, rejected: {}, detail: null };
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (err) {
    return reject(m, 'not_json', (err as Error).message);
  }
  if (!isObj(o)) return reject(m, 'not_object', `message is ${Array.isArray(o) ? 'an array' : typeof o}`);
  if (typeof o.success === 'boolean' && o.event === undefined) {
    m.reply = { success: o.success, message: String(o.message ?? '') };
    return m;
  }
  const ev = o.event;
  const p = o.payload;
  if (typeof ev !== 'string') return reject(m, 'unknown_event', 'message without an event name');
  if (IGNORED.has(ev)) { m.ignored++; return m; }
  if (!isObj(p)) return reject(m, 'bad_field', `${ev} without a payload object`);
  switch (ev) {
    case 'RecentTradesUpdates': {
      if (!Array.isArray(p.recentTrades)) return reject(m, 'bad_field', 'RecentTradesUpdates without recentTrades[]');
      for (const t of p.recentTrades) {
        if (!isObj(t) || typeof t.symbol !== 'string' || !fin(t.updatedAtMillis)) { reject(m, 'bad_field', 'trade without symbol or updatedAtMillis'); continue; }
        const price = fromE9(t.priceE9);
        const qty = fromE9(t.quantityE9);
        if (!(price > 0) || !(qty >= 0)) { reject(m, 'bad_field', `trade ${t.symbol}: priceE9 ${JSON.stringify(t.priceE9)}, quantityE9 ${JSON.stringify(t.quantityE9)}`); continue; }
        m.trades.push({ symbol: t.symbol, price, qty, side: t.side === 'LONG' ? 'buy' : t.side === 'SHORT' ? 'sell' : null, time: t.updatedAtMillis });
      }
      return m;
    }
    case 'TickerUpdate': {
      if (typeof p.symbol !== 'string' || !fin(p.updatedAtMillis)) return reject(m, 'bad_field', 'TickerUpdate without symbol or updatedAtMillis');
      const bid = fromE9(p.bestBidPriceE9), bidQ = fromE9(p.bestBidQuantityE9);
      const ask = fromE9(p.bestAskPriceE9), askQ = fromE9(p.bestAskQuantityE9);
      if (![bid, bidQ, ask, askQ].every(Number.isFinite)) return reject(m, 'bad_field', `TickerUpdate ${p.symbol}: best bid/ask not e9 strings`);
      const q: StreamQuote = {
        symbol: p.symbol, time: p.updatedAtMillis,
        bids: bid > 0 ? [{ price: bid, qty: bidQ }] : [], asks: ask > 0 ? [{ price: ask, qty: askQ }] : [],
      };
      const oi = fromE9(p.openInterestE9);
      if (Number.isFinite(oi)) q.oi = oi;
      const prev = fromE9(p.closePrice24hrE9);
      if (prev > 0) q.prevClose = prev;
      m.quotes.push(q);
      return m;
    }
    case 'OrderbookPartialDepthUpdate': {
      if (typeof p.symbol !== 'string' || !fin(p.updatedAtMillis)) return reject(m, 'bad_field', 'OrderbookPartialDepthUpdate without symbol or updatedAtMillis');
      const bids = levels(p.bidsE9, 'bidsE9', m);
      const asks = levels(p.asksE9, 'asksE9', m);
      if (bids && asks) m.quotes.push({ symbol: p.symbol, time: p.updatedAtMillis, bids, asks });
      return m;
    }
    default:
      return reject(m, 'unknown_event', `event ${JSON.stringify(ev).slice(0, 60)}`);
  }
}

// The simulator's Massive (Polygon) stand-in (protocols.md §3): WebSocket clusters /options and
// /stocks — `connected` status, `auth` with the API key (`auth_success`, or `auth_failed` and the
// socket closed), `subscribe`/`unsubscribe` with comma-separated `CH.TICKER` params acked per topic,
// every frame a JSON array of events (T, Q, A, AM, FMV with `t` in ns); Q at most 1,000 contracts a
// connection; `*` for T, A and AM. REST: /v3/reference/options/contracts (cursor pages, next_url),
// /v3/snapshot/options/{underlying}, /v2/aggs/ticker/{ticker}/prev, `apiKey` query or Bearer
// header (else 401 "Unknown API Key"). Sizes are contracts (options) and shares (stocks).
// Runtime: node.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseOccTicker } from '../engine/feeds/massive/occ.ts';
import { zonedDate } from '../engine/time/zoned.ts';
import { greeksOf } from './feed-frames.ts';
import { KIND_OPTION, type InstrumentState } from './instrument-state.ts';
import { sendJson, type JsonConnection, type JsonProtocol } from './json-ws-server.ts';
import type { MarketModel } from './model.ts';
import { hashUnit } from './rng.ts';
import { US_RATE, US_TIME_ZONE } from './us-universe.ts';

export const MASSIVE_OPTIONS_PATH = '/options';
export const MASSIVE_STOCKS_PATH = '/stocks';
export const MASSIVE_Q_LIMIT = 1000;
const CHANNELS = ['T', 'Q', 'A', 'AM', 'FMV'] as const;
type Channel = (typeof CHANNELS)[number];
const WILDCARD_OK: ReadonlySet<Channel> = new Set(['T', 'A', 'AM']);

interface MassiveConn {
  authed: boolean;
  subs: Record<Channel, Set<string>>;
  wild: Set<Channel>;
}

interface Pending {
  ch: Channel;
  sym: string;
  json: string;
}

interface Window {
  start: number;
  len: number;
  o: number; h: number; l: number; c: number; v: number; pv: number; n: number;
}

export interface MassiveStats {
  authFailures: number;
  unknownTopics: number;
  overLimitTopics: number;
}

const status = (s: string, message: string): string => JSON.stringify({ ev: 'status', status: s, message });
const r2 = (x: number): number => Math.round(x * 100) / 100;
const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;

export class MassiveProtocol implements JsonProtocol {
  readonly name = 'massive';
  readonly wsPaths = [MASSIVE_OPTIONS_PATH, MASSIVE_STOCKS_PATH];
  readonly stats: MassiveStats = { authFailures: 0, unknownTopics: 0, overLimitTopics: 0 };
  readonly #model: MarketModel;
  readonly #apiKey: string;
  readonly #now: () => number;
  /** Instruments served: options of the US underlyings, and the underlyings themselves (stocks). */
  readonly #stockIndex = new Map<string, number>();
  readonly #lastLtt: Float64Array;
  #options: Pending[] = [];
  #stocks: Pending[] = [];
  readonly #windows = new Map<number, Window[]>();
  readonly #stockVolume = new Map<number, number>();

  constructor(opts: { model: MarketModel; apiKey: string; now: () => number; stockUnderlyings: number }) {
    this.#model = opts.model;
    this.#apiKey = opts.apiKey;
    this.#now = opts.now;
    for (let i = 0; i < opts.stockUnderlyings; i++) this.#stockIndex.set(opts.model.universe.underlyings[i]!.key, i);
    this.#lastLtt = new Float64Array(opts.model.instruments.length);
    opts.model.instruments.forEach((s, i) => { this.#lastLtt[i] = s.ltt; });
  }

  open(c: JsonConnection, send: (c: JsonConnection, text: string) => void): void {
    const st: MassiveConn = { authed: false, subs: { T: new Set(), Q: new Set(), A: new Set(), AM: new Set(), FMV: new Set() }, wild: new Set() };
    c.state = st;
    send(c, `[${status('connected', 'Connected Successfully')}]`);
  }

  message(c: JsonConnection, text: string, send: (c: JsonConnection, text: string) => void): void {
    const st = c.state as MassiveConn;
    let msg: { action?: unknown; params?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      send(c, `[${status('error', 'invalid JSON')}]`);
      return;
    }
    if (msg.action === 'auth') {
      if (msg.params === this.#apiKey) {
        st.authed = true;
        send(c, `[${status('auth_success', 'authenticated')}]`);
      } else {
        this.stats.authFailures++;
        send(c, `[${status('auth_failed', 'authentication failed')}]`);
        c.ws.close(1008, 'authentication failed');
      }
      return;
    }
    if (!st.authed) { send(c, `[${status('error', 'not authorized')}]`); return; }
    if ((msg.action !== 'subscribe' && msg.action !== 'unsubscribe') || typeof msg.params !== 'string') {
      send(c, `[${status('error', `unknown action ${JSON.stringify(msg.action)}`)}]`);
      return;
    }
    const acks: string[] = [];
    for (const topic of msg.params.split(',').map((t) => t.trim()).filter(Boolean)) acks.push(this.#topic(c, st, topic, msg.action === 'subscribe'));
    if (acks.length) send(c, `[${acks.join(',')}]`);
  }

  #topic(c: JsonConnection, st: MassiveConn, topic: string, on: boolean): string {
    const dot = topic.indexOf('.');
    const ch = topic.slice(0, dot) as Channel;
    const sym = topic.slice(dot + 1);
    const options = c.path === MASSIVE_OPTIONS_PATH;
    if (dot < 1 || !CHANNELS.includes(ch) || (!options && ch === 'FMV')) { this.stats.unknownTopics++; return status('error', `unknown channel: ${topic}`); }
    if (sym === '*') {
      if (!WILDCARD_OK.has(ch)) { this.stats.unknownTopics++; return status('error', `${ch} requires explicit contracts: ${topic}`); }
      if (on) st.wild.add(ch); else st.wild.delete(ch);
      return status('success', `${on ? 'subscribed' : 'unsubscribed'} to: ${topic}`);
    }
    const known = options ? parseOccTicker(sym) !== null && this.#model.byKey.has(sym) : this.#stockIndex.has(sym);
    if (!known) { this.stats.unknownTopics++; return status('error', `unknown ticker: ${topic}`); }
    if (on && ch === 'Q' && !st.subs.Q.has(sym) && st.subs.Q.size >= MASSIVE_Q_LIMIT) {
      this.stats.overLimitTopics++;
      return status('error', `max of ${MASSIVE_Q_LIMIT} Q contracts per connection reached: ${topic}`);
    }
    if (on) st.subs[ch].add(sym); else st.subs[ch].delete(sym);
    return status('success', `${on ? 'subscribed' : 'unsubscribed'} to: ${topic}`);
  }

  ticked(): void {
    const m = this.#model;
    for (let i = 0; i < m.tickedCount; i++) {
      const idx = m.ticked[i]!;
      const s = m.instruments[idx]!;
      if (s.kind === KIND_OPTION) this.#optionEvents(idx, s);
      else if (this.#stockIndex.has(s.key)) this.#stockEvents(idx, s);
    }
  }

  #optionEvents(idx: number, s: InstrumentState): void {
    const lot = s.lotSize;
    const t = s.ltt;
    this.#options.push({ ch: 'Q', sym: s.key, json: JSON.stringify({ ev: 'Q', sym: s.key, bx: 302, ax: 302, bp: s.bid, ap: s.ask, bs: Math.round(s.bidQ / lot), as: Math.round(s.askQ / lot), t, q: s.seq }) });
    this.#options.push({ ch: 'FMV', sym: s.key, json: JSON.stringify({ ev: 'FMV', fmv: r4(s.fair), sym: s.key, t: t * 1_000_000 }) });
    if (s.ltt !== this.#lastLtt[idx]) {
      this.#lastLtt[idx] = s.ltt;
      const size = Math.max(1, Math.round(s.ltq / lot));
      this.#options.push({ ch: 'T', sym: s.key, json: JSON.stringify({ ev: 'T', sym: s.key, x: 65, p: s.ltp, s: size, c: [209], t: s.ltt, q: s.seq }) });
      this.#aggregate(idx, s.key, s.ltp, size, s.ltt, Math.round(s.volume / lot), s.dayOpen, s.atp, this.#options);
    }
  }

  #stockEvents(idx: number, s: InstrumentState): void {
    // The model prints the underlying's level; a stock trade needs a size: round lots from a hash of the print.
    const size = 100 * (1 + Math.floor(hashUnit(idx, s.seq) * 20));
    const vol = (this.#stockVolume.get(idx) ?? 0) + size;
    this.#stockVolume.set(idx, vol);
    this.#stocks.push({ ch: 'T', sym: s.key, json: JSON.stringify({ ev: 'T', sym: s.key, i: String(s.seq), x: 4, p: s.ltp, s: size, c: [], t: s.ltt, q: s.seq, z: 3 }) });
    this.#stocks.push({ ch: 'Q', sym: s.key, json: JSON.stringify({ ev: 'Q', sym: s.key, bx: 4, ax: 4, bp: r2(s.ltp - 0.01), ap: r2(s.ltp + 0.01), bs: 3, as: 4, c: 0, t: s.ltt, q: s.seq, z: 3 }) });
    this.#aggregate(idx, s.key, s.ltp, size, s.ltt, vol, s.dayOpen, s.ltp, this.#stocks);
  }

  /** Per-second (A) and per-minute (AM) bars; a bar is sent when the next trade falls in a later window. */
  #aggregate(idx: number, sym: string, p: number, size: number, t: number, dayVolume: number, dayOpen: number, dayVwap: number, out: Pending[]): void {
    let ws = this.#windows.get(idx);
    if (!ws) this.#windows.set(idx, (ws = [1000, 60_000].map((len) => ({ start: -1, len, o: 0, h: 0, l: 0, c: 0, v: 0, pv: 0, n: 0 }))));
    ws.forEach((w, k) => {
      const start = Math.floor(t / w.len) * w.len;
      if (w.start !== start) {
        if (w.n > 0) {
          const ev = k === 0 ? 'A' : 'AM';
          out.push({ ch: ev, sym, json: JSON.stringify({ ev, sym, v: w.v, av: dayVolume - size, op: dayOpen, vw: r4(w.pv / w.v), o: w.o, c: w.c, h: w.h, l: w.l, a: r4(dayVwap), z: Math.round(w.v / w.n), s: w.start, e: w.start + w.len }) });
        }
        Object.assign(w, { start, o: p, h: p, l: p, c: p, v: 0, pv: 0, n: 0 });
      }
      if (p > w.h) w.h = p;
      if (p < w.l) w.l = p;
      w.c = p;
      w.v += size;
      w.pv += p * size;
      w.n++;
    });
  }

  /** One array frame of the connection's events (Massive batches events). */
  framesFor(c: JsonConnection): readonly string[] {
    const st = c.state as MassiveConn;
    if (!st.authed) return [];
    const events = c.path === MASSIVE_OPTIONS_PATH ? this.#options : this.#stocks;
    let out = '';
    for (const e of events) {
      if (!st.wild.has(e.ch) && !st.subs[e.ch].has(e.sym)) continue;
      out += out ? `,${e.json}` : e.json;
    }
    return out ? [`[${out}]`] : [];
  }

  published(): void {
    this.#options = [];
    this.#stocks = [];
  }

  // ---- REST ----

  request(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const p = url.pathname;
    if (!(p.startsWith('/v3/reference/options/contracts') || p.startsWith('/v3/snapshot/options/') || /^\/v2\/aggs\/ticker\/[^/]+\/prev$/.test(p))) return false;
    const key = url.searchParams.get('apiKey') ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const requestId = `sim-${Date.now().toString(36)}`;
    if (key !== this.#apiKey) return sendJson(res, 401, { status: 'ERROR', request_id: requestId, error: 'Unknown API Key' });
    if (req.method !== 'GET') return sendJson(res, 405, { status: 'ERROR', request_id: requestId, error: 'method not allowed' });
    if (p === '/v3/reference/options/contracts') return this.#contracts(req, res, url, requestId);
    if (p.startsWith('/v3/snapshot/options/')) return this.#snapshot(req, res, url, decodeURIComponent(p.slice('/v3/snapshot/options/'.length)), requestId);
    return this.#prev(res, decodeURIComponent(p.split('/')[4]!), requestId);
  }

  /** Options of the US underlyings that match the query, in listing order (expiry, strike, call then put). */
  #listed(q: URLSearchParams): InstrumentState[] {
    const today = zonedDate(this.#now(), US_TIME_ZONE);
    const u = q.get('underlying_ticker');
    const type = q.get('contract_type');
    const eq = q.get('expiration_date');
    const gte = q.get('expiration_date.gte') ?? (q.get('expired') === 'true' ? null : today);
    const lte = q.get('expiration_date.lte');
    const out: InstrumentState[] = [];
    for (const s of this.#model.instruments) {
      if (s.kind !== KIND_OPTION) continue;
      const c = parseOccTicker(s.key)!;
      if (u && c.root !== u) continue;
      if (type && (type === 'call') !== s.isCall) continue;
      if ((eq && c.expiry !== eq) || (gte && c.expiry < gte) || (lte && c.expiry > lte)) continue;
      out.push(s);
    }
    return out;
  }

  /** One page: `limit` (default 10, at most `max`) from the cursor's offset; next_url carries the query. */
  #page(req: IncomingMessage, url: URL, max: number, dflt: number): { q: URLSearchParams; offset: number; limit: number; next: (total: number) => string | undefined } {
    let q = new URLSearchParams(url.searchParams);
    let offset = 0;
    const cursor = q.get('cursor');
    if (cursor) {
      try {
        const c = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { o: number; q: string };
        offset = c.o;
        q = new URLSearchParams(c.q);
      } catch { /* a bad cursor starts over */ }
    }
    q.delete('apiKey');
    q.delete('cursor');
    const limit = Math.max(1, Math.min(max, Number(q.get('limit') ?? dflt) || dflt));
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    return {
      q, offset, limit,
      next: (total) => offset + limit < total ? `${origin}${url.pathname}?cursor=${Buffer.from(JSON.stringify({ o: offset + limit, q: q.toString() })).toString('base64url')}` : undefined,
    };
  }

  #contracts(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): true {
    const pg = this.#page(req, url, 1000, 10);
    const all = this.#listed(pg.q);
    const results = all.slice(pg.offset, pg.offset + pg.limit).map((s) => {
      const c = parseOccTicker(s.key)!;
      return { cfi: s.isCall ? 'OCASPS' : 'OPASPS', contract_type: s.isCall ? 'call' : 'put', exercise_style: 'american', expiration_date: c.expiry,
        primary_exchange: 'BATO', shares_per_contract: s.lotSize, strike_price: c.strike, ticker: s.key, underlying_ticker: c.root };
    });
    const next = pg.next(all.length);
    return sendJson(res, 200, { results, status: 'OK', request_id: requestId, ...(next && { next_url: next }) });
  }

  #snapshot(req: IncomingMessage, res: ServerResponse, url: URL, underlying: string, requestId: string): true {
    const ui = this.#stockIndex.get(underlying);
    if (ui === undefined) return sendJson(res, 404, { status: 'NOT_FOUND', request_id: requestId, message: `no options for underlying ${underlying}` });
    const pg = this.#page(req, url, 250, 10);
    pg.q.set('underlying_ticker', underlying);
    const all = this.#listed(pg.q);
    const spot = this.#model.instruments[ui]!;
    const results = all.slice(pg.offset, pg.offset + pg.limit).map((s) => {
      const c = parseOccTicker(s.key)!;
      const g = greeksOf(s, US_RATE);
      const lot = s.lotSize;
      return {
        break_even_price: r2(s.isCall ? c.strike + s.ltp : c.strike - s.ltp),
        day: { change: r2(s.ltp - s.cp), change_percent: s.cp > 0 ? r2((100 * (s.ltp - s.cp)) / s.cp) : 0, close: s.ltp, high: s.dayHigh, low: s.dayLow, open: s.dayOpen,
          previous_close: s.cp, volume: Math.round(s.volume / lot), vwap: r4(s.atp), last_updated: s.ltt * 1_000_000 },
        details: { contract_type: s.isCall ? 'call' : 'put', exercise_style: 'american', expiration_date: c.expiry, shares_per_contract: lot, strike_price: c.strike, ticker: s.key },
        greeks: { delta: r4(g.delta), gamma: r4(g.gamma), theta: r4(g.theta), vega: r4(g.vega) },
        implied_volatility: r4(s.sigma),
        last_quote: { ask: s.ask, ask_size: Math.round(s.askQ / lot), bid: s.bid, bid_size: Math.round(s.bidQ / lot), midpoint: r4((s.bid + s.ask) / 2), last_updated: s.ltt * 1_000_000, timeframe: 'REAL-TIME' },
        last_trade: { price: s.ltp, size: Math.max(1, Math.round(s.ltq / lot)), exchange: 65, sip_timestamp: s.ltt * 1_000_000, timeframe: 'REAL-TIME' },
        open_interest: Math.round(s.oi / lot),
        fmv: r4(s.fair),
        underlying_asset: { price: spot.ltp, ticker: underlying, last_updated: spot.ltt * 1_000_000, timeframe: 'REAL-TIME', change_to_break_even: r2((s.isCall ? c.strike + s.ltp : c.strike - s.ltp) - spot.ltp) },
      };
    });
    const next = pg.next(all.length);
    return sendJson(res, 200, { results, status: 'OK', request_id: requestId, ...(next && { next_url: next }) });
  }

  #prev(res: ServerResponse, ticker: string, requestId: string): true {
    const ui = this.#stockIndex.get(ticker);
    if (ui === undefined) return sendJson(res, 200, { ticker, queryCount: 0, resultsCount: 0, adjusted: true, results: [], status: 'OK', request_id: requestId });
    const s = this.#model.instruments[ui]!;
    return sendJson(res, 200, { ticker, queryCount: 1, resultsCount: 1, adjusted: true, status: 'OK', request_id: requestId,
      results: [{ T: ticker, c: s.cp, h: s.cp, l: s.cp, o: s.cp, v: 0, vw: s.cp, t: s.dayStart - 1 }] });
  }
}

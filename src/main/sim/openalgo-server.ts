// A local stand-in for an OpenAlgo server (protocols.md §2; marketcalls/openalgo
// websocket_proxy/server.py): the WebSocket proxy on any path of one port — authenticate within
// the grace period (else close 4401 'auth timeout'), subscribe/unsubscribe/unsubscribe_all in
// the `symbols` list or single-symbol form with numeric or label modes, errors without `type`,
// market_data envelopes with the data keys of the Angel/Zerodha adapters, protocol pings every
// pingMs — and the REST endpoints of openalgo-rest.ts under /api/v1/ on the same port. It
// streams the simulator's market model, the same one the Upstox server streams. Runtime: node.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { forEachDepthLevel } from './feed-frames.ts';
import { KIND_OPTION, type InstrumentState } from './instrument-state.ts';
import type { FeedModel } from './upstox-server.ts';
import { openAlgoRest, type OpenAlgoSymbolTable } from './openalgo-rest.ts';

export const OPENALGO_SIM_BROKER = 'optick-sim';
const LABELS = ['', 'LTP', 'Quote', 'Depth'] as const;
const MODE_BY_LABEL: Readonly<Record<string, number>> = { LTP: 1, QUOTE: 2, DEPTH: 3 };

export interface OpenAlgoServerOptions {
  host: string;
  port: number;
  apiKey: string;
  model: FeedModel;
  table: OpenAlgoSymbolTable;
  now: () => number;
  /** Close an unauthenticated connection after this long (OpenAlgo: 15 s). */
  authGraceMs?: number;
  /** Protocol ping interval (OpenAlgo: 20 s). */
  pingMs?: number;
  log: (message: string) => void;
}

export interface OpenAlgoServerStats {
  connections: number;
  messagesSent: number;
  authFailures: number;
  badRequests: number;
  unknownSymbols: number;
  /** Symbols subscribed now over all connections, by mode label. */
  subscribed: Record<string, number>;
}

interface Conn {
  ws: WebSocket;
  authed: boolean;
  /** Per instrument: bit m set = subscribed in mode m (1..3). */
  modes: Uint8Array;
  dirty: Uint8Array;
  dirtyList: number[];
  authTimer: NodeJS.Timeout | null;
}

/** Highest mode set in a bit mask. */
const topMode = (mask: number): number => (mask & 8 ? 3 : mask & 4 ? 2 : mask & 2 ? 1 : 0);

function normalizeMode(raw: unknown): number | null {
  if (raw === undefined) return 2;
  if (typeof raw === 'number') return raw === 1 || raw === 2 || raw === 3 ? raw : null;
  if (typeof raw === 'string') return MODE_BY_LABEL[raw.toUpperCase()] ?? (/^[123]$/.test(raw) ? Number(raw) : null);
  return null;
}

export class OpenAlgoSimServer {
  readonly #o: Required<OpenAlgoServerOptions>;
  readonly #http: Server;
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #conns = new Set<Conn>();
  #pingTimer: NodeJS.Timeout | null = null;
  #stalledUntil = 0;
  #port = 0;
  readonly #stats = { messagesSent: 0, authFailures: 0, badRequests: 0, unknownSymbols: 0 };

  constructor(opts: OpenAlgoServerOptions) {
    this.#o = { authGraceMs: 15_000, pingMs: 20_000, ...opts };
    this.#http = createServer((req, res) => this.#onRest(req, res));
    this.#http.on('upgrade', (req, socket, head) => {
      socket.on('error', () => {});
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws));
    });
    this.#http.on('clientError', (_err, socket) => socket.destroy());
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(this.#o.port, this.#o.host, () => {
        this.#http.off('error', reject);
        const a = this.#http.address();
        this.#port = typeof a === 'object' && a ? a.port : this.#o.port;
        this.#pingTimer = setInterval(() => this.#ping(), this.#o.pingMs);
        this.#pingTimer.unref();
        resolve(this.#port);
      });
    });
  }

  get port(): number {
    return this.#port;
  }

  #onRest(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    const reply = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
    };
    if (req.method !== 'POST' || !path.startsWith('/api/v1/')) return reply(404, { status: 'error', message: `no such endpoint ${req.method} ${path}` });
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => { if (text.length < 65_536) text += d; });
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return reply(400, { status: 'error', message: 'request body is not JSON' });
      }
      if (!body || typeof body !== 'object') return reply(400, { status: 'error', message: 'request body is not a JSON object' });
      const r = openAlgoRest(path, body as Record<string, unknown>, this.#o.table, this.#o.apiKey, this.#o.now());
      reply(r.status, r.body);
    });
  }

  #onConnection(ws: WebSocket): void {
    const n = this.#o.model.instruments.length;
    const c: Conn = { ws, authed: false, modes: new Uint8Array(n), dirty: new Uint8Array(n), dirtyList: [], authTimer: null };
    c.authTimer = setTimeout(() => { if (!c.authed) ws.close(4401, 'auth timeout'); }, this.#o.authGraceMs);
    c.authTimer.unref();
    this.#conns.add(c);
    ws.on('message', (data: RawData, isBinary: boolean) => this.#onMessage(c, data, isBinary));
    ws.on('close', () => { this.#conns.delete(c); if (c.authTimer) clearTimeout(c.authTimer); });
    ws.on('error', (err) => this.#o.log(`openalgo connection: ${err.message}`));
  }

  #send(c: Conn, msg: unknown): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    c.ws.send(JSON.stringify(msg));
    this.#stats.messagesSent++;
  }

  #error(c: Conn, code: string, message: string): void {
    this.#stats.badRequests++;
    this.#send(c, { status: 'error', code, message });
  }

  #onMessage(c: Conn, raw: RawData, isBinary: boolean): void {
    let m: unknown;
    try {
      m = JSON.parse((isBinary ? Buffer.from(raw as Buffer) : raw).toString());
    } catch {
      return this.#error(c, 'INVALID_JSON', 'Invalid JSON message');
    }
    if (!m || typeof m !== 'object') return this.#error(c, 'INVALID_JSON', 'Invalid JSON message');
    const d = m as Record<string, unknown>;
    const action = d.action ?? d.type;
    if (action === 'authenticate' || action === 'auth') return this.#authenticate(c, d);
    if (action === 'ping') {
      return this.#send(c, { type: 'pong', status: 'success', server_timestamp: this.#o.now(), ...(d.timestamp !== undefined && { client_timestamp: d.timestamp }), ...(d._pingId !== undefined && { _pingId: d._pingId }) });
    }
    if (action === 'subscribe' || action === 'unsubscribe' || action === 'unsubscribe_all') {
      if (!c.authed) return this.#error(c, 'NOT_AUTHENTICATED', 'You must authenticate first');
      return action === 'subscribe' ? this.#subscribe(c, d) : this.#unsubscribe(c, d, action === 'unsubscribe_all');
    }
    this.#error(c, 'INVALID_ACTION', `Invalid action: ${String(action)}`);
  }

  #authenticate(c: Conn, d: Record<string, unknown>): void {
    const key = d.api_key ?? d.apikey;
    if (!key) { this.#stats.authFailures++; return this.#error(c, 'AUTHENTICATION_ERROR', 'API key is required'); }
    if (key !== this.#o.apiKey) { this.#stats.authFailures++; return this.#error(c, 'AUTHENTICATION_ERROR', 'Invalid API key'); }
    c.authed = true;
    if (c.authTimer) clearTimeout(c.authTimer);
    this.#send(c, { type: 'auth', status: 'success', message: 'Authentication successful', broker: OPENALGO_SIM_BROKER, user_id: 'sim-user', supported_features: { ltp: true, quote: true, depth: true } });
  }

  /** The {symbol, exchange} entries of a request: the `symbols` list, or the single-symbol form. */
  #entries(d: Record<string, unknown>): Record<string, unknown>[] {
    if (Array.isArray(d.symbols) && d.symbols.length) return d.symbols.filter((s): s is Record<string, unknown> => !!s && typeof s === 'object');
    if (typeof d.symbol === 'string' && typeof d.exchange === 'string') return [{ symbol: d.symbol, exchange: d.exchange, mode: d.mode }];
    return [];
  }

  #subscribe(c: Conn, d: Record<string, unknown>): void {
    const mode = normalizeMode(d.mode);
    if (mode === null) return this.#error(c, 'INVALID_MODE', `Invalid mode: ${JSON.stringify(d.mode)}. Use 1/2/3 or LTP/Quote/Depth`);
    const entries = this.#entries(d);
    if (!entries.length) return this.#error(c, 'INVALID_PARAMETERS', 'At least one symbol must be specified');
    const depth = typeof d.depth === 'number' ? d.depth : 5;
    const subscriptions: Record<string, unknown>[] = [];
    const fresh: InstrumentState[] = [];
    for (const e of entries) {
      const symbol = e.symbol, exchange = e.exchange;
      if (typeof symbol !== 'string' || typeof exchange !== 'string') continue;
      const s = this.#o.table.byKey.get(`${exchange}:${symbol}`);
      if (!s) {
        this.#stats.unknownSymbols++;
        subscriptions.push({ symbol, exchange, status: 'error', message: `Symbol ${symbol} not found for exchange ${exchange}`, broker: OPENALGO_SIM_BROKER });
        continue;
      }
      c.modes[s.index]! |= 1 << mode;
      fresh.push(s);
      subscriptions.push({ symbol, exchange, status: 'success', mode: LABELS[mode], depth, broker: OPENALGO_SIM_BROKER });
    }
    const failed = subscriptions.some((s) => s.status !== 'success');
    this.#send(c, { type: 'subscribe', status: failed ? 'partial' : 'success', subscriptions, message: 'Subscription processing complete', broker: OPENALGO_SIM_BROKER, ...(d.request_id !== undefined && { request_id: d.request_id }) });
    // The broker adapters send the current quote of a new subscription at once.
    for (const s of fresh) this.#send(c, this.#marketData(s, topMode(c.modes[s.index]!)));
  }

  #unsubscribe(c: Conn, d: Record<string, unknown>, all: boolean): void {
    const successful: Record<string, unknown>[] = [];
    const failed: Record<string, unknown>[] = [];
    if (all) {
      c.modes.forEach((mask, i) => { if (mask) { const [exchange, symbol] = this.#o.table.names[i]!; successful.push({ symbol, exchange, status: 'success', broker: OPENALGO_SIM_BROKER }); } });
      c.modes.fill(0);
    } else {
      const entries = this.#entries(d);
      if (!entries.length) return this.#error(c, 'INVALID_PARAMETERS', 'Either symbols or unsubscribe_all is required');
      for (const e of entries) {
        const s = this.#o.table.byKey.get(`${String(e.exchange)}:${String(e.symbol)}`);
        const mode = normalizeMode(e.mode ?? d.mode);
        if (!s || mode === null || !(c.modes[s.index]! & (1 << mode))) {
          failed.push({ symbol: e.symbol, exchange: e.exchange, status: 'error', message: !s ? 'Symbol not found' : 'Not subscribed in that mode', broker: OPENALGO_SIM_BROKER });
          continue;
        }
        c.modes[s.index]! &= ~(1 << mode);
        successful.push({ symbol: e.symbol, exchange: e.exchange, status: 'success', broker: OPENALGO_SIM_BROKER });
      }
    }
    const status = failed.length === 0 ? 'success' : successful.length ? 'partial' : 'error';
    this.#send(c, { type: 'unsubscribe', status, message: 'Unsubscription processing complete', successful, failed, broker: OPENALGO_SIM_BROKER, ...(d.request_id !== undefined && { request_id: d.request_id }) });
  }

  /** The market_data envelope of `s` in `mode`, data keyed as the Angel/Zerodha adapters key it. */
  #marketData(s: InstrumentState, mode: number): Record<string, unknown> {
    const [exchange, symbol] = this.#o.table.names[s.index]!;
    const data: Record<string, unknown> = { symbol, exchange, mode, timestamp: this.#o.now(), ltp: s.ltp, ltt: s.ltt };
    if (mode >= 2) {
      Object.assign(data, {
        open: s.dayOpen, high: s.dayHigh, low: s.dayLow, close: s.cp, volume: s.volume, last_trade_quantity: s.ltq,
        average_price: Math.round(s.atp * 100) / 100, total_buy_quantity: s.tbq, total_sell_quantity: s.tsq,
      });
      if (s.kind === KIND_OPTION) data.oi = s.oi;
    }
    if (mode === 3 && s.kind === KIND_OPTION) {
      const buy: { price: number; quantity: number; orders: number }[] = [];
      const sell: { price: number; quantity: number; orders: number }[] = [];
      forEachDepthLevel(s, 5, (bidQ, bidP, askQ, askP) => {
        buy.push({ price: bidP, quantity: bidQ, orders: bidQ > 0 ? 1 + (bidQ / s.lotSize) % 7 : 0 });
        sell.push({ price: askP, quantity: askQ, orders: askQ > 0 ? 1 + (askQ / s.lotSize) % 7 : 0 });
      });
      data.depth = { buy, sell };
    }
    return { type: 'market_data', symbol, exchange, mode, broker: OPENALGO_SIM_BROKER, data };
  }

  /** Call after each model step: remembers which subscribed instruments ticked, per connection. */
  markTicked(): void {
    const { ticked, tickedCount } = this.#o.model;
    for (const c of this.#conns) {
      for (let i = 0; i < tickedCount; i++) {
        const idx = ticked[i]!;
        if (c.modes[idx] && !c.dirty[idx]) { c.dirty[idx] = 1; c.dirtyList.push(idx); }
      }
    }
  }

  /** One market_data message per subscribed instrument that ticked since the last publish. */
  publish(): void {
    if (performance.now() < this.#stalledUntil) return;
    const instruments = this.#o.model.instruments;
    for (const c of this.#conns) {
      for (const idx of c.dirtyList) {
        c.dirty[idx] = 0;
        const mask = c.modes[idx]!;
        if (mask) this.#send(c, this.#marketData(instruments[idx]!, topMode(mask)));
      }
      c.dirtyList.length = 0;
    }
  }

  #ping(): void {
    if (performance.now() < this.#stalledUntil) return;
    for (const c of this.#conns) if (c.ws.readyState === c.ws.OPEN) c.ws.ping();
  }

  /** Sends nothing (no data, no pings) for `ms`: a silent, still-open proxy. */
  stall(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`stall needs a duration in ms >= 0, got ${ms}`);
    this.#stalledUntil = performance.now() + ms;
  }

  /** Closes every connection with `code` (default 4000), or `reset` destroys the sockets. */
  dropConnections(how: { code?: number; reset?: boolean } = {}): void {
    for (const c of this.#conns) {
      if (how.reset) c.ws.terminate();
      else c.ws.close(how.code ?? 4000, 'simulator dropped the connection');
    }
  }

  stats(): OpenAlgoServerStats {
    const subscribed: Record<string, number> = {};
    for (const c of this.#conns) c.modes.forEach((mask) => { const m = topMode(mask); if (m) { const l = LABELS[m]!; subscribed[l] = (subscribed[l] ?? 0) + 1; } });
    return { connections: this.#conns.size, ...this.#stats, subscribed };
  }

  /** Stops for good: every connection is cut and the port no longer answers. */
  async close(): Promise<void> {
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    for (const c of this.#conns) { c.ws.terminate(); if (c.authTimer) clearTimeout(c.authTimer); }
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.#http.close(() => resolve());
      this.#http.closeAllConnections();
    });
  }
}

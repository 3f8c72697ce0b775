// A local stand-in for Upstox's Market Data Feed V3 (protocols.md §1): REST authorize, the
// 302-to-feeder upgrade with single-use codes, 401 on bad tokens, binary-JSON subscriptions,
// protobuf frames (market_info → initial_feed → live_feed), idle pings, and the instrument master.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { WebSocket, RawData } from 'ws';
import { OneTimeCodes } from './one-time-codes.ts';
import { FeedSession, parseSubscriptionRequest } from './feed-session.ts';
import { FeedFrameWriter, MODE_NAMES, encodeMarketInfo } from './feed-frames.ts';
import type { MarketModel } from './model.ts';
import type { SimOAuth, SimReply } from './oauth.ts';
import { DIALOG_PATH, TOKEN_PATH } from '../engine/feeds/upstox/login.ts';

export const FEED_PATH = '/v3/feed/market-data-feed';
export const AUTHORIZE_PATH = '/v3/feed/market-data-feed/authorize';
export const FEEDER_PATH = '/market-data-feeder/v3/upstox-developer-api/feeds';
/** The simulator's own control (not Upstox's): POST ?underlying=NIFTY&pct=1 moves that index's spot by 1 %. */
export const SHOCK_PATH = '/sim/control/shock';
export const MASTER_PATHS = ['/market-quote/instruments/exchange/NSE.json.gz', '/market-quote/instruments/exchange/complete.json.gz'];
/** A connection whose socket holds more than this many unsent bytes skips live frames (its ticks wait). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Frames held for a connection while the feed is stalled. */
const MAX_HELD_FRAMES = 256;

export interface FeedServerOptions {
  host: string;
  port: number;
  /** A fixed token that never expires (tests, scripts); tokens from the login flow work too. */
  token: string;
  /** Login dialog and token endpoint; their tokens expire at 03:30 IST by `now`. */
  oauth: SimOAuth;
  /** What the feed serves: the simulated market, or a fixed snapshot (snapshot-server.ts). */
  model: FeedModel;
  /** Gzipped instrument master JSON. */
  masterGz: Buffer;
  now: () => number;
  idlePingMs: number;
  /** market_info segment → MarketStatus value. */
  segmentStatus: Readonly<Record<string, number>>;
  log: (message: string) => void;
  /** Deterministic market moves for tests and demos (absent for a fixed snapshot). */
  shock?: (underlying: string, pct: number) => number;
}

/** The part of a market model the feed server reads: instrument states, and which ticked in the last step. */
export type FeedModel = Pick<MarketModel, 'instruments' | 'byKey' | 'ticked' | 'tickedCount'>;

export interface FeedServerStats {
  connections: number;
  framesSent: number;
  bytesSent: number;
  pingsSent: number;
  unknownKeys: number;
  badRequests: number;
  rejectedUpgrades: number;
  backlogSkips: number;
  heldFramesDropped: number;
  /** Keys ignored because they would have broken a per-mode limit. */
  overLimitKeys: number;
  /** Keys subscribed now over all connections, by mode name (ltpc, full, option_greeks, full_d30). */
  subscribed: Record<string, number>;
  /** Access tokens issued by the token endpoint. */
  logins: number;
}

interface Connection {
  id: number;
  ws: WebSocket;
  session: FeedSession;
  lastSentAt: number;
  held: Uint8Array[];
}

const UPSTOX_ERRORS = {
  badToken: { code: 'UDAPI100050', message: 'Invalid token used to access API' },
  badCode: { code: 'UDAPI100016', message: 'Invalid or expired feed authorization code' },
  usedCode: { code: 'UDAPI100016', message: 'Feed authorization code already used' },
  notFound: { code: 'UDAPI100060', message: 'Resource not Found.' },
} as const;

function errorBody(e: { code: string; message: string }): string {
  return JSON.stringify({ status: 'error', errors: [{ errorCode: e.code, message: e.message, propertyPath: null, invalidValue: null, error_code: e.code, property_path: null, invalid_value: null }] });
}

const STATUS_TEXT: Readonly<Record<number, string>> = { 302: 'Found', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

/** Writes a plain HTTP response on a socket that asked to upgrade, then closes it. */
function rejectUpgrade(socket: Duplex, status: number, body: string, extraHeaders = ''): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: application/json\r\n${extraHeaders}` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export class UpstoxFeedServer {
  private readonly opts: FeedServerOptions;
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly codes = new OneTimeCodes();
  private readonly conns = new Set<Connection>();
  private readonly frames = new FeedFrameWriter();
  private nextId = 1;
  private segmentStatus: Readonly<Record<string, number>>;
  private stalledUntil = 0;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private boundPort = 0;
  readonly stats: FeedServerStats = {
    connections: 0, framesSent: 0, bytesSent: 0, pingsSent: 0, unknownKeys: 0, badRequests: 0, rejectedUpgrades: 0, backlogSkips: 0, heldFramesDropped: 0,
    overLimitKeys: 0, subscribed: {}, logins: 0,
  };

  constructor(opts: FeedServerOptions) {
    this.segmentStatus = opts.segmentStatus;
    this.opts = opts;
    this.http = createServer((req, res) => this.onRequest(req, res));
    this.http.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.http.on('clientError', (err, socket) => {
      this.opts.log(`http client error: ${err.message}`);
      socket.destroy();
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.opts.port, this.opts.host, () => {
        this.http.off('error', reject);
        const addr = this.http.address();
        this.boundPort = typeof addr === 'object' && addr ? addr.port : this.opts.port;
        const every = Math.max(20, Math.min(1000, this.opts.idlePingMs / 4));
        this.pingTimer = setInterval(() => this.pingIdle(), every);
        this.pingTimer.unref();
        resolve(this.boundPort);
      });
    });
  }

  private authorized(req: IncomingMessage): boolean {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const token = m?.[1]?.trim();
    return token !== undefined && (token === this.opts.token || this.opts.oauth.tokenValid(token));
  }

  private feederUrl(req: IncomingMessage): string {
    const host = req.headers.host ?? `${this.opts.host}:${this.boundPort}`;
    return `ws://${host}${FEEDER_PATH}?requestId=${randomUUID()}&code=${this.codes.issue()}`;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (r: SimReply): void => {
      res.writeHead(r.status, { ...r.headers, 'Content-Length': Buffer.byteLength(r.body) }).end(r.body);
    };
    if (path === DIALOG_PATH && req.method === 'GET') return reply(this.opts.oauth.dialog(new URL(req.url ?? '/', 'http://sim').searchParams));
    if (path === TOKEN_PATH && req.method === 'POST') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => { if (body.length < 65_536) body += d; });
      req.on('end', () => reply(this.opts.oauth.token(new URLSearchParams(body))));
      return;
    }
    const json = (status: number, body: string): void => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
    };
    if (path === AUTHORIZE_PATH && req.method === 'GET') {
      if (!this.authorized(req)) return json(401, errorBody(UPSTOX_ERRORS.badToken));
      const uri = this.feederUrl(req);
      return json(200, JSON.stringify({ status: 'success', data: { authorized_redirect_uri: uri, authorizedRedirectUri: uri } }));
    }
    if (path === SHOCK_PATH && req.method === 'POST' && this.opts.shock) {
      if (!this.authorized(req)) return json(401, errorBody(UPSTOX_ERRORS.badToken));
      const q = new URL(req.url ?? '/', 'http://sim').searchParams;
      try {
        const spot = this.opts.shock(q.get('underlying') ?? '', Number(q.get('pct') ?? 'NaN'));
        return json(200, JSON.stringify({ status: 'success', data: { underlying: q.get('underlying'), spot } }));
      } catch (e) {
        return json(400, JSON.stringify({ status: 'error', errors: [{ message: (e as Error).message }] }));
      }
    }
    if (path !== undefined && MASTER_PATHS.includes(path) && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/gzip', 'Content-Length': this.opts.masterGz.length }).end(this.opts.masterGz);
      return;
    }
    json(404, errorBody(UPSTOX_ERRORS.notFound));
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Until ws owns the socket: a client that hangs up mid-handshake is routine, anything else is logged.
    const onError = (err: NodeJS.ErrnoException): void => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') this.opts.log(`upgrade ${(req.url ?? '').split('?')[0]}: ${err.message}`);
    };
    socket.on('error', onError);
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname === FEED_PATH) {
      if (!this.authorized(req)) {
        this.stats.rejectedUpgrades++;
        return rejectUpgrade(socket, 401, errorBody(UPSTOX_ERRORS.badToken));
      }
      return rejectUpgrade(socket, 302, '', `Location: ${this.feederUrl(req)}\r\n`);
    }
    if (url.pathname === FEEDER_PATH) {
      const check = this.codes.redeem(url.searchParams.get('code') ?? '');
      if (check !== 'ok') {
        this.stats.rejectedUpgrades++;
        return rejectUpgrade(socket, check === 'used' ? 403 : 401, errorBody(check === 'used' ? UPSTOX_ERRORS.usedCode : UPSTOX_ERRORS.badCode));
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        socket.off('error', onError);
        this.onConnection(ws);
      });
      return;
    }
    this.stats.rejectedUpgrades++;
    rejectUpgrade(socket, 404, errorBody(UPSTOX_ERRORS.notFound));
  }

  private onConnection(ws: WebSocket): void {
    const conn: Connection = { id: this.nextId++, ws, session: new FeedSession(this.opts.model.instruments.length), lastSentAt: performance.now(), held: [] };
    this.conns.add(conn);
    this.stats.connections = this.conns.size;
    ws.on('message', (data: RawData) => this.onRequestFrame(conn, data));
    ws.on('close', () => {
      this.conns.delete(conn);
      this.stats.connections = this.conns.size;
      this.stats.unknownKeys += conn.session.unknownKeys;
      this.stats.overLimitKeys += conn.session.overLimitKeys;
    });
    ws.on('error', (err) => this.opts.log(`connection ${conn.id}: ${err.message}`));
    this.send(conn, encodeMarketInfo(this.segmentStatus, this.opts.now()));
  }

  private onRequestFrame(conn: Connection, data: RawData): void {
    let req;
    try {
      req = parseSubscriptionRequest(data);
    } catch (e) {
      this.stats.badRequests++;
      this.opts.log(`connection ${conn.id}: ${(e as Error).message}`);
      return;
    }
    const snapshot = conn.session.apply(req, this.opts.model.byKey);
    const frame = conn.session.snapshotFrame(snapshot, this.frames, this.opts.now());
    if (frame) this.send(conn, frame);
  }

  private get stalled(): boolean {
    return performance.now() < this.stalledUntil;
  }

  private send(conn: Connection, frame: Uint8Array): void {
    if (this.stalled) {
      if (conn.held.length >= MAX_HELD_FRAMES) {
        conn.held.shift();
        this.stats.heldFramesDropped++;
      }
      conn.held.push(frame);
      return;
    }
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    conn.ws.send(frame, { binary: true });
    conn.lastSentAt = performance.now();
    this.stats.framesSent++;
    this.stats.bytesSent += frame.length;
  }

  /** Call after each model step: remembers which subscribed keys ticked, per connection. */
  /** The exchange's session changed: every connection gets a market_info frame, as Upstox sends. */
  setMarketStatus(segmentStatus: Readonly<Record<string, number>>): void {
    this.segmentStatus = segmentStatus;
    const frame = encodeMarketInfo(segmentStatus, this.opts.now());
    for (const conn of this.conns) this.send(conn, frame);
  }

  markTicked(): void {
    const { ticked, tickedCount } = this.opts.model;
    for (const c of this.conns) c.session.markTicked(ticked, tickedCount);
  }

  /** Sends each connection one live_feed frame with its keys that ticked since its last frame. */
  publish(): void {
    if (this.stalled) return;
    const now = this.opts.now();
    for (const c of this.conns) {
      if (c.held.length > 0) for (const f of c.held.splice(0)) this.send(c, f);
      if (c.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        this.stats.backlogSkips++;
        continue;
      }
      const frame = c.session.takeLiveFrame(this.opts.model.instruments, this.frames, now);
      if (frame) this.send(c, frame);
    }
  }

  private pingIdle(): void {
    if (this.stalled) return;
    const t = performance.now();
    for (const c of this.conns) {
      if (t - c.lastSentAt < this.opts.idlePingMs || c.ws.readyState !== c.ws.OPEN) continue;
      c.ws.ping();
      c.lastSentAt = t;
      this.stats.pingsSent++;
    }
  }

  /** Holds every frame and ping for `ms` (a silent, still-open feed). */
  stall(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`stall needs a duration in ms >= 0, got ${ms}`);
    this.stalledUntil = performance.now() + ms;
  }

  /** Drops every connection: a close frame with `code` (default 4000), or `reset` destroys the TCP socket. */
  async dropConnections(how: { code?: number; reset?: boolean } = {}): Promise<void> {
    const code = how.code ?? 4000;
    if (!how.reset && !(code === 1000 || (code >= 3000 && code <= 4999))) {
      throw new RangeError(`close code must be 1000 or 3000-4999, got ${code}`);
    }
    const closing = [...this.conns].map((c) => new Promise<void>((resolve) => {
      if (c.ws.readyState === c.ws.CLOSED) return resolve();
      c.ws.once('close', () => resolve());
      if (how.reset) c.ws.terminate();
      else c.ws.close(code, 'simulator dropped the connection');
    }));
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([Promise.all(closing), timeout]);
    for (const c of this.conns) c.ws.terminate();
  }

  /** Counters so far (unknown keys include those of open connections). */
  snapshotStats(): FeedServerStats {
    let unknown = this.stats.unknownKeys;
    let overLimit = this.stats.overLimitKeys;
    const counts = new Int32Array(4);
    for (const c of this.conns) {
      unknown += c.session.unknownKeys;
      overLimit += c.session.overLimitKeys;
      c.session.modeCounts.forEach((n, m) => { counts[m]! += n; });
    }
    const subscribed: Record<string, number> = {};
    for (const [name, m] of Object.entries(MODE_NAMES)) if (counts[m]! > 0) subscribed[name] = counts[m]!;
    return { ...this.stats, unknownKeys: unknown, overLimitKeys: overLimit, subscribed, logins: this.opts.oauth.logins };
  }

  get port(): number {
    return this.boundPort;
  }

  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    for (const c of this.conns) c.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }
}

// One loopback HTTP + WebSocket server for the simulator's JSON protocols (Massive, the Bluefin-
// shaped price stream): each protocol claims its WebSocket paths and REST routes; the server owns
// the connections, idle pings, stall(), dropConnections() and close(), as the Upstox stand-in does.
// After each model step the protocols collect what ticked; publish() sends every connection the
// frame its protocol builds for it. Runtime: node (ws).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export interface JsonConnection {
  readonly id: number;
  readonly ws: WebSocket;
  /** The WebSocket path it connected to, e.g. '/options'. */
  readonly path: string;
  lastSentAt: number;
  /** Frames held while stalled (at most MAX_HELD). */
  held: string[];
  /** The protocol's own per-connection state. */
  state: unknown;
}

export interface JsonProtocol {
  readonly name: string;
  readonly wsPaths: readonly string[];
  /** A REST request; true when handled. */
  request?(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  open(c: JsonConnection, send: (c: JsonConnection, text: string) => void): void;
  message(c: JsonConnection, text: string, send: (c: JsonConnection, text: string) => void): void;
  /** After a model step (the slot's ticked instruments are in the model). */
  ticked(): void;
  /** The messages for one connection after the steps of a wake-up (none: empty). */
  framesFor(c: JsonConnection, now: number): readonly string[];
  /** After every connection had its frame. */
  published(): void;
}

export interface JsonServerStats {
  connections: number;
  framesSent: number;
  bytesSent: number;
  pingsSent: number;
  badRequests: number;
  heldFramesDropped: number;
}

const MAX_HELD = 256;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export class JsonWsServer {
  readonly stats: JsonServerStats = { connections: 0, framesSent: 0, bytesSent: 0, pingsSent: 0, badRequests: 0, heldFramesDropped: 0 };
  readonly #http: Server;
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #protocols: readonly JsonProtocol[];
  readonly #conns = new Set<JsonConnection>();
  readonly #now: () => number;
  readonly #idlePingMs: number;
  #nextId = 1;
  #stalledUntil = 0;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  readonly #send = (c: JsonConnection, text: string): void => this.#sendNow(c, text);

  constructor(opts: { protocols: readonly JsonProtocol[]; now: () => number; idlePingMs: number; log: (m: string) => void }) {
    this.#protocols = opts.protocols;
    this.#now = opts.now;
    this.#idlePingMs = opts.idlePingMs;
    this.#http = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://sim');
      for (const p of this.#protocols) if (p.request?.(req, res, url)) return;
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'NOT_FOUND', message: `no route ${url.pathname}` }));
    });
    this.#http.on('upgrade', (req, socket, head) => {
      const path = new URL(req.url ?? '/', 'http://sim').pathname;
      const protocol = this.#protocols.find((p) => p.wsPaths.includes(path));
      if (!protocol) {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, path, protocol));
    });
    this.#http.on('clientError', (err, socket) => { opts.log(`http client error: ${err.message}`); socket.destroy(); });
  }

  async listen(host: string, port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(port, host, () => { this.#http.off('error', reject); resolve(); });
    });
    this.#pingTimer = setInterval(() => this.#pingIdle(), Math.max(5, Math.floor(this.#idlePingMs / 4)));
    this.#pingTimer.unref();
    const addr = this.#http.address();
    return typeof addr === 'object' && addr ? addr.port : port;
  }

  #accept(ws: WebSocket, path: string, protocol: JsonProtocol): void {
    const c: JsonConnection = { id: this.#nextId++, ws, path, lastSentAt: performance.now(), held: [], state: null };
    this.#conns.add(c);
    this.stats.connections++;
    ws.on('close', () => this.#conns.delete(c));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      try {
        protocol.message(c, isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString(), this.#send);
      } catch {
        this.stats.badRequests++;
      }
    });
    protocol.open(c, this.#send);
  }

  get #stalled(): boolean {
    return performance.now() < this.#stalledUntil;
  }

  #sendNow(c: JsonConnection, text: string): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (this.#stalled) {
      if (c.held.length >= MAX_HELD) { c.held.shift(); this.stats.heldFramesDropped++; }
      c.held.push(text);
      return;
    }
    c.ws.send(text);
    c.lastSentAt = performance.now();
    this.stats.framesSent++;
    this.stats.bytesSent += text.length;
  }

  ticked(): void {
    for (const p of this.#protocols) p.ticked();
  }

  publish(): void {
    if (this.#stalled) return;
    const now = this.#now();
    for (const c of this.#conns) {
      if (c.held.length > 0) for (const f of c.held.splice(0)) this.#sendNow(c, f);
      if (c.ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
      const protocol = this.#protocols.find((p) => p.wsPaths.includes(c.path))!;
      for (const frame of protocol.framesFor(c, now)) this.#sendNow(c, frame);
    }
    for (const p of this.#protocols) p.published();
  }

  #pingIdle(): void {
    if (this.#stalled) return;
    const t = performance.now();
    for (const c of this.#conns) {
      if (t - c.lastSentAt < this.#idlePingMs || c.ws.readyState !== c.ws.OPEN) continue;
      c.ws.ping();
      c.lastSentAt = t;
      this.stats.pingsSent++;
    }
  }

  /** Holds every frame and ping for `ms` (a silent, still-open feed). */
  stall(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`stall needs a duration in ms >= 0, got ${ms}`);
    this.#stalledUntil = performance.now() + ms;
  }

  /** Drops every connection (of one path when given): a close frame with `code` (default 4000), or `reset` destroys the TCP socket. */
  async dropConnections(how: { code?: number; reset?: boolean; path?: string } = {}): Promise<void> {
    const code = how.code ?? 4000;
    if (!how.reset && !(code === 1000 || (code >= 3000 && code <= 4999))) throw new RangeError(`close code must be 1000 or 3000-4999, got ${code}`);
    const conns = [...this.#conns].filter((c) => how.path === undefined || c.path === how.path);
    const closing = conns.map((c) => new Promise<void>((resolve) => {
      if (c.ws.readyState === c.ws.CLOSED) return resolve();
      c.ws.once('close', () => resolve());
      if (how.reset) c.ws.terminate();
      else c.ws.close(code, 'simulator dropped the connection');
    }));
    await Promise.race([Promise.all(closing), new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
    for (const c of conns) c.ws.terminate();
  }

  get connections(): ReadonlySet<JsonConnection> {
    return this.#conns;
  }

  async close(): Promise<void> {
    clearInterval(this.#pingTimer);
    for (const c of this.#conns) c.ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    await new Promise<void>((resolve) => { this.#http.close(() => resolve()); this.#http.closeAllConnections(); });
  }
}

/** Writes a JSON reply. */
export function sendJson(res: ServerResponse, status: number, body: unknown): true {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
  return true;
}

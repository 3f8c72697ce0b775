// The server host: the engine behind HTTP + WebSocket on 127.0.0.1, for browser mode
// and the local data API. Every API request carries the token; Host and Origin are
// checked so a web page elsewhere cannot read the API (DNS rebinding, CSRF).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, type HostFrame } from '../../shared/api.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../engine/log.ts';
import { tokenMatches } from './api-token.ts';
import type { TradingHoursApi } from '../engine/schedule/api.ts';
import { calculate, createDispatcher, toApiError } from './api-dispatch.ts';
import { ClientHub } from './client-hub.ts';
import type { UpstoxAccount } from '../engine/feeds/upstox/account-node.ts';
import { serveStatic } from './static-files.ts';
import { historyOf } from '../engine/history/history-service.ts';
import { routeHistory } from '../engine/history/http.ts';

export interface ServerHostOptions {
  engine: Engine;
  hours: TradingHoursApi;
  /** Upstox account: GET /upstox/callback (no API token: the OAuth state guards it) and /api/upstox/*. */
  upstox?: UpstoxAccount;
  token: string;
  /** Built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  log?: Logger;
  /** A client whose unsent data exceeds this is disconnected (it reconnects and resyncs). */
  maxClientBufferBytes?: number;
}

export interface ServerHost {
  port: number;
  /** Base URL, e.g. http://127.0.0.1:7373 */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a JSON request body (≤ 1 MiB); undefined for GET/HEAD or an empty body. */
async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError('bad_request', `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (!/json/.test(req.headers['content-type'] ?? 'application/json')) return text;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError('bad_request', `request body is not JSON: ${(err as Error).message}`);
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const STATUS_TEXT: Record<string, number> = { bad_request: 400, unauthorized: 401, not_found: 404, unavailable: 503, internal: 500 };

export async function startServerHost(opts: ServerHostOptions): Promise<ServerHost> {
  const { engine, token } = opts;
  const log = opts.log ?? (() => {});
  const hub = new ClientHub(engine, createDispatcher({ engine, hours: opts.hours, ...(opts.upstox && { upstox: opts.upstox }) }), log);
  const maxBuffer = opts.maxClientBufferBytes ?? 8 * 1024 * 1024;
  let port = 0;

  const hostAllowed = (req: IncomingMessage): boolean => {
    const host = req.headers.host ?? '';
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
    if (!LOOPBACK_HOSTS.has(name)) return false;
    const origin = req.headers.origin;
    if (!origin) return true;
    try {
      const o = new URL(origin);
      return LOOPBACK_HOSTS.has(o.hostname === '::1' ? '[::1]' : o.hostname) && Number(o.port || 80) === port;
    } catch {
      return false;
    }
  };

  const tokenOf = (req: IncomingMessage, url: URL): string | null => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
    return url.searchParams.get('token');
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end(text);
  };
  const sendError = (res: ServerResponse, err: ApiError): void => {
    sendJson(res, STATUS_TEXT[err.code] ?? 500, { error: { code: err.code, message: err.message } });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!hostAllowed(req)) { sendError(res, new ApiError('unauthorized', 'Host or Origin not allowed: the API answers only loopback pages of its own')); return; }
    if (url.pathname === '/health') { sendJson(res, 200, { status: 'ok' }); return; }
    if (url.pathname === '/upstox/callback' && opts.upstox) {
      // The browser's redirect from Upstox's login dialog: it cannot carry the API token.
      opts.upstox.http(req.method ?? 'GET', url.pathname, url.searchParams, undefined).then((r) => {
        if (!r) return sendError(res, new ApiError('not_found', 'no Upstox callback'));
        if (!r.html) return sendJson(res, r.status, r.body);
        res.writeHead(r.status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        res.end(String(r.body));
      }, (err) => sendError(res, toApiError(err)));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (!tokenMatches(token, tokenOf(req, url))) { sendError(res, new ApiError('unauthorized', 'missing or wrong API token (Authorization: Bearer <token> or ?token=)')); return; }
      const history = routeHistory(historyOf(engine), req, url, res);
      if (history) {
        history.catch((err) => {
          if (res.headersSent) { log('warn', `${url.pathname}: stream failed: ${(err as Error).message}`); res.destroy(); return; }
          const e = toApiError(err);
          if (e.code === 'internal') log('error', `GET ${url.pathname}: ${(err as Error).stack ?? err}`);
          sendError(res, e);
        });
        return;
      }
      readJsonBody(req).then((body) => handleApi(req.method ?? 'GET', url, body)).then(({ status, body }) => sendJson(res, status, body), (err) => {
        const e = toApiError(err);
        if (e.code === 'internal') log('error', `GET ${url.pathname}: ${(err as Error).stack ?? err}`);
        sendError(res, e);
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') { sendJson(res, 405, { error: { code: 'bad_request', message: 'static files are GET only' } }); return; }
    if (!serveStatic(opts.rendererDir, url.pathname, res)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`The Optick UI has not been built (${opts.rendererDir} is missing). Run: npm run build:renderer\nThe API is up: /api/option-chain/NIFTY?token=…\n`);
    }
  });

  const dispatchGet = (method: string, req: unknown) => hub.dispatch('http', method, req);
  async function handleApi(method: string, url: URL, body: unknown): Promise<{ status: number; body: unknown }> {
    const hoursReply = opts.hours.http(method, url.pathname, body);
    if (hoursReply) return hoursReply;
    const upstoxReply = url.pathname.startsWith('/api/upstox/') ? await opts.upstox?.http(method, url.pathname, url.searchParams, body) : null;
    if (upstoxReply) return upstoxReply;
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent); // ['api', …]
    const ok = async (p: Promise<unknown> | unknown) => ({ status: 200, body: await p });
    if (method === 'POST' && parts[1] === 'pricing' && (parts[2] === 'greeks' || parts[2] === 'iv') && parts.length === 3) {
      return ok(calculate(body, parts[2]));
    }
    if (method !== 'GET') throw new ApiError('bad_request', `${method} not allowed on ${url.pathname}`);
    const expiry = url.searchParams.get('expiry') ?? undefined;
    if (parts[1] === 'option-chain' && parts[2] === 'status' && parts.length === 3) return ok(dispatchGet('status.get', {}));
    if (parts[1] === 'option-chain' && parts.length === 3) return ok(dispatchGet('chain.get', { underlying: parts[2], expiry }));
    if (parts[1] === 'expiries' && parts.length === 3) return ok(dispatchGet('chain.expiries', { underlying: parts[2] }));
    if (parts[1] === 'underlyings' && parts.length === 2) return ok(dispatchGet('meta.underlyings', {}));
    throw new ApiError('not_found', `no API route ${method} ${url.pathname}; see README "Local API"`);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return reject(404, 'Not Found');
    if (!hostAllowed(req)) return reject(403, 'Forbidden');
    if (!tokenMatches(token, tokenOf(req, url))) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => onClient(ws));
  });

  function onClient(ws: WebSocket): void {
    const session = hub.connect('ws', (frame: HostFrame) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxBuffer) {
        log('warn', `client ${session.id} is ${ws.bufferedAmount} bytes behind; disconnecting it so it resyncs`);
        ws.close(1013, 'too slow: reconnect to resync');
        return;
      }
      ws.send(JSON.stringify(frame));
    });
    ws.on('message', (data, isBinary) => {
      let frame: unknown;
      try {
        frame = isBinary ? null : JSON.parse(data.toString());
      } catch {
        frame = null;
      }
      session.receive(frame);
    });
    ws.on('close', () => session.close());
    ws.on('error', (err) => log('warn', `client ${session.id}: ${err.message}`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 7373, opts.host ?? '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  log('info', `serving on ${url}`);
  opts.upstox?.attachServer(url);
  return {
    port,
    url,
    close: async () => {
      hub.close();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// The server host: the engine behind HTTP + WebSocket on 127.0.0.1, for browser mode
// and the local data API. Every API request carries the token (auth.ts says how); Host and
// Origin are checked so a web page elsewhere cannot read the API (DNS rebinding, CSRF).
// All HTTP goes through one router (http/router.ts, routes in http/routes/) inside one
// error boundary (boundary.ts): no request, frame or body can take the process down.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, type HostFrame } from '../../shared/api.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../engine/log.ts';
import type { TradingHoursApi } from '../engine/schedule/api.ts';
import { createDispatcher } from './api-dispatch.ts';
import { ClientHub } from './client-hub.ts';
import type { UpstoxAccount } from '../engine/feeds/upstox/account-node.ts';
import { serveStatic } from './static-files.ts';
import { historyOf } from '../engine/history/history-service.ts';
import { failure, guarded } from './boundary.ts';
import { ApiAuth } from './http/auth.ts';
import { parseTarget, readBody, type RequestTarget } from './http/request.ts';
import { sendError, sendJson, sendReply, COMMON_HEADERS } from './http/respond.ts';
import { buildRouter, type RouteModule } from './http/routes/index.ts';

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
  /** Route modules beyond the built-in ones (routes/index.ts), e.g. a test's own. */
  routes?: RouteModule[];
}

export interface ServerHost {
  port: number;
  /** Base URL, e.g. http://127.0.0.1:7373 */
  url: string;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export async function startServerHost(opts: ServerHostOptions): Promise<ServerHost> {
  const { engine } = opts;
  const log = opts.log ?? (() => {});
  const hub = new ClientHub(engine, createDispatcher({ engine, hours: opts.hours, ...(opts.upstox && { upstox: opts.upstox }) }), log);
  const maxBuffer = opts.maxClientBufferBytes ?? 8 * 1024 * 1024;
  let port = 0;
  const auth = new ApiAuth(opts.token, () => port);
  const router = buildRouter({
    engine, hours: opts.hours, history: historyOf(engine), ...(opts.upstox && { upstox: opts.upstox }), log,
    call: (method, req) => hub.dispatch('http', method, req),
  }, opts.routes);

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
  const unauthorized = new ApiError('unauthorized', 'missing or wrong API token (Authorization: Bearer <token>; see README "Local API")');

  /** One request, start to end; throws only into the boundary. */
  async function handle(req: IncomingMessage, res: ServerResponse, target: RequestTarget): Promise<void> {
    const method = req.method ?? 'GET';
    if (!hostAllowed(req)) throw new ApiError('unauthorized', 'Host or Origin not allowed: the API answers only loopback pages of its own');
    const { found, allowed } = router.match(method, target.segments);
    const isApi = target.segments[0] === 'api';
    if (found) {
      const { route, params } = found;
      if (!auth.allows(req, target.query, route.auth)) throw unauthorized;
      const body = await readBody(req, route.body);
      const reply = await route.handler({ method, path: target.path, params, query: target.query, body, req, res });
      if (reply) sendReply(res, reply);
      return;
    }
    if (isApi && !auth.allows(req, target.query, 'token')) throw unauthorized;
    if (allowed.length) { sendError(res, { code: 'bad_request', message: `${method} not allowed on ${target.path} (allowed: ${allowed.join(', ')})` }, 405, { Allow: allowed.join(', ') }); return; }
    if (isApi) throw new ApiError('not_found', `no API route ${method} ${target.path}; see README "Local API"`);
    if (method !== 'GET' && method !== 'HEAD') { sendJson(res, 405, { error: { code: 'bad_request', message: 'static files are GET only' } }, { Allow: 'GET, HEAD' }); return; }
    // The first page load brings ?token=: it becomes the HttpOnly session cookie (auth.ts).
    const cookie = target.query.has('token') && auth.queryTokenValid(target.query) ? { 'Set-Cookie': auth.sessionCookie() } : undefined;
    if (!serveStatic(opts.rendererDir, target.segments, res, cookie, [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`])) {
      res.writeHead(503, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`The Optick UI has not been built (${opts.rendererDir} is missing). Run: npm run build:renderer\nThe API is up: curl -H "Authorization: Bearer <token>" ${`http://127.0.0.1:${port}`}/api/underlyings\n`);
    }
  }

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    // Where, for the log: method and path, never the query (it may hold the token).
    let where = `${method} ${(req.url ?? '/').split('?')[0]!.slice(0, 200)}`;
    req.on('error', (err) => log('debug', `${where}: request stream: ${err.message}`));
    res.on('error', (err) => log('debug', `${where}: response stream: ${err.message}`));
    guarded(where, log, () => {
      const target = parseTarget(req.url);
      where = `${method} ${target.path.slice(0, 200)}`;
      return handle(req, res, target);
    }, () => {}, (error) => sendError(res, error));
  });
  // CONNECT (a proxy request) is not ours; without this listener Node drops the socket unanswered.
  server.on('connect', (req, socket) => {
    socket.on('error', (err) => log('debug', `CONNECT: ${err.message}`));
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST, PUT, DELETE\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.on('clientError', (err, socket) => {
    log('debug', `malformed HTTP from a client: ${err.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    socket.on('error', (err) => log('debug', `WebSocket upgrade: ${err.message}`));
    try {
      const target = parseTarget(req.url);
      if (target.segments.length !== 1 || target.segments[0] !== 'ws') return reject(404, 'Not Found');
      if (!hostAllowed(req)) return reject(403, 'Forbidden');
      if (!auth.allows(req, target.query, 'token-or-query')) return reject(401, 'Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => onClient(ws));
    } catch (err) {
      const e = failure(err, `UPGRADE ${(req.url ?? '/').split('?')[0]!.slice(0, 200)}`, log);
      reject(e.code === 'bad_request' ? 400 : 500, e.code === 'bad_request' ? 'Bad Request' : 'Internal Server Error');
    }
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

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 7373, opts.host ?? '127.0.0.1', () => resolve());
    });
  } catch (err) {
    // A port in use: nothing of this host may stay subscribed to the engine (the desktop app runs on without its API).
    hub.close();
    wss.close();
    throw err;
  }
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
      // Event streams (SSE) and keep-alive sockets never end by themselves: close must not wait on a client.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

// The server host's one HTTP router. Every HTTP route of Optick is registered here by a
// route module (src/main/host/http/routes/*.ts, listed in routes/index.ts); the engine
// never sees a request or a response, it exposes typed methods the modules call.
//
// Adding routes — a module is one function:
//
//   export function thingRoutes(r: Router, deps: RouteDeps): void {
//     r.get('/api/things/:id', (q) => ({ status: 200, body: deps.things.get(q.params.id!) }));
//     r.put('/api/things/:id', { body: 'object' }, (q) => ({ status: 200, body: deps.things.put(q.params.id!, q.body) }));
//     r.get('/api/events', { auth: 'token-or-query' }, (q) => { startSse(q.res); });   // writes the response itself
//   }
//
// - Patterns are literal segments and `:name` parameters (one path segment each, already
//   percent-decoded); empty segments are ignored, so `/api/things/` = `/api/things`.
//   When two patterns match, the one with more literal segments wins.
// - `auth` (default 'token'): 'token' needs `Authorization: Bearer <token>` or the browser's
//   session cookie; 'token-or-query' also accepts `?token=` (only where a header cannot be
//   sent: EventSource, WebSocket); 'public' needs none (health, the OAuth callback).
//   Host and Origin are checked for every route before this.
// - `body` (default 'none'): 'json' any JSON value (a non-JSON content type gives the text),
//   'object' a JSON object (anything else is a 400 before the handler runs). At most 1 MiB.
// - A handler returns a Reply, or nothing when it wrote the response itself (streams, SSE).
//   It may throw: ApiError and the engine's typed errors become 400/404/503, anything else a
//   500, all as `{error: {code, message}}`, logged once with the method and path (boundary.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseTarget } from './request.ts';

export type Auth = 'token' | 'token-or-query' | 'public';
export type BodyKind = 'none' | 'json' | 'object';

export interface RouteOptions {
  auth?: Auth;
  body?: BodyKind;
}

export interface RouteRequest {
  method: string;
  /** The request path as sent (not decoded), for messages. */
  path: string;
  /** `:name` parameters, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed body per the route's `body` option (undefined for 'none' or an empty body). */
  body: unknown;
  req: IncomingMessage;
  res: ServerResponse;
}

export interface Reply {
  status: number;
  body: unknown;
  /** The body is an HTML page (a string), not JSON. */
  html?: boolean;
  headers?: Record<string, string>;
}

export type Handler = (q: RouteRequest) => Reply | void | Promise<Reply | void>;

export interface Route {
  method: string;
  pattern: string;
  segments: string[];
  literals: number;
  auth: Auth;
  body: BodyKind;
  handler: Handler;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

const split = (path: string): string[] => path.split('/').filter((s) => s.length > 0);

export class Router {
  readonly #routes: Route[] = [];

  get(pattern: string, a: RouteOptions | Handler, b?: Handler): void { this.add('GET', pattern, a, b); }
  post(pattern: string, a: RouteOptions | Handler, b?: Handler): void { this.add('POST', pattern, a, b); }
  put(pattern: string, a: RouteOptions | Handler, b?: Handler): void { this.add('PUT', pattern, a, b); }
  delete(pattern: string, a: RouteOptions | Handler, b?: Handler): void { this.add('DELETE', pattern, a, b); }
  /** Any method the pattern's other routes do not take (a module's own "method not allowed" answer). */
  other(pattern: string, a: RouteOptions | Handler, b?: Handler): void { this.add('*', pattern, a, b); }

  add(method: string, pattern: string, a: RouteOptions | Handler, b?: Handler): void {
    const opts = typeof a === 'function' ? {} : a;
    const handler = typeof a === 'function' ? a : b;
    if (!handler) throw new TypeError(`route ${method} ${pattern} has no handler`);
    const segments = split(pattern);
    const clash = this.#routes.find((r) => r.method === method && r.pattern === pattern);
    if (clash) throw new Error(`route ${method} ${pattern} is registered twice`);
    this.#routes.push({
      method, pattern, segments, literals: segments.filter((s) => !s.startsWith(':')).length,
      auth: opts.auth ?? 'token', body: opts.body ?? 'none', handler,
    });
  }

  /**
   * The route for a method and decoded path segments: the most specific pattern taking the
   * method, else a '*' route of a matching pattern; `allowed` lists the methods the path takes
   * when none fits (the caller answers 405), and is empty when no pattern matches (404).
   */
  match(method: string, segments: string[]): { found: RouteMatch | null; allowed: string[] } {
    let best: RouteMatch | null = null;
    let other: RouteMatch | null = null;
    const allowed = new Set<string>();
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === '*') { if (!other || route.literals > other.route.literals) other = { route, params }; continue; }
      allowed.add(route.method);
      if (route.method === method && (!best || route.literals > best.route.literals)) best = { route, params };
    }
    return { found: best ?? other, allowed: [...allowed] };
  }

  /**
   * Runs the route of `method path` on an already-parsed body, without a socket (tests of
   * route modules that answer with a Reply); null when no route takes the path.
   */
  invoke(method: string, path: string, body?: unknown): ReturnType<Handler> | null {
    const target = parseTarget(path);
    const { found } = this.match(method, target.segments);
    if (!found) return null;
    const detached = undefined as unknown as IncomingMessage & ServerResponse;
    return found.route.handler({ method, path: target.path, params: found.params, query: target.query, body, req: detached, res: detached });
  }

  /** Registered routes, for docs and tests. */
  routes(): readonly Pick<Route, 'method' | 'pattern' | 'auth' | 'body'>[] {
    return this.#routes.map(({ method, pattern, auth, body }) => ({ method, pattern, auth, body }));
  }
}

function matchSegments(pattern: string[], path: string[]): Record<string, string> | null {
  if (pattern.length !== path.length) return null;
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(':')) params[p.slice(1)] = path[i]!;
    else if (p !== path[i]) return null;
  }
  return params;
}

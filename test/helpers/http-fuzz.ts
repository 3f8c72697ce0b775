// Random HTTP requests for the fault bench and its bounded unit test: methods, request targets
// (the API's own routes with hostile parameters, broken percent-encoding, traversal, absolute
// forms, raw bytes), headers (token right/wrong/missing, foreign Host/Origin, cookies, odd
// content types, invalid characters) and bodies (JSON of every shape, truncated JSON, bytes).
// Seeded, so a failure is reproducible from its seed and index.
import { rawRequest, type RawAnswer } from './raw-http.ts';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES = [
  '/', '/health', '/index.html', '/assets/x.js', '/ws', '/upstox/callback',
  '/api/underlyings', '/api/expiries/:p', '/api/option-chain/:p', '/api/option-chain/status', '/api/pricing/greeks', '/api/pricing/iv',
  '/api/trading-hours', '/api/trading-hours/:p', '/api/trading-hours/status', '/api/trading-hours/export', '/api/trading-hours/activate',
  '/api/trading-hours/force', '/api/trading-hours/import', '/api/trading-hours/holidays-csv',
  '/api/candles', '/api/export/:p', '/api/export/ticks.csv', '/api/export/candles.csv', '/api/export/chain.csv',
  '/api/upstox/status', '/api/upstox/settings', '/api/upstox/:p',
  '/api/positions', '/api/positions/:p', '/api/alerts/rules', '/api/alerts/rules/:p', '/api/alerts/log', '/api/alerts/summary', '/api/metrics',
  '/api/:p', '/api/:p/:p/:p', '/:p',
];
const PARAMS = [
  'NIFTY', 'BANKNIFTY', 'FOO', '%E0%A4%A', '%', '%%', '%zz', '%C0%AF', '%ED%A0%80', '%00', 'a%00b', '..', '%2E%2E', '..%2F..%2Fetc%2Fpasswd',
  '%2F', 'constructor', '__proto__', 'toString', 'prototype', 'status', 'ticks.csv', 'x.csv', '\u00e9', '%F0%9F%92%A9', '%FF',
  'nse-fo', 'a'.repeat(3000), '%25', '+', ' ', '%20', 'NIFTY%3Fexpiry%3D1', '-1', '1e308', 'NaN', 'null', '[]', '{}',
];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'get', 'FOO', 'PROPFIND', 'M-SEARCH', 'G\u00c9T', ''];
const QUERY_KEYS = ['token', 'expiry', 'symbol', 'symbols', 'interval', 'from', 'to', 'underlying', 'limit', 'ids', 'state', 'code', 'constructor', '__proto__', ''];
const QUERY_VALUES = ['', '2026-11-26', '24-11-2026', 'NIFTY', '1m', '5s', 'bogus', '0', '-1', '1e308', 'NaN', '2026-11-20', '2026-11-21', '%E0%A4%A', '%', 'a,b,,c', '9999999999999', '1795500000000'];

/** What a generated request is, for the report; `bytes` is what goes on the wire. */
export interface FuzzRequest { method: string; target: string; bytes: Buffer }

export interface FuzzContext { port: number; token: string }

export function fuzzRequest(rand: () => number, ctx: FuzzContext): FuzzRequest {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const randomBytes = (n: number, printable: boolean): string =>
    Array.from({ length: n }, () => String.fromCharCode(printable ? 33 + Math.floor(rand() * 94) : Math.floor(rand() * 256))).join('');

  const method = chance(0.02) ? randomBytes(1 + Math.floor(rand() * 8), false) : pick(METHODS);
  let target: string;
  const shape = rand();
  if (shape < 0.75) target = pick(ROUTES).replace(/:p/g, () => pick(PARAMS));
  else if (shape < 0.85) target = `/${randomBytes(Math.floor(rand() * 60), true)}`;
  else if (shape < 0.9) target = `http://127.0.0.1:${ctx.port}${pick(ROUTES).replace(/:p/g, () => pick(PARAMS))}`;
  else if (shape < 0.93) target = pick(['*', '', 'http://', 'http://[', '//[', '///', '/?', '/#x', 'https://evil.example/api/underlyings', '/\\..\\..\\']);
  else if (shape < 0.96) target = `/${randomBytes(Math.floor(rand() * 40), false)}`;
  else target = `/${'a/'.repeat(Math.floor(rand() * 2000))}`;
  if (chance(0.5)) {
    const n = 1 + Math.floor(rand() * 4);
    const pairs = Array.from({ length: n }, () => {
      const k = pick(QUERY_KEYS);
      return k === 'token' && chance(0.5) ? `token=${ctx.token}` : `${k}=${pick(QUERY_VALUES)}`;
    });
    target += `${target.includes('?') ? '&' : '?'}${pairs.join('&')}`;
  }

  const headers: string[] = [];
  const host = rand();
  if (host < 0.8) headers.push(`Host: 127.0.0.1:${ctx.port}`);
  else if (host < 0.85) headers.push(`Host: localhost:${ctx.port}`);
  else if (host < 0.9) headers.push('Host: evil.example');
  else if (host < 0.93) headers.push('Host: [::1');
  else if (host < 0.96) headers.push(`Host: 127.0.0.1:${ctx.port}`, 'Host: second.example');
  const auth = rand();
  if (auth < 0.55) headers.push(`Authorization: Bearer ${ctx.token}`);
  else if (auth < 0.65) headers.push('Authorization: Bearer wrong');
  else if (auth < 0.7) headers.push(`Authorization: Basic ${Buffer.from(`x:${ctx.token}`).toString('base64')}`);
  else if (auth < 0.73) headers.push('Authorization: Bearer ');
  if (chance(0.1)) headers.push(`Origin: ${pick(['http://evil.example', `http://127.0.0.1:${ctx.port}`, 'null', 'not a url', `http://localhost:${ctx.port + 1}`])}`);
  if (chance(0.1)) headers.push(`Cookie: ${pick([`optick-token-${ctx.port}=forged`, 'a=b', ';;;', `optick-token-${ctx.port}=`, '=x'])}`);
  if (chance(0.05)) headers.push('Connection: Upgrade', `Upgrade: ${pick(['websocket', 'h2c', 'x'])}`, 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${pick(['dGhlIHNhbXBsZSBub25jZQ==', 'bad'])}`);
  if (chance(0.03)) headers.push(`X-${randomBytes(5, true).replace(/[:\s]/g, 'x')}: ${randomBytes(20, false).replace(/[\r\n]/g, ' ')}`);
  if (chance(0.02)) headers.push('Bad Header Without Colon');

  let body = '';
  const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH' || chance(0.05);
  if (withBody) {
    const b = rand();
    if (b < 0.5) body = JSON.stringify(randomJson(rand, 0));
    else if (b < 0.65) body = pick(['null', '[]', '{}', '3', '"x"', 'true', '{"template":null}', '{"feed":"upstox","mode":"disconnect"}', '{"json":"{"}', '{"csv":"date\\n2027-13-45"}', '[{"sigma":0.2}]', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}']);
    else if (b < 0.8) { const j = JSON.stringify(randomJson(rand, 0)); body = j.slice(0, Math.floor(rand() * j.length)); }
    else if (b < 0.9) body = randomBytes(Math.floor(rand() * 300), false);
    else body = `[${'['.repeat(Math.floor(rand() * 5000))}`;
    headers.push(`Content-Type: ${pick(['application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'json', ''])}`);
  }
  const bodyBytes = Buffer.from(body, 'latin1');
  const framing = rand();
  let tail = bodyBytes;
  if (framing < 0.85) headers.push(`Content-Length: ${bodyBytes.length}`);
  else if (framing < 0.92) {
    headers.push('Transfer-Encoding: chunked');
    tail = Buffer.concat([Buffer.from(`${bodyBytes.length.toString(16)}\r\n`), bodyBytes, Buffer.from(chance(0.5) ? '\r\n0\r\n\r\n' : '\r\nzz\r\n\r\n')]);
  } else if (framing < 0.96) headers.push(`Content-Length: ${Math.floor(bodyBytes.length / 2)}`);
  else headers.push(`Content-Length: ${pick(['-1', 'abc', '1e3', '99999999999999999999'])}`, ...(chance(0.5) ? [`Content-Length: ${bodyBytes.length}`] : []));
  headers.push('Connection: close');
  const head = `${method} ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`;
  return { method, target: target.slice(0, 160), bytes: Buffer.concat([Buffer.from(head, 'latin1'), tail]) };
}

function randomJson(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 4 || r < 0.3) {
    const leaf = [null, true, false, 0, -1, 1e308, -1e308, 0.1, 2 ** 53 + 1, '', 'NIFTY', '2026-11-26', 'x'.repeat(200), '\u0000', '__proto__', 'constructor'];
    return leaf[Math.floor(rand() * leaf.length)];
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 6) }, () => randomJson(rand, depth + 1));
  const keys = ['template', 'id', 'feed', 'mode', 'template_id', 'json', 'csv', 'cases', 'sigma', 'price', 'spot', 'strike', 'expiry', 'api_key', 'api_secret',
    'rest_base', 'feed_url', 'depth_strikes', 'stall_ms', 'symbol', 'qty', 'lots', 'kind', 'threshold', 'paused', '__proto__', 'constructor', 'week', 'holidays'];
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 6); i > 0; i--) o[keys[Math.floor(rand() * keys.length)]!] = randomJson(rand, depth + 1);
  return o;
}

export interface FuzzReport {
  requests: number;
  /** Answers by HTTP status ("none" = the connection closed without a status line). */
  by_status: Record<string, number>;
  invalid_answers: number;
  /** Requests that got no status line (with their target, the first few). */
  unanswered: { method: string; target: string }[];
}

/** Sends `count` requests, `concurrency` at a time; every answer must carry a status 100–599. */
export async function runFuzz(ctx: FuzzContext, count: number, seed: number, concurrency = 8, onEach?: (i: number) => void | Promise<void>): Promise<FuzzReport> {
  const rand = mulberry32(seed);
  const requests = Array.from({ length: count }, () => fuzzRequest(rand, ctx));
  const report: FuzzReport = { requests: count, by_status: {}, invalid_answers: 0, unanswered: [] };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const i = next++;
      const q = requests[i]!;
      // No answer within 15 s counts as 'none' (an invalid answer), like a dropped socket.
      const a: RawAnswer | null = await rawRequest(ctx.port, q.bytes, 15_000).catch(() => null);
      const key = a?.status == null ? 'none' : String(a.status);
      report.by_status[key] = (report.by_status[key] ?? 0) + 1;
      if (a?.status == null || a.status < 100 || a.status > 599) {
        report.invalid_answers++;
        if (report.unanswered.length < 10) report.unanswered.push({ method: q.method.slice(0, 20), target: q.target });
      }
      await onEach?.(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return report;
}

// The bounded HTTP fuzz of issue 10's fault bench (bench/faults-http.ts runs 10,000): random
// methods, targets, headers and bodies over real loopback sockets against a running server
// host; every request gets a valid HTTP status and the server is alive and correct afterwards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServerHost, type ServerHost } from '../../src/main/host/server.ts';
import WebSocket from 'ws';
import type { HostFrame } from '../../src/shared/api.ts';
import { mulberry32, runFuzz } from '../helpers/http-fuzz.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

const TOKEN = 'fuzz-token-0123456789abcdef';
let t: TestHost;
let host: ServerHost;
const errors: string[] = [];

before(async () => {
  t = await startTestHost(TOKEN, { feed: { kind: 'sim', seed: 11, rate: 300 } });
  host = await startServerHost({
    engine: t.runtime.engine, hours: t.runtime.hours.api, upstox: t.runtime.upstox, token: TOKEN, port: 0, rendererDir: t.dataDir,
    log: (level, m) => { if (level === 'error') errors.push(m); },
  });
});

after(async () => {
  await host?.close();
  await t?.close();
});

test('1,500 random requests: every one answered with a valid status, the server alive and serving afterwards', async () => {
  const report = await runFuzz({ port: host.port, token: TOKEN }, 1500, 20261203, 6);
  assert.equal(report.invalid_answers, 0, JSON.stringify(report));
  assert.equal(Object.values(report.by_status).reduce((a, b) => a + b, 0), 1500);
  for (const code of ['200', '400', '401', '404', '405']) assert.ok((report.by_status[code] ?? 0) > 0, `some ${code}s: ${JSON.stringify(report.by_status)}`);
  assert.deepEqual((await (await fetch(`${host.url}/health`)).json()), { status: 'ok' });
  const chain = await fetch(`${host.url}/api/option-chain/NIFTY`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(chain.status, 200);
  assert.equal(((await chain.json()) as { underlying: string }).underlying, 'NIFTY');
  // 500s are bugs: each one was logged with its method and path; none is expected.
  assert.equal(report.by_status['500'] ?? 0, 0, errors.slice(0, 3).join('\n'));
});

// Contract methods (history.new_store left out: it is meant to replace the store).
const METHODS = ['meta.underlyings', 'chain.expiries', 'chain.get', 'chain.watch', 'chain.unwatch', 'chain.atm_reference', 'chain.set_atm_reference', 'chain.frame_clock', 'status.get',
  'pricing.calc', 'hours.list', 'hours.status', 'hours.put', 'hours.remove', 'hours.activate', 'hours.import', 'hours.parse_holidays_csv',
  'history.candles', 'history.watch_candles', 'history.unwatch_candles', 'history.status', 'history.export', 'history.export_cancel', 'history.metrics',
  'replay.status', 'replay.control', 'upstox.status', 'upstox.get_settings', 'upstox.put_settings', 'upstox.logout',
  'positions.list', 'positions.add', 'positions.update', 'positions.remove', 'positions.book', 'positions.payoff', 'alerts.rules', 'alerts.add_rule', 'alerts.log', 'alerts.summary',
  'constructor', '__proto__', 'toString', 'nope', ''];

test('1,000 random WebSocket call frames: each answered exactly once, no handler bug, the socket stays usable', async () => {
  const rand = mulberry32(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const value = (d: number): unknown => {
    const r = rand();
    if (d > 3 || r < 0.35) return pick([null, true, 0, -1, 1e308, 'NIFTY', 'BANKNIFTY', '2026-11-26', '1m', 'x', '', '__proto__', [], {}]);
    if (r < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => value(d + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(rand() * 5); i > 0; i--) o[pick(['underlying', 'expiry', 'symbol', 'interval', 'from', 'to', 'cases', 'want', 'template', 'template_id', 'feed', 'json', 'csv', 'id', 'kind', 'action', 'speed', 'api_key', 'qty', 'reference'])] = value(d + 1);
    return o;
  };
  const before = errors.length;
  const ws = new WebSocket(`${host.url.replace('http', 'ws')}/ws?token=${TOKEN}`);
  const replies = new Map<number, number>();
  ws.on('message', (d) => { const f = JSON.parse(d.toString()) as HostFrame; if ('id' in f) replies.set(f.id, (replies.get(f.id) ?? 0) + 1); });
  await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
  const N = 1000;
  for (let i = 1; i <= N; i++) {
    const r = rand();
    if (r < 0.03) ws.send(Buffer.from([0xff, 0x00, i & 0xff]), { binary: true });
    else if (r < 0.06) ws.send('{"id": 1, "method": ');
    else ws.send(JSON.stringify({ id: i, method: pick(METHODS), req: value(0) }));
  }
  ws.send(JSON.stringify({ id: N + 1, method: 'meta.underlyings', req: {} }));
  for (let i = 0; i < 300 && !replies.has(N + 1); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  ws.close();
  assert.equal(replies.get(N + 1), 1, 'the socket still answers');
  assert.ok([...replies.values()].every((n) => n === 1 || replies.get(-1) === n), 'one reply per call id');
  assert.ok(replies.size > 900, `${replies.size} distinct ids answered`);
  assert.deepEqual(errors.slice(before), [], 'no call hit a bug (internal error)');
});

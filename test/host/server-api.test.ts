// The server host end to end on loopback: the simulator (real Upstox V3 protocol in a
// worker), the real Upstox adapter, the engine, and the HTTP/WebSocket API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import type { HostFrame } from '../../src/shared/api.ts';
import type { EngineStatus } from '../../src/shared/status.ts';
import type { ServerHost } from '../../src/main/host/server.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

const TOKEN = 'test-token-0123456789';
let t: TestHost;
let host: ServerHost;
const get = (path: string, headers?: Record<string, string>) => t.get(path, headers);
const json = <T>(path: string) => t.json<T>(path);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fullChain(underlying: string): Promise<OptionChainModel> {
  for (let i = 0; i < 100; i++) {
    const c = await json<OptionChainModel>(`/api/option-chain/${underlying}`);
    if (c.options.length === 41 && c.options.every((r) => r.ce_data?.ltp != null && r.pe_data?.ltp != null)) return c;
    await sleep(100);
  }
  throw new Error(`${underlying} chain never filled`);
}

before(async () => {
  t = await startTestHost(TOKEN, { feed: { kind: 'sim', seed: 7, rate: 2000 } });
  host = t.host;
});

after(async () => {
  await t?.close();
});

describe('local API', () => {
  it('health needs no token; the API does', async () => {
    assert.deepEqual(await (await get('/health', {})).json(), { status: 'ok' });
    assert.equal((await get('/api/option-chain/NIFTY', {})).status, 401);
    assert.equal((await get('/api/option-chain/NIFTY', { Authorization: 'Bearer wrong' })).status, 401);
    // ?token= is for what cannot send a header (page load, WebSocket, EventSource), not scripts.
    assert.equal((await get(`/api/option-chain/NIFTY?token=${TOKEN}`, {})).status, 401);
  });

  it('rejects foreign Host and Origin headers', async () => {
    const { request } = await import('node:http');
    const status = (headers: Record<string, string>) => new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/api/underlyings', headers: { Authorization: `Bearer ${TOKEN}`, ...headers } }, (res) => { res.resume(); resolve(res.statusCode!); });
      req.on('error', reject);
      req.end();
    });
    assert.equal(await status({ Host: 'evil.example:80' }), 401);
    assert.equal(await status({ Host: `127.0.0.1:${host.port}`, Origin: 'http://evil.example' }), 401);
    assert.equal(await status({ Host: `localhost:${host.port}`, Origin: `http://localhost:${host.port}` }), 200);
  });

  it('NIFTY: 41 rows ITM20…OTM20, a step apart, ATM nearest the underlying, bid ≤ ask', async () => {
    const c = await fullChain('NIFTY');
    assert.equal(c.strike_step, 50);
    assert.equal(c.lot_size, 65);
    assert.deepEqual(c.options.map((r) => r.tag), [
      ...Array.from({ length: 20 }, (_, i) => `ITM${20 - i}`), 'ATM', ...Array.from({ length: 20 }, (_, i) => `OTM${i + 1}`),
    ]);
    for (let i = 1; i < 41; i++) assert.equal(c.options[i]!.strike - c.options[i - 1]!.strike, 50);
    // ATM is the strike nearest the forward (spot before the first pricing), with a dead band
    // of 10 % of a step around the half-step boundary.
    const ref = c.forward ?? c.underlying_ltp!;
    const gap = Math.abs(c.atm_strike! - ref);
    assert.ok(gap <= 0.6 * c.strike_step, `ATM ${c.atm_strike} vs forward ${ref}`);
    assert.equal(c.options[20]!.strike, c.atm_strike);
    for (const r of c.options) for (const leg of [r.ce_data!, r.pe_data!]) {
      if (leg.bid != null && leg.ask != null) assert.ok(leg.bid <= leg.ask, `${leg.symbol} bid ${leg.bid} ≤ ask ${leg.ask}`);
      assert.match(leg.symbol, /^NIFTY\d{2}[A-Z]{3}\d{2}\d+(CE|PE)$/);
    }
    assert.equal(typeof c.timestamp, 'number');
    assert.ok(c.market_metrics.pcr! > 0);
    assert.ok(c.market_metrics.max_pain! % 50 === 0);
  });

  it('values change between two reads', async () => {
    const a = await fullChain('NIFTY');
    await sleep(1500);
    const b = await fullChain('NIFTY');
    const cells = (c: OptionChainModel) => JSON.stringify(c.options.map((r) => [r.ce_data?.ltp, r.ce_data?.bid, r.pe_data?.ltp, r.pe_data?.ask]));
    assert.notEqual(cells(a), cells(b));
    assert.ok(b.timestamp! > a.timestamp!);
  });

  it('BANKNIFTY strikes are 100 apart, lot 30', async () => {
    const c = await fullChain('BANKNIFTY');
    assert.equal(c.strike_step, 100);
    assert.equal(c.lot_size, 30);
    for (let i = 1; i < c.options.length; i++) assert.equal(c.options[i]!.strike - c.options[i - 1]!.strike, 100);
  });

  it('expiries ascending; explicit expiry; unknown underlying 404; malformed expiry 400', async () => {
    const ex = await json<string[]>('/api/expiries/NIFTY');
    assert.ok(ex.length >= 3);
    assert.deepEqual([...ex].sort(), ex);
    const second = await json<OptionChainModel>(`/api/option-chain/NIFTY?expiry=${ex[1]}`);
    assert.equal(second.expiry, ex[1]);
    const r404 = await get('/api/option-chain/FOO');
    assert.equal(r404.status, 404);
    assert.match(((await r404.json()) as { error: { message: string } }).error.message, /NIFTY.*BANKNIFTY|BANKNIFTY.*NIFTY/);
    assert.equal((await get('/api/option-chain/NIFTY?expiry=24-11-2026')).status, 400);
    assert.equal((await get('/api/expiries/FOO')).status, 404);
  });

  it('status counters increase', async () => {
    const s1 = await json<EngineStatus>('/api/option-chain/status');
    await sleep(600);
    const s2 = await json<EngineStatus>('/api/option-chain/status');
    const n = (s: EngineStatus) => s.underlyings.find((u) => u.underlying === 'NIFTY')!;
    assert.ok(n(s2).ticks_received > n(s1).ticks_received);
    assert.equal(n(s2).feed_state, 'connected');
    assert.ok((n(s2).subscribed.depth ?? 0) >= 83, JSON.stringify(n(s2).subscribed));
    assert.ok(n(s2).last_tick_age_ms! < 2000);
    assert.ok(s2.feeds[0]!.frames_received > 0);
    assert.equal(s2.feeds[0]!.decode_errors, 0);
  });

  it('WebSocket transport: watch returns a snapshot, then deltas of only that chain arrive', async () => {
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/ws?token=${TOKEN}`);
    const frames: HostFrame[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as HostFrame));
    await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
    ws.send(JSON.stringify({ id: 1, method: 'chain.watch', req: { underlying: 'BANKNIFTY' } }));
    ws.send(JSON.stringify({ id: 2, method: 'nope', req: {} }));
    ws.send('not json');
    await sleep(1500);
    ws.close();
    const reply = frames.find((f) => 'id' in f && f.id === 1) as Extract<HostFrame, { ok: true }>;
    assert.equal((reply.res as OptionChainModel).underlying, 'BANKNIFTY');
    const bad = frames.find((f) => 'id' in f && f.id === 2) as Extract<HostFrame, { ok: false }>;
    assert.equal(bad.error.code, 'bad_request');
    assert.ok(frames.some((f) => 'id' in f && f.id === -1), 'malformed frame answered, not fatal');
    const deltas = frames.flatMap((f) => ('push' in f && f.push.type === 'chain.delta' ? f.push.deltas : []));
    assert.ok(deltas.length > 0);
    assert.ok(deltas.every((d) => d.chain.startsWith('BANKNIFTY|')));
    assert.ok(frames.some((f) => 'push' in f && f.push.type === 'status'));
  });

  it('a wrong token cannot open the WebSocket', async () => {
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/ws?token=nope`);
    const code = await new Promise<number>((resolve) => ws.on('unexpected-response', (_q, res) => resolve(res.statusCode!)));
    assert.equal(code, 401);
  });
});

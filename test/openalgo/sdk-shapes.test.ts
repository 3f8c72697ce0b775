// Conformance of the simulator's OpenAlgo server with OpenAlgo's official Python client
// (marketcalls/openalgo-python-library openalgo/feed.py; no npm client exists and PyPI is not
// reachable here). A raw WebSocket client sends exactly the frames feed.py sends (recorded in
// test/fixtures/openalgo/proxy-messages.json: `authenticate` with api_key, one `subscribe` per
// symbol with a numeric mode and depth 5, `unsubscribe` with mode) and checks every reply has what
// feed.py's _process_message reads: type 'auth' + status 'success' (it waits for it), type
// 'subscribe' with `subscriptions`, and type 'market_data' with exchange, symbol, the subscribed
// numeric `mode`, `data.ltp` for mode 1 and `data.depth` for mode 3 (it ignores depth without it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { startSimulator, type SimulatorHandle } from '../../src/main/sim/simulator.ts';

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/openalgo/proxy-messages.json', import.meta.url), 'utf8')) as { client: Record<string, Record<string, unknown>> };
let sim: SimulatorHandle;
let symbol = '';

before(async () => {
  sim = await startSimulator({ seed: 9, rate: 5000, openalgo: { authGraceMs: 300 } });
  const ep = sim.openalgo[0]!;
  const listed = await (await fetch(`${ep.hostUrl}/api/v1/expiry`, { method: 'POST', body: JSON.stringify({ apikey: ep.apiKey, symbol: 'NIFTY', exchange: 'NFO', instrumenttype: 'options' }) })).json() as { data: string[] };
  const chain = await (await fetch(`${ep.hostUrl}/api/v1/optionsymbol`, {
    method: 'POST', body: JSON.stringify({ apikey: ep.apiKey, underlying: 'NIFTY', exchange: 'NSE_INDEX', expiry_date: listed.data[0]!.replaceAll('-', ''), offset: 'ATM', option_type: 'CE' }),
  })).json() as { status: string; symbol: string; lotsize: number };
  assert.equal(chain.status, 'success');
  assert.equal(chain.lotsize, 65);
  symbol = chain.symbol;
});
after(async () => { await sim?.close(); });

function client(): Promise<{ ws: WebSocket; next: (pred: (m: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>; closed: Promise<[number, string]> }> {
  const ws = new WebSocket(sim.openalgo[0]!.wsUrl);
  const seen: Record<string, unknown>[] = [];
  const waiters: { pred: (m: Record<string, unknown>) => boolean; ok: (m: Record<string, unknown>) => void }[] = [];
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as Record<string, unknown>;
    const w = waiters.findIndex((x) => x.pred(m));
    if (w >= 0) waiters.splice(w, 1)[0]!.ok(m); else seen.push(m);
  });
  const closed = new Promise<[number, string]>((r) => ws.once('close', (code, reason) => r([code, reason.toString()])));
  const next = (pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> => {
    const i = seen.findIndex(pred);
    if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0]!);
    return new Promise((ok, fail) => { waiters.push({ pred, ok }); setTimeout(() => fail(new Error('no such message in 10 s')), 10_000).unref(); });
  };
  return new Promise((ok, fail) => { ws.once('open', () => ok({ ws, next, closed })); ws.once('error', fail); });
}

const sdk = (name: string, over: Record<string, unknown> = {}): string => JSON.stringify({ ...fixtures.client[name], ...over });

test("feed.py's authenticate and single-symbol subscribe in modes 1, 2, 3 get the replies feed.py reads", async () => {
  const { ws, next } = await client();
  ws.send(sdk('authenticate', { api_key: sim.openalgo[0]!.apiKey }));
  const auth = await next((m) => m.type === 'auth');
  assert.equal(auth.status, 'success');
  assert.equal(typeof auth.broker, 'string');
  for (const [name, mode] of [['subscribe_ltp_single', 1], ['subscribe_quote_single', 2], ['subscribe_depth_single', 3]] as const) {
    ws.send(sdk(name, { symbol }));
    const ack = await next((m) => m.type === 'subscribe');
    const subs = ack.subscriptions as Record<string, unknown>[];
    assert.equal(subs[0]!.status, 'success');
    assert.equal(subs[0]!.symbol, symbol);
    const md = await next((m) => m.type === 'market_data' && m.mode === mode);
    assert.equal(md.exchange, 'NFO');
    assert.equal(md.symbol, symbol);
    const data = md.data as Record<string, unknown>;
    assert.equal(typeof data.ltp, 'number');
    if (mode >= 2) for (const k of ['open', 'high', 'low', 'close', 'volume', 'last_trade_quantity', 'timestamp']) assert.ok(k in data, `quote has ${k}`);
    if (mode === 3) {
      const depth = data.depth as { buy: { price: number; quantity: number; orders: number }[]; sell: unknown[] };
      assert.equal(depth.buy.length, 5);
      assert.equal(depth.sell.length, 5);
      assert.deepEqual(Object.keys(depth.buy[0]!).sort(), ['orders', 'price', 'quantity']);
    }
  }
  ws.send(sdk('unsubscribe_ltp_single', { symbol }));
  const un = await next((m) => m.type === 'unsubscribe');
  assert.equal(un.status, 'success');
  ws.close();
});

test('the proxy rules: no auth within the grace period closes 4401; subscribe before auth, bad key, bad mode are errors without type', async () => {
  const a = await client();
  assert.deepEqual(await a.closed, [4401, 'auth timeout']);
  const { ws, next } = await client();
  ws.send(sdk('subscribe_ltp_single', { symbol }));
  assert.deepEqual(await next((m) => m.status === 'error'), { status: 'error', code: 'NOT_AUTHENTICATED', message: 'You must authenticate first' });
  ws.send(sdk('authenticate', { api_key: 'wrong' }));
  const bad = await next((m) => m.status === 'error');
  assert.equal(bad.code, 'AUTHENTICATION_ERROR');
  assert.equal('type' in bad, false);
  ws.send(JSON.stringify({ type: 'auth', apikey: sim.openalgo[0]!.apiKey }), () => {});
  assert.equal((await next((m) => m.type === 'auth')).status, 'success', "'type' and 'apikey' spellings are accepted too");
  ws.send(sdk('subscribe_ltp_single', { symbol, mode: 'Full' }));
  assert.equal((await next((m) => m.status === 'error')).code, 'INVALID_MODE');
  ws.send(sdk('subscribe_list', { symbols: [{ symbol, exchange: 'NFO' }], mode: 'depth' }));
  assert.equal((await next((m) => m.type === 'subscribe')).status, 'success', 'mode labels in any case');
  ws.close();
});

// The OpenAlgo session against the simulator's OpenAlgo server (real WebSocket on loopback,
// the same market model the Upstox server streams): authenticate, subscribe per mode, ticks;
// reconnect and resubscribe after the server drops every socket; a stall detected; an unknown
// symbol in the subscribe ack reported; a wrong API key stops the retries and says so; malformed
// frames from a hostile server counted by reason while the socket handler never throws.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import type { Tick } from '../../src/shared/market.ts';
import { fetchOpenAlgoRegistry } from '../../src/main/engine/feeds/openalgo/instruments-node.ts';
import { OpenAlgoFeed, type OpenAlgoFeedOptions } from '../../src/main/engine/feeds/openalgo/openalgo-feed.ts';
import type { FeedMode } from '../../src/main/engine/feeds/feed.ts';
import type { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import { zonedDate } from '../../src/main/engine/time/zoned.ts';
import { startSimulator, type SimulatorHandle } from '../../src/main/sim/simulator.ts';

let sim: SimulatorHandle;
let registry: InstrumentRegistry;
let wanted: Map<string, FeedMode>;
const feeds: OpenAlgoFeed[] = [];

const until = async (ok: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

function feed(opts: Partial<OpenAlgoFeedOptions> = {}, ticks: Tick[] = []): OpenAlgoFeed {
  const f = new OpenAlgoFeed({ endpoints: [{ label: 'sim', wsUrl: sim.openalgo[0]!.wsUrl, apiKey: sim.openalgo[0]!.apiKey }], minBackoffMs: 50, maxBackoffMs: 200, ...opts });
  feeds.push(f);
  f.start({ onTicks: (t) => { ticks.push(...t); } });
  return f;
}

before(async () => {
  sim = await startSimulator({ seed: 3, rate: 3000, openalgo: { pingMs: 100 } });
  registry = await fetchOpenAlgoRegistry({ hostUrl: sim.openalgo[0]!.hostUrl, apiKey: sim.openalgo[0]!.apiKey, underlyings: ['NIFTY'], today: zonedDate(Date.now(), 'Asia/Kolkata'), maxExpiries: 2 });
  const nifty = registry.underlying('NIFTY');
  const expiry = registry.expiries('NIFTY')[0]!;
  const strikes = registry.strikes('NIFTY', expiry);
  const mid = Math.floor(strikes.length / 2);
  wanted = new Map<string, FeedMode>([[nifty.key, 'depth']]);
  strikes.slice(mid - 2, mid + 3).forEach((p) => { wanted.set(p.CE!.key, 'depth'); wanted.set(p.PE!.key, 'depth'); });
  strikes.slice(mid - 12, mid - 2).forEach((p) => { wanted.set(p.CE!.key, 'quote'); wanted.set(p.PE!.key, 'ltp'); });
});
after(async () => {
  await Promise.all(feeds.map((f) => f.stop()));
  await sim?.close();
});

describe('OpenAlgo feed on the simulator', () => {
  it('the registry comes from /api/v1/expiry + /api/v1/optionchain, keyed EXCHANGE:SYMBOL in OpenAlgo symbol format', () => {
    const nifty = registry.underlying('NIFTY');
    assert.equal(nifty.key, 'NSE_INDEX:NIFTY');
    assert.equal(nifty.strikeStep, 50);
    const c = registry.strikes('NIFTY', registry.expiries('NIFTY')[0]!)[0]!.CE!;
    assert.match(c.key, /^NFO:NIFTY\d{2}[A-Z]{3}\d{2}\d+CE$/);
    assert.equal(c.key, `NFO:${c.symbol}`);
    assert.equal(registry.expiries('NIFTY').length, 2);
  });

  it('authenticates, subscribes each mode, and streams ticks of every mode (depth with a book)', async () => {
    const ticks: Tick[] = [];
    const f = feed({}, ticks);
    f.setSubscriptions(wanted);
    await until(() => f.status().state === 'connected' && ticks.length > 50, 'ticks');
    assert.deepEqual(f.status().subscribed, { Depth: 11, Quote: 10, LTP: 10 });
    assert.deepEqual((await sim.openalgoStats())[0]!.subscribed, { Depth: 11, Quote: 10, LTP: 10 }, 'the server holds what the status says');
    await until(() => ticks.some((t) => wanted.get(t.key) === 'depth' && t.key.startsWith('NFO:') && (t.bids?.length ?? 0) > 0), 'a depth tick with bids');
    assert.ok(ticks.every((t) => wanted.has(t.key)), 'only subscribed instruments');
    assert.ok(ticks.some((t) => t.key === 'NSE_INDEX:NIFTY' && t.ltp! > 0));
    assert.ok(ticks.some((t) => wanted.get(t.key) === 'quote' && t.oi !== undefined && t.volume !== undefined));
    assert.equal(f.info().broker, 'optick-sim');
    await f.stop();
  });

  it('after the server drops every socket: reconnects, re-authenticates, resubscribes all, ticks flow again', async () => {
    const ticks: Tick[] = [];
    const f = feed({}, ticks);
    f.setSubscriptions(wanted);
    await until(() => ticks.length > 10, 'ticks before the drop');
    await sim.dropConnections({ reset: true });
    await until(() => f.status().reconnects >= 1, 'a reconnect');
    const n = ticks.length;
    await until(() => f.status().state === 'connected' && ticks.length > n + 10, 'ticks after the reconnect');
    await until(async () => (await sim.openalgoStats())[0]!.subscribed.Depth === 11, 'resubscribed on the new connection');
    assert.deepEqual((await sim.openalgoStats())[0]!.subscribed, { Depth: 11, Quote: 10, LTP: 10 });
    await f.stop();
  });

  it('a silent server (no data, no pings) is a stall: detected, dropped, reconnected', async () => {
    const ticks: Tick[] = [];
    const f = feed({ stallMs: 400 }, ticks);
    f.setSubscriptions(wanted);
    await until(() => ticks.length > 10, 'ticks');
    await sim.stall(1500);
    await until(() => f.info().stalls >= 1, 'stall detected', 5000);
    const n = ticks.length;
    await until(() => f.status().state === 'connected' && ticks.length > n, 'ticks after the stall', 10_000);
    await f.stop();
  });

  it('a symbol the server does not know is named in status from the subscribe ack', async () => {
    const f = feed();
    f.setSubscriptions(new Map([...wanted, ['NFO:NIFTY01JAN2099999CE', 'quote']]));
    await until(() => f.info().refused_symbols.length > 0, 'the refusal');
    assert.deepEqual(f.info().refused_symbols, [{ key: 'NFO:NIFTY01JAN2099999CE', message: 'Symbol NIFTY01JAN2099999CE not found for exchange NFO' }]);
    assert.match(f.status().message!, /OpenAlgo refused 1 subscription\(s\), e\.g\. NFO:NIFTY01JAN2099999CE: Symbol NIFTY01JAN2099999CE not found/);
    await f.stop();
  });

  it('a wrong API key stops the retries and says so', async () => {
    const before = (await sim.openalgoStats())[0]!.authFailures;
    const f = feed({ endpoints: [{ label: 'sim', wsUrl: sim.openalgo[0]!.wsUrl, apiKey: 'not-the-key' }] });
    f.setSubscriptions(wanted);
    await until(() => f.status().state === 'error', 'error state');
    assert.match(f.status().message!, /OpenAlgo refused the API key of sim: Invalid API key/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(f.status().reconnects, 0, 'no retry with a refused key');
    assert.equal((await sim.openalgoStats())[0]!.authFailures, before + 1, 'one attempt only');
    assert.equal(f.status().state, 'error');
  });
});

describe('OpenAlgo feed against a hostile server', () => {
  let wss: WebSocketServer;
  let url = '';
  before(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    wss.on('connection', (ws) => {
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw)) as { action?: string };
        if (m.action !== 'authenticate') return;
        ws.send(JSON.stringify({ type: 'auth', status: 'success', message: 'Authentication successful', broker: 'x', user_id: 'u' }));
        for (const bad of ['{oops', '[]', '{"type":"market_data","symbol":"X"}', '{"type":"market_data","symbol":"X","exchange":"NFO","data":{"ltp":"NaN!"}}', '{"no":"type"}']) ws.send(bad);
        ws.send(Buffer.from([1, 2, 3]), { binary: true });
        ws.send(JSON.stringify({ status: 'error', code: 'BROKER_ERROR', message: 'Broker adapter not found' }));
        ws.send(JSON.stringify({ type: 'market_data', symbol: 'NIFTY', exchange: 'NSE_INDEX', mode: 1, data: { ltp: 26000.5, ltt: Date.now() } }));
      });
    });
  });
  after(async () => { for (const c of wss.clients) c.terminate(); await new Promise<void>((r) => wss.close(() => r())); });

  it('counts and drops each malformed message by reason; the good one still arrives; the connection stays up', async () => {
    const ticks: Tick[] = [];
    const f = feed({ endpoints: [{ label: 'hostile', wsUrl: url, apiKey: 'k' }] }, ticks);
    f.setSubscriptions(new Map([['NSE_INDEX:NIFTY', 'ltp']]));
    await until(() => ticks.length === 1, 'the good tick');
    assert.deepEqual(f.status().frames_rejected, { not_json: 1, not_object: 1, market_data_incomplete: 1, bad_number: 1, no_type: 1, binary_frame: 1, error_BROKER_ERROR: 1 });
    assert.equal(f.status().decode_errors, 7);
    assert.equal(f.status().state, 'connected');
    assert.equal(ticks[0]!.ltp, 26000.5);
    await f.stop();
  });
});

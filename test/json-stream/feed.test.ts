// The JSON price-stream adapter against the simulator's Bluefin-shaped stream on loopback: trades,
// ticker and book become ticks (quantities in whole 0.001 steps) with a UTC-day volume; subscriptions come back after a server kill;
// a stall is detected; an unknown symbol is reported; malformed messages are counted, never thrown;
// an app-level ping keeps a quiet link alive.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { JsonStreamFeed } from '../../src/main/engine/feeds/json-stream/json-stream-feed.ts';
import type { Tick } from '../../src/shared/market.ts';
import type { AdapterStatus } from '../../src/shared/status.ts';
import { startUsSimulator, type UsSimHandle } from '../../src/main/sim/us-sim.ts';

const until = async (what: string, ok: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('JSON stream adapter', () => {
  let sim: UsSimHandle;
  before(async () => { sim = await startUsSimulator({ rate: 3000, seed: 5, idlePingMs: 60_000 }); });
  after(async () => { await sim.close(); });

  it('trades, ticker and book → ticks; day volume sums trades since 00:00 UTC; resubscribes after a kill', async () => {
    const ticks: Tick[] = [];
    const feed = new JsonStreamFeed({ endpoints: [{ label: 'sim', url: sim.jsonStreamUrl }], minBackoffMs: 50 });
    feed.start({ onTicks: (t) => ticks.push(...t) });
    feed.setSubscriptions(new Map([['BTC-PERP', 'depth'], ['ETH-PERP', 'depth']]));
    try {
      await until('trades and books of both', () => ['BTC-PERP', 'ETH-PERP'].every((k) => ticks.some((t) => t.key === k && t.ltp !== undefined) && ticks.some((t) => t.key === k && (t.bids?.length ?? 0) === 5)));
      const trades = ticks.filter((t) => t.key === 'BTC-PERP' && t.ltq !== undefined);
      let sum = 0;
      for (const t of trades) { assert.ok(Number.isInteger(t.ltq)); sum += t.ltq!; assert.equal(t.volume, sum); }
      assert.ok(ticks.some((t) => t.key === 'BTC-PERP' && t.prevClose !== undefined && t.oi !== undefined));
      await sim.dropConnections({ code: 4000 });
      const mark = ticks.length;
      await until('both symbols after the kill', () => ['BTC-PERP', 'ETH-PERP'].every((k) => ticks.slice(mark).some((t) => t.key === k)));
      assert.equal(feed.status().reconnects, 1);
      assert.deepEqual(feed.status().subscribed, { symbols: 2 });
    } finally {
      await feed.stop();
    }
  });

  it('detects a stall and reconnects; reports an unknown symbol', async () => {
    const states: string[] = [];
    const ticks: Tick[] = [];
    const feed = new JsonStreamFeed({ endpoints: [{ label: 'sim', url: sim.jsonStreamUrl }], stallMs: 400, minBackoffMs: 50 });
    feed.start({ onTicks: (t) => ticks.push(...t), onStatus: (s: AdapterStatus) => states.push(s.state) });
    feed.setSubscriptions(new Map([['BTC-PERP', 'depth'], ['DOGE-PERP', 'depth']]));
    try {
      await until('ticks and the refusal', () => ticks.length > 0 && feed.refusals().length > 0);
      assert.match(feed.refusals()[0]!, /unknown symbol "DOGE-PERP"/);
      sim.stall(1500);
      await until('stalled', () => states.includes('stalled'), 10_000);
      const mark = ticks.length;
      await until('ticks after the stall', () => ticks.length > mark + 3, 20_000);
    } finally {
      await feed.stop();
    }
  });
});

describe('JSON stream adapter: hostile server and heartbeat', () => {
  let wss: WebSocketServer;
  let url: string;
  let pings = 0;
  before(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    wss.on('connection', (ws) => {
      ws.on('message', (m) => {
        const text = String(m);
        if (text.includes('"Ping"')) { pings++; ws.send('{"success":true,"message":"Pong"}'); return; }
        for (const bad of ['nope', '[]', '{"event":"Nope","payload":{}}', '{"event":"TickerUpdate","payload":{"symbol":"BTC-PERP"}}', Buffer.from('x')]) ws.send(bad);
        ws.send(JSON.stringify({ event: 'RecentTradesUpdates', payload: { recentTrades: [{ id: 1, symbol: 'BTC-PERP', priceE9: '95000000000000', quantityE9: '10000000', quoteQuantityE9: '950000000000', side: 'LONG', updatedAtMillis: Date.now() }] } }));
      });
    });
  });
  after(async () => { for (const c of wss.clients) c.terminate(); await new Promise((r) => wss.close(r)); });

  it('counts malformed messages by reason, keeps the good trade; pings keep a quiet link from stalling', async () => {
    const ticks: Tick[] = [];
    const states: string[] = [];
    const feed = new JsonStreamFeed({ endpoints: [{ label: 'hostile', url }], pingMessage: '{"method":"Ping"}', pingMs: 100, stallMs: 600 });
    feed.start({ onTicks: (t) => ticks.push(...t), onStatus: (s) => states.push(s.state) });
    feed.setSubscriptions(new Map([['BTC-PERP', 'ltp']]));
    try {
      await until('the trade', () => ticks.length === 1);
      assert.equal(ticks[0]!.ltp, 95000);
      assert.equal(ticks[0]!.ltq, 10, '0.01 BTC in steps of 0.001');
      const r = feed.status().frames_rejected!;
      assert.deepEqual({ j: r.message_not_json, o: r.message_not_object, e: r.message_unknown_event, f: r.message_bad_field, b: r.binary_frame }, { j: 1, o: 1, e: 1, f: 1, b: 1 });
      await new Promise((res) => setTimeout(res, 1500));
      assert.ok(pings >= 5, `pings ${pings}`);
      assert.ok(!states.includes('stalled'), 'the pongs count as activity');
    } finally {
      await feed.stop();
    }
  });
});

// The Massive adapter against the simulator on loopback: resubscribes everything after the
// server drops it, reconnects after a stall, counts and drops malformed frames (a hostile server)
// without throwing, and stops retrying when the API key is refused (saying so).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { MassiveFeed } from '../../src/main/engine/feeds/massive/massive-feed.ts';
import { fetchMassiveRegistry } from '../../src/main/engine/feeds/massive/instruments-node.ts';
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

describe('Massive adapter', () => {
  let sim: UsSimHandle;
  let keys: string[];
  before(async () => {
    sim = await startUsSimulator({ rate: 4000, seed: 3, idlePingMs: 60_000 });
    const { registry } = await fetchMassiveRegistry(sim.baseUrl, sim.apiKey, ['SPY']);
    const e = registry.expiries('SPY')[0]!;
    keys = registry.strikes('SPY', e).filter((p) => Math.abs(p.strike - 600) <= 4).flatMap((p) => [p.CE!.key, p.PE!.key]);
  });
  after(async () => { await sim.close(); });

  it('after a server kill it reconnects, re-authenticates and resubscribes every topic', async () => {
    const ticks: Tick[] = [];
    const feed = new MassiveFeed({ endpoints: [{ label: 'sim', wsBase: sim.massiveWsBase, apiKey: sim.apiKey }], minBackoffMs: 50, maxBackoffMs: 200 });
    feed.start({ onTicks: (t) => ticks.push(...t) });
    feed.setSubscriptions(new Map([...keys.map((k) => [k, 'depth'] as const), ['SPY', 'quote']]));
    try {
      await until('ticks', () => ticks.some((t) => t.key === 'SPY') && ticks.some((t) => t.key.startsWith('O:')));
      const subscribed = feed.status().subscribed;
      assert.deepEqual(subscribed, { T: keys.length + 1, A: keys.length, Q: keys.length + 1, FMV: keys.length });
      await sim.dropConnections({ reset: true });
      const mark = ticks.length;
      await until('ticks after the kill', () => ticks.slice(mark).some((t) => t.key === 'SPY') && ticks.slice(mark).some((t) => t.bids && t.key.startsWith('O:')));
      assert.ok(feed.status().reconnects >= 2, 'both clusters reconnected');
      assert.deepEqual(feed.status().subscribed, subscribed);
      assert.ok(ticks.slice(mark).every((t) => t.key === 'SPY' || keys.includes(t.key)));
    } finally {
      await feed.stop();
    }
  });

  it('a stalled server (open, silent) is dropped and reconnected', async () => {
    const states: string[] = [];
    const ticks: Tick[] = [];
    const feed = new MassiveFeed({ endpoints: [{ label: 'sim', wsBase: sim.massiveWsBase, apiKey: sim.apiKey }], stallMs: 400, minBackoffMs: 50, maxBackoffMs: 100 });
    feed.start({ onTicks: (t) => ticks.push(...t), onStatus: (s: AdapterStatus) => states.push(s.state) });
    feed.setSubscriptions(new Map(keys.map((k) => [k, 'depth'] as const)));
    try {
      await until('ticks', () => ticks.length > 0);
      sim.stall(1500);
      await until('stalled', () => states.includes('stalled'), 10_000);
      const mark = ticks.length;
      await until('ticks after the stall', () => ticks.length > mark + 5, 20_000);
    } finally {
      await feed.stop();
    }
  });

  it('a wrong API key stops the retries and says so', async () => {
    const feed = new MassiveFeed({ endpoints: [{ label: 'sim', wsBase: sim.massiveWsBase, apiKey: 'wrong' }], minBackoffMs: 20, maxBackoffMs: 40 });
    feed.start({ onTicks: () => {} });
    feed.setSubscriptions(new Map(keys.map((k) => [k, 'depth'] as const)));
    try {
      await until('error state', () => feed.status().state === 'error');
      assert.match(feed.status().message ?? '', /refused the API key.*not retrying/);
      const failures = sim.stats().authFailures;
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(sim.stats().authFailures, failures, 'no further attempts');
    } finally {
      await feed.stop();
    }
  });

  it('an unknown ticker in the subscription is reported; the rest stream', async () => {
    const ticks: Tick[] = [];
    const feed = new MassiveFeed({ endpoints: [{ label: 'sim', wsBase: sim.massiveWsBase, apiKey: sim.apiKey }] });
    feed.start({ onTicks: (t) => ticks.push(...t) });
    feed.setSubscriptions(new Map([[keys[0]!, 'depth'], ['O:SPY261218C09990000', 'depth']]));
    try {
      await until('refusal and ticks', () => feed.refusedTopics().length > 0 && ticks.length > 0);
      assert.ok(feed.refusedTopics().some((m) => m.includes('O:SPY261218C09990000')));
      assert.ok((feed.status().frames_rejected?.event_refused_topic ?? 0) >= 1);
    } finally {
      await feed.stop();
    }
  });
});

describe('Massive adapter: hostile server', () => {
  let wss: WebSocketServer;
  let url: string;
  before(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    wss.on('connection', (ws) => {
      ws.send('[{"ev":"status","status":"connected","message":"Connected Successfully"}]');
      ws.on('message', (m) => {
        if (!String(m).includes('"auth"')) return;
        ws.send('[{"ev":"status","status":"auth_success","message":"authenticated"}]');
        const t = Date.now();
        for (const bad of ['{oops', '{"ev":"T"}', Buffer.from([1, 2, 3]), '[1,{"ev":"Q","sym":"O:SPY261218C00600000","bp":"x"},{"ev":"ZZ","sym":"O:A"}]']) ws.send(bad);
        ws.send(`[{"ev":"T","sym":"O:SPY261218C00600000","x":65,"p":1.5,"s":2,"c":[],"t":${t},"q":1}]`);
      });
    });
  });
  after(async () => { for (const c of wss.clients) c.terminate(); await new Promise((r) => wss.close(r)); });

  it('counts every malformed frame and event by reason, keeps the good one, never throws', async () => {
    const ticks: Tick[] = [];
    const feed = new MassiveFeed({ endpoints: [{ label: 'hostile', wsBase: url, apiKey: 'k' }] });
    feed.start({ onTicks: (t) => ticks.push(...t) });
    feed.setSubscriptions(new Map([['O:SPY261218C00600000', 'depth']]));
    try {
      await until('the good trade', () => ticks.length === 1);
      const r = feed.status().frames_rejected!;
      assert.equal(r.not_json, 1);
      assert.equal(r.not_array, 1);
      assert.equal(r.binary_frame, 1);
      assert.equal(r.event_not_event, 1);
      assert.equal(r.event_bad_field, 1);
      assert.equal(r.event_unknown_event, 1);
      assert.equal(ticks[0]!.ltp, 1.5);
      assert.equal(feed.status().state, 'connected');
    } finally {
      await feed.stop();
    }
  });
});


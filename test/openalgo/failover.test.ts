// Failover: one OpenAlgo feed listing two simulator endpoints in priority order. The first is
// killed for good (its port stops answering): after `failover.reconnects` failed connections the
// feed moves to the second, re-authenticates and resubscribes everything; the NIFTY chain keeps
// updating within 5 s, the subscriptions are intact and status names the live endpoint.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocketServer, type WebSocket } from 'ws';
import { OpenAlgoFeed } from '../../src/main/engine/feeds/openalgo/openalgo-feed.ts';
import { startRuntime, type OptickRuntime } from '../../src/main/host/runtime.ts';
import { startSimulator, type SimulatorHandle } from '../../src/main/sim/simulator.ts';

let sim: SimulatorHandle;
let runtime: OptickRuntime;
let dataDir: string;

const until = async (ok: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'optick-oa-failover-'));
  sim = await startSimulator({ seed: 5, rate: 3000, openalgo: { endpoints: 2 } });
  runtime = await startRuntime({
    dataDir, underlyings: ['NIFTY'], pricingWorkers: 1,
    feed: [{
      kind: 'openalgo', underlyings: ['NIFTY'], minBackoffMs: 100, failover: { reconnects: 2, withinMs: 60_000 },
      endpoints: sim.openalgo.map((e, i) => ({ ...e, label: i === 0 ? 'primary' : 'backup' })),
    }],
  }, () => {});
  // A real endpoint follows the NSE trading hours; the test streams whatever the clock says.
  runtime.hours.scheduler.force('openalgo', 'connect');
});
after(async () => {
  await runtime?.stop();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('OpenAlgo failover', () => {
  it('the first endpoint dies for good: the chain keeps updating from the second within 5 s, subscriptions intact', async () => {
    const engine = runtime.engine;
    const expiry = engine.expiries('NIFTY')[0]!;
    const feed = () => engine.status().feeds[0]!;
    await until(() => feed().state === 'connected' && feed().ticks_received > 100, 'ticks from the primary');
    assert.equal(feed().endpoint, 'primary');
    const subscribedBefore = feed().subscribed;
    assert.ok((subscribedBefore.Depth ?? 0) > 0 && (subscribedBefore.Quote ?? 0) > 0);
    const primaryHad = (await sim.openalgoStats())[0]!.subscribed;
    assert.deepEqual(primaryHad, subscribedBefore);

    await sim.killOpenAlgo(0);
    const killedAt = Date.now();
    const ticksAtKill = feed().ticks_received;
    const spotAt = (): number | null => engine.chain('NIFTY', expiry).spot;
    await until(() => feed().endpoint === 'backup' && feed().state === 'connected' && feed().ticks_received > ticksAtKill + 50, 'ticks from the backup', 5000);
    const tookMs = Date.now() - killedAt;
    assert.ok(tookMs < 5000, `chain updating again after ${tookMs} ms`);

    // The chain itself moves on: its ticks come from the backup.
    const spot0 = spotAt();
    const received0 = engine.status().underlyings[0]!.ticks_received;
    await until(() => engine.status().underlyings[0]!.ticks_received > received0 + 20, 'chain ticks from the backup', 5000);
    assert.ok(spot0 !== null);
    assert.deepEqual(feed().subscribed, subscribedBefore, 'the same subscriptions');
    await until(async () => (await sim.openalgoStats())[1]!.subscribed.Depth === subscribedBefore.Depth, 'the backup holds them');
    assert.deepEqual((await sim.openalgoStats())[1]!.subscribed, subscribedBefore);
    assert.equal(feed().failovers, 1);
    assert.match(feed().message ?? '', /primary failed 2 times, switched to backup|^$/);
  });
});

describe('OpenAlgo switch-back (a setting)', () => {
  it('with switchBack on, the feed returns to the primary once it answers again, and resubscribes there', async () => {
    let subscribedOnPrimary = 0;
    const primary = (port = 0): Promise<WebSocketServer> => new Promise((ok) => {
      const server: WebSocketServer = new WebSocketServer({ port, host: '127.0.0.1' }, () => ok(server));
      server.on('connection', (ws: WebSocket) => ws.on('message', (raw: Buffer) => {
        const m = JSON.parse(String(raw)) as { action: string; symbols?: unknown[] };
        if (m.action === 'authenticate') ws.send(JSON.stringify({ type: 'auth', status: 'success', message: 'Authentication successful', broker: 'p', user_id: 'u' }));
        if (m.action === 'subscribe') subscribedOnPrimary += m.symbols?.length ?? 0;
      }));
    });
    let wss = await primary();
    const port = (wss.address() as { port: number }).port;
    const backup = sim.openalgo[1];
    // The backup endpoint of the first test was left running; endpoint 0 is dead for good.
    assert.ok(backup, 'the simulator has a second endpoint');
    const feed = new OpenAlgoFeed({
      endpoints: [{ label: 'primary', wsUrl: `ws://127.0.0.1:${port}`, apiKey: 'k' }, { label: 'backup', wsUrl: backup.wsUrl, apiKey: backup.apiKey }],
      minBackoffMs: 50, maxBackoffMs: 100, failover: { reconnects: 1, withinMs: 60_000, switchBack: true, probeEveryMs: 200 },
    });
    try {
      feed.start({ onTicks: () => {} });
      feed.setSubscriptions(new Map([['NSE_INDEX:NIFTY', 'ltp']]));
      await until(() => subscribedOnPrimary === 1, 'subscribed on the primary', 5000);
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await until(() => feed.status().endpoint === 'backup' && feed.status().state === 'connected', 'on the backup', 5000);
      wss = await primary(port);
      await until(() => feed.status().endpoint === 'primary' && subscribedOnPrimary === 2, 'back on the primary, resubscribed', 5000);
      assert.equal(feed.status().failovers, 2);
    } finally {
      await feed.stop();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    }
  });
});

// Several feeds at once: NIFTY from the runtime's own simulator ('sim'), BANKNIFTY from an
// Upstox-protocol server given as the 'upstox' feed (a second simulator). One engine, one merged
// registry; each chain fills from its own feed, each feed has its own status and subscriptions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startRuntime, type OptickRuntime } from '../../src/main/host/runtime.ts';
import { startSimulator, type SimulatorHandle } from '../../src/main/sim/simulator.ts';

let runtime: OptickRuntime;
let upstoxSim: SimulatorHandle;
let dataDir: string;

const until = async (ok: () => boolean, what: string, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'optick-multifeed-'));
  upstoxSim = await startSimulator({ seed: 7, rate: 300, token: 'second-token' });
  runtime = await startRuntime({
    dataDir, underlyings: ['NIFTY'], pricingWorkers: 1,
    feed: [
      { kind: 'sim', seed: 2, rate: 300, underlyings: ['NIFTY'] },
      { kind: 'upstox', feedUrl: upstoxSim.feedUrl, instrumentsUrl: upstoxSim.instrumentsUrl, accessToken: upstoxSim.token, underlyings: ['BANKNIFTY'] },
    ],
  }, () => {});
});
after(async () => {
  await runtime?.stop();
  await upstoxSim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('--feed sim,upstox', () => {
  it('one registry over both feeds, each underlying from its own', () => {
    assert.deepEqual(runtime.engine.underlyings().map((u) => u.name).sort(), ['BANKNIFTY', 'NIFTY']);
  });

  it('both chains fill, each feed reports its own subscriptions and the underlyings name their feed', async () => {
    await until(() => runtime.engine.status().underlyings.every((u) => u.ticks_received > 0), 'ticks on both underlyings');
    const s = runtime.engine.status();
    assert.deepEqual(s.feeds.map((f) => f.feed), ['sim', 'upstox']);
    for (const f of s.feeds) assert.ok(Object.values(f.subscribed).reduce((a, b) => a + b, 0) > 0, `${f.feed} has subscriptions`);
    assert.deepEqual(Object.fromEntries(s.underlyings.map((u) => [u.underlying, u.feed])), { NIFTY: 'sim', BANKNIFTY: 'upstox' });
    const second = await upstoxSim.stats();
    assert.ok(second.subscribed.full! > 0, 'the upstox-protocol server got the BANKNIFTY subscriptions');
    assert.ok(runtime.engine.status().feeds.every((f) => f.ticks_received > 0));
  });
});

describe('--feed openalgo,sim: two protocols from one simulator', () => {
  let rt: OptickRuntime;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'optick-multifeed-oa-'));
    rt = await startRuntime({
      dataDir: dir, underlyings: ['NIFTY'], pricingWorkers: 1,
      feed: [{ kind: 'openalgo', underlyings: ['NIFTY'] }, { kind: 'sim', seed: 3, rate: 600, underlyings: ['BANKNIFTY'] }],
    }, () => {});
  });
  after(async () => {
    await rt?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('NIFTY streams over OpenAlgo, BANKNIFTY over Upstox V3, in one engine', async () => {
    await until(() => rt.engine.status().underlyings.every((u) => u.ticks_received > 0), 'ticks on both underlyings');
    const s = rt.engine.status();
    assert.deepEqual(s.feeds.map((f) => [f.feed, f.state]), [['openalgo', 'connected'], ['sim', 'connected']]);
    assert.deepEqual(Object.fromEntries(s.underlyings.map((u) => [u.underlying, u.feed])), { NIFTY: 'openalgo', BANKNIFTY: 'sim' });
    assert.match(rt.engine.underlyings().find((u) => u.name === 'NIFTY')!.key, /^NSE_INDEX:NIFTY$/);
    assert.match(rt.engine.underlyings().find((u) => u.name === 'BANKNIFTY')!.key, /^NSE_INDEX\|Nifty Bank$/);
    assert.ok(Object.keys(s.feeds[0]!.subscribed).includes('Depth') && Object.keys(s.feeds[1]!.subscribed).includes('full'));
  });
});

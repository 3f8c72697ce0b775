// The simulator's deterministic market move (shock): the model, the handle in a worker, and the
// HTTP control a test drives `optick serve`'s simulator with. Tests never wait on the random walk.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, startSimulatorInWorker, type SimulatorHandle } from '../../src/main/sim/index.ts';
import { SHOCK_PATH } from '../../src/main/sim/upstox-server.ts';
import { FeedClient } from './feed-client.ts';

const NIFTY = 'NSE_INDEX|Nifty 50';
let sim: SimulatorHandle;
before(async () => { sim = await startSimulator({ rate: 2000, seed: 3 }); });
after(async () => { await sim.close(); });

/** The NIFTY LTP of the latest frame that carries it, waiting for one that arrives after `since` frames. */
async function niftyAfter(c: FeedClient, since: number): Promise<number> {
  const ltp = (i: number): number | undefined => c.frames[i]?.msg.feeds?.[NIFTY]?.ltpc?.ltp ?? undefined;
  let found: number | undefined;
  await c.until(() => { for (let i = c.frames.length - 1; i >= since; i--) { found = ltp(i); if (found !== undefined) return true; } return false; }, 'a NIFTY price', 10_000);
  return found!;
}

describe('simulator shock', () => {
  it('moves the index by the asked per cent, seen on the feed', async () => {
    const c = new FeedClient(sim.feedUrl, sim.token);
    try {
      await c.opened();
      c.request('sub', [NIFTY], 'ltpc');
      const before = await niftyAfter(c, 0);
      const mark = c.frames.length;
      const spot = await sim.shock('NIFTY', 2);
      assert.ok(Math.abs(spot / before - 1.02) < 0.002, `spot ${spot} after +2 % from ${before}`);
      await c.until(() => c.frames.slice(mark).some((f) => (f.msg.feeds?.[NIFTY]?.ltpc?.ltp ?? 0) > before * 1.015), `NIFTY above ${before * 1.015} on the feed`, 10_000);
    } finally { c.close(); }
  });

  it('refuses an unknown underlying and an absurd move, naming them', () => {
    assert.throws(() => sim.shock('NIFTYX', 1), /unknown underlying 'NIFTYX' \(known: NIFTY, BANKNIFTY\)/);
    assert.throws(() => sim.shock('NIFTY', Number.NaN), /NIFTY move must be a finite per cent within ±50, got NaN/);
    assert.throws(() => sim.shock('NIFTY', 80), /got 80/);
  });

  it('over HTTP: needs the simulator token, 400 on bad input, 200 with the new spot', async () => {
    const url = (q: string) => `${sim.baseUrl}${SHOCK_PATH}?${q}`;
    assert.equal((await fetch(url('underlying=NIFTY&pct=1'), { method: 'POST' })).status, 401);
    const auth = { Authorization: `Bearer ${sim.token}` };
    const bad = await fetch(url('underlying=NOPE&pct=1'), { method: 'POST', headers: auth });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(await bad.json()), /unknown underlying 'NOPE'/);
    const ok = await fetch(url('underlying=BANKNIFTY&pct=-1'), { method: 'POST', headers: auth });
    assert.equal(ok.status, 200);
    const body = await ok.json() as { data: { underlying: string; spot: number } };
    assert.equal(body.data.underlying, 'BANKNIFTY');
    assert.ok(body.data.spot > 10_000);
  });

  it('works the same through the worker handle', async () => {
    const w = await startSimulatorInWorker({ rate: 100, seed: 3 });
    try {
      const a = await w.shock('NIFTY', 1);
      const b = await w.shock('NIFTY', -1);
      assert.ok(Math.abs(b - a * 0.99) < 1, `${a} then ${b}`);
      await assert.rejects(async () => w.shock('X', 1), /unknown underlying 'X'/);
    } finally { await w.close(); }
  });
});

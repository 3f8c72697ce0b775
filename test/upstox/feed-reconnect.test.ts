// Optick's Upstox adapter against the simulator: every subscription restored (counted on the
// simulator) within 1 s after close-code and TCP-reset drops, stall detection only in session,
// limit refusal, and no retries after a 401.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { startSimulator, type SimulatorHandle, type SimulatorStats } from '../../src/main/sim/index.ts';
import { UpstoxFeed } from '../../src/main/engine/feeds/upstox/upstox-feed.ts';
import type { FeedMode } from '../../src/main/engine/feeds/feed.ts';

let sim: SimulatorHandle;
let keys: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  sim = await startSimulator({ rate: 2000, seed: 11, idlePingMs: 100 });
  const records = JSON.parse(gunzipSync(Buffer.from(await (await fetch(sim.instrumentsUrl)).arrayBuffer())).toString('utf8')) as { instrument_key: string; underlying_symbol?: string }[];
  keys = records.filter((r) => r.underlying_symbol === 'NIFTY').map((r) => r.instrument_key);
});
after(() => sim.close());

/** 1 index in full, 40 options in full, 120 in option_greeks (a chain's plan). */
function plan(): Map<string, FeedMode> {
  const m = new Map<string, FeedMode>([['NSE_INDEX|Nifty 50', 'depth']]);
  keys.slice(0, 40).forEach((k) => m.set(k, 'depth'));
  keys.slice(40, 160).forEach((k) => m.set(k, 'quote'));
  return m;
}
const WANT = { full: 41, option_greeks: 120 };

async function until(cond: () => Promise<boolean> | boolean, what: string, ms = 5000): Promise<number> {
  const t0 = performance.now();
  while (!(await cond())) {
    if (performance.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(10);
  }
  return performance.now() - t0;
}
const stats = async (): Promise<SimulatorStats> => sim.stats();
const restored = async () => {
  const s = await stats();
  return s.connections === 1 && s.subscribed.full === WANT.full && s.subscribed.option_greeks === WANT.option_greeks;
};

test('after a close with code 4000 and after a TCP reset, every subscription is back within 1 s', async () => {
  const feed = new UpstoxFeed({ feedUrl: sim.feedUrl, accessToken: sim.token, minBackoffMs: 200, maxBackoffMs: 2000 });
  let ticks = 0;
  feed.start({ onTicks: (t) => { ticks += t.length; } });
  feed.setSubscriptions(plan());
  try {
    await until(restored, 'first subscriptions');
    for (const how of [{ code: 4000 }, { reset: true }]) {
      const before = feed.info().reconnects;
      await sim.dropConnections(how);
      const ms = await until(restored, `subscriptions restored after ${JSON.stringify(how)}`, 3000);
      assert.ok(ms < 1000, `restored in ${Math.round(ms)} ms after ${JSON.stringify(how)}`);
      assert.equal(feed.info().reconnects, before + 1);
      assert.deepEqual(feed.info().subscriptions.filter((u) => u.count > 0).map((u) => [u.mode, u.count, u.limit]), [['option_greeks', 120, 2000], ['full', 41, 1500]]);
    }
    const t0 = ticks;
    await until(() => ticks > t0, 'ticks after the reconnects');
    assert.equal((await stats()).overLimitKeys, 0);
  } finally {
    await feed.stop();
  }
});

test('a plan over a limit is refused with a message and nothing is sent; a fitting plan clears it', async () => {
  const feed = new UpstoxFeed({ feedUrl: sim.feedUrl, accessToken: sim.token });
  feed.start({ onTicks: () => {} });
  try {
    feed.setSubscriptions(plan());
    await until(restored, 'plan subscribed');
    const tooMany = new Map<string, FeedMode>(plan());
    for (let i = 0; i < 1500; i++) tooMany.set(`NSE_FO|x${i}`, 'depth');
    feed.setSubscriptions(tooMany);
    assert.match(feed.info().refused_plan!, /Upstox allows 1500 instruments in 'full' mode when modes are mixed; the plan asks for 1541/);
    assert.match(feed.status().message!, /subscription plan refused/);
    await sleep(100);
    assert.ok(await restored(), 'the previous subscriptions stay as they were');
    feed.setSubscriptions(plan());
    assert.equal(feed.info().refused_plan, null);
  } finally {
    await feed.stop();
  }
});

test('re-centring sends change_mode: the simulator sees the new modes', async () => {
  const feed = new UpstoxFeed({ feedUrl: sim.feedUrl, accessToken: sim.token });
  feed.start({ onTicks: () => {} });
  try {
    feed.setSubscriptions(plan());
    await until(restored, 'plan subscribed');
    const moved = plan();
    keys.slice(0, 10).forEach((k) => moved.set(k, 'quote'));
    keys.slice(40, 50).forEach((k) => moved.set(k, 'depth'));
    keys.slice(150, 160).forEach((k) => moved.delete(k));
    feed.setSubscriptions(moved);
    await until(async () => { const s = await stats(); return s.subscribed.full === 41 && s.subscribed.option_greeks === 110; }, 'modes changed and keys dropped');
  } finally {
    await feed.stop();
  }
});

test('stall: ignored out of session; in session the silent feed is dropped and comes back with every subscription', async () => {
  let inSession = false;
  const feed = new UpstoxFeed({ feedUrl: sim.feedUrl, accessToken: sim.token, stallMs: 300, isInSession: () => inSession, minBackoffMs: 100, maxBackoffMs: 400 });
  feed.start({ onTicks: () => {} });
  try {
    feed.setSubscriptions(plan());
    await until(restored, 'plan subscribed');
    await sim.stall(900);
    await sleep(1000);
    assert.equal(feed.info().stalls, 0, 'out of session a silent feed is left alone');
    assert.equal(feed.info().reconnects, 0);
    inSession = true;
    await sim.stall(1000);
    const stallEnds = performance.now() + 1000;
    await until(() => feed.info().stalls > 0, 'stall detected', 2000);
    // The stall terminates the socket; the reconnect is counted when its close event arrives.
    await until(() => feed.info().reconnects >= 1, 'reconnect after the stall', 2000);
    await sleep(Math.max(0, stallEnds - performance.now()));
    const ms = await until(restored, 'subscriptions after the stall', 3000);
    assert.ok(ms < 1000, `restored ${Math.round(ms)} ms after the simulator came back`);
    await until(() => feed.info().state === 'connected', 'connected');
  } finally {
    await feed.stop();
  }
});

test('a 401 on the handshake stops retrying and asks for a new login', async () => {
  const rejected: number[] = [];
  const feed = new UpstoxFeed({ feedUrl: sim.feedUrl, accessToken: 'not-a-token', minBackoffMs: 50, onAuthRejected: (s) => rejected.push(s) });
  const before = (await stats()).rejectedUpgrades;
  feed.start({ onTicks: () => {} });
  try {
    await until(() => feed.info().state === 'error', 'error state');
    await sleep(600);
    assert.equal((await stats()).rejectedUpgrades, before + 1, 'exactly one attempt');
    assert.deepEqual(rejected, [401]);
    assert.match(feed.info().message!, /rejected by the feed \(HTTP 401\); log in again/);
    // A new token (after a login) connects at once.
    feed.setAccessToken(sim.token);
    await until(() => feed.info().state === 'connected', 'connected with the new token');
  } finally {
    await feed.stop();
  }
});

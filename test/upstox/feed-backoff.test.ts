// Reconnect backoff, shared by every feed: delays grow (capped, jittered) against a server that
// accepts and drops at once, and start over only after a connection has delivered ticks for
// healthyMs (checked with an injected feed clock against a real loopback server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReconnectBackoff } from '../../src/main/engine/feeds/reconnect-backoff.ts';
import { UpstoxFeed } from '../../src/main/engine/feeds/upstox/upstox-feed.ts';
import { indexFeed, liveFrame, startHostileFeed } from '../helpers/hostile-upstox.ts';
import { NIFTY_KEY, until } from '../helpers/feed-stand.ts';

test('ReconnectBackoff: doubles from min to the cap with equal jitter; opening alone never resets it, healthy delivery does', () => {
  let now = 0;
  let r = 0;
  const rand = [0, 0.999, 0.5];
  const b = new ReconnectBackoff({ minMs: 100, maxMs: 1600, healthyMs: 30_000, now: () => now, random: () => rand[r++ % rand.length]! });
  const delays: number[] = [];
  for (let i = 0; i < 7; i++) { delays.push(b.nextDelay()); b.opened(); b.delivered(); now += 10; }
  // base 100, 200, 400, 800, 1600, 1600, 1600; delay in [base/2, base].
  assert.deepEqual(delays, [50, 200, 300, 400, 1599, 1200, 800]);
  b.opened();
  now += 29_999;
  b.delivered();
  assert.equal(b.attempt, 7, 'not yet healthy');
  now += 1;
  b.delivered();
  assert.equal(b.attempt, 0, 'ticks for 30 s: healthy');
  assert.ok(b.nextDelay() <= 100);
  assert.throws(() => new ReconnectBackoff({ minMs: 0, maxMs: 10, now: () => 0 }), /0 < minMs <= maxMs/);
});

test('a server that accepts and drops at once is retried with growing, capped delays', async () => {
  const server = await startHostileFeed();
  server.acceptThenClose = true;
  const feed = new UpstoxFeed({ feedUrl: server.url, accessToken: 't', minBackoffMs: 40, maxBackoffMs: 640 });
  feed.start({ onTicks: () => {} });
  try {
    await until(() => server.accepted.length >= 8, '8 connection attempts', 20_000);
    await feed.stop();
    const gaps = server.accepted.slice(1, 8).map((t, i) => t - server.accepted[i]!);
    // Delays: [20,40], [40,80], [80,160], [160,320], [320,640], [320,640], [320,640] plus connect time.
    assert.ok(gaps[3]! >= 160 && gaps[4]! >= 320 && gaps[6]! >= 320, `delays grow: ${gaps.map(Math.round).join(', ')} ms`);
    assert.ok(gaps.every((g) => g < 640 + 400), `delays capped at 640 ms (+ connect time): ${gaps.map(Math.round).join(', ')} ms`);
    assert.ok(feed.status().reconnects >= 7);
  } finally {
    await feed.stop();
    await server.close();
  }
});

test('the delays start over only after the connection has delivered ticks for healthyMs', async () => {
  const server = await startHostileFeed();
  let offset = 0;
  const feed = new UpstoxFeed({
    feedUrl: server.url, accessToken: 't', minBackoffMs: 40, maxBackoffMs: 2000, healthyMs: 30_000, stallMs: 1e9,
    now: () => Date.now() + offset,
  });
  let ticks = 0;
  feed.start({ onTicks: (t) => { ticks += t.length; } });
  const lastGap = (): number => server.accepted.at(-1)! - server.accepted.at(-2)!;
  try {
    await until(() => server.open === 1, 'first connection');
    // Five quick drops: the delays have grown past 320 ms.
    for (let i = 0; i < 5; i++) {
      const n = server.accepted.length;
      server.dropAll();
      await until(() => server.accepted.length > n && server.open === 1, `reconnect ${i + 1}`);
    }
    assert.ok(lastGap() >= 320, `grown: ${Math.round(lastGap())} ms`);
    // Ticks flow, but for less than healthyMs: a drop still waits long.
    await server.send(liveFrame({ [NIFTY_KEY]: indexFeed(17_050) }));
    await until(() => ticks > 0, 'ticks');
    let n = server.accepted.length;
    server.dropAll();
    await until(() => server.accepted.length > n && server.open === 1, 'reconnect after a short healthy spell');
    assert.ok(lastGap() >= 640, `still growing: ${Math.round(lastGap())} ms`);
    // 30 s (feed clock) of ticks: healthy; the next drop is retried after minBackoffMs again.
    const before = ticks;
    await server.send(liveFrame({ [NIFTY_KEY]: indexFeed(17_051) }));
    await until(() => ticks > before, 'ticks');
    offset += 30_000;
    await server.send(liveFrame({ [NIFTY_KEY]: indexFeed(17_052) }));
    await until(() => ticks > before + 1, 'ticks 30 s later');
    n = server.accepted.length;
    server.dropAll();
    await until(() => server.accepted.length > n && server.open === 1, 'reconnect after a healthy connection');
    assert.ok(lastGap() < 200, `back to the first delay: ${Math.round(lastGap())} ms`);
  } finally {
    await feed.stop();
    await server.close();
  }
});

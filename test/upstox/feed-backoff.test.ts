// Reconnect backoff, shared by every feed: delays grow (capped, jittered) against a server that
// accepts and drops at once, and start over only after a connection has delivered ticks for
// healthyMs (checked with an injected feed clock against a real loopback server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReconnectBackoff } from '../../src/main/engine/feeds/common/reconnect-backoff.ts';
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

/** The reconnect delays the feed chose, from its log ('reconnect attempt N in D ms'). */
function delaysOf(lines: string[]): number[] {
  return lines.map((l) => /reconnect attempt \d+ in (\d+) ms/.exec(l)).filter((m) => m !== null).map((m) => Number(m![1]));
}

test('a server that accepts and drops at once is retried with growing, capped delays', async () => {
  const server = await startHostileFeed();
  server.acceptThenClose = true;
  const lines: string[] = [];
  const feed = new UpstoxFeed({ feedUrl: server.url, accessToken: 't', minBackoffMs: 40, maxBackoffMs: 640, log: (_l, m) => lines.push(m) });
  feed.start({ onTicks: () => {} });
  try {
    await until(() => server.accepted.length >= 8, '8 connection attempts', 20_000);
    await feed.stop();
    const delays = delaysOf(lines).slice(0, 7);
    // Each delay in [base/2, base] for base 40, 80, 160, 320, 640, 640, 640: it grows although every connect succeeded.
    [40, 80, 160, 320, 640, 640, 640].forEach((base, i) => assert.ok(delays[i]! >= base / 2 && delays[i]! <= base, `delay ${i + 1}: ${delays[i]} ms (base ${base}); all: ${delays.join(', ')}`));
    const gaps = server.accepted.slice(1, 8).map((t, i) => t - server.accepted[i]!);
    gaps.forEach((g, i) => assert.ok(g >= delays[i]! - 5, `the server saw attempt ${i + 2} ${Math.round(g)} ms after the previous one (delay ${delays[i]} ms)`));
    assert.ok(feed.status().reconnects >= 7);
  } finally {
    await feed.stop();
    await server.close();
  }
});

test('the delays start over only after the connection has delivered ticks for healthyMs', async () => {
  const server = await startHostileFeed();
  let offset = 0;
  const lines: string[] = [];
  const feed = new UpstoxFeed({
    feedUrl: server.url, accessToken: 't', minBackoffMs: 40, maxBackoffMs: 2000, healthyMs: 30_000, stallMs: 1e9,
    now: () => Date.now() + offset, log: (_l, m) => lines.push(m),
  });
  let ticks = 0;
  feed.start({ onTicks: (t) => { ticks += t.length; } });
  const lastDelay = (): number => delaysOf(lines).at(-1)!;
  const drop = async (what: string): Promise<void> => {
    const n = server.accepted.length;
    server.dropAll();
    await until(() => server.accepted.length > n && server.open === 1, what);
  };
  try {
    await until(() => server.open === 1, 'first connection');
    // Five quick drops: the delays have grown to [320, 640] ms.
    for (let i = 0; i < 5; i++) await drop(`reconnect ${i + 1}`);
    assert.ok(lastDelay() >= 320, `grown: ${delaysOf(lines).join(', ')} ms`);
    // Ticks flow, but for less than healthyMs: a drop still waits longer.
    await server.send(liveFrame({ [NIFTY_KEY]: indexFeed(17_050) }));
    await until(() => ticks > 0, 'ticks');
    await drop('reconnect after a short healthy spell');
    assert.ok(lastDelay() >= 640, `still growing: ${delaysOf(lines).join(', ')} ms`);
    // 30 s (feed clock) of ticks: healthy; the next drop is retried after minBackoffMs again.
    const before = ticks;
    await server.send(liveFrame({ [NIFTY_KEY]: indexFeed(17_051) }));
    await until(() => ticks > before, 'ticks');
    offset += 30_000;
    await server.send(liveFrame({ [NIFTY_KEY]: indexFeed(17_052) }));
    await until(() => ticks > before + 1, 'ticks 30 s later');
    await drop('reconnect after a healthy connection');
    assert.ok(lastDelay() <= 40, `back to the first delay: ${delaysOf(lines).join(', ')} ms`);
  } finally {
    await feed.stop();
    await server.close();
  }
});

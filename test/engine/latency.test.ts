// Latency: every delta carries the oldest socket receive time of the ticks in it, the engine
// reports socket → delta sent, and the flush rule sends the first tick after an idle gap at
// once while spacing flushes --flush-ms apart under a stream.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../src/main/engine/engine.ts';
import { FlushPacer, type PacerClock } from '../../src/main/engine/flush-pacer.ts';
import type { FeedAdapter, FeedListener } from '../../src/main/engine/feeds/feed.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import type { ChainDelta } from '../../src/shared/delta.ts';
import { LatencyWindow, monoNow, summarize } from '../../src/shared/latency.ts';
import type { OptionContract, Tick, UnderlyingInfo } from '../../src/shared/market.ts';

const NOW = Date.parse('2026-12-01T05:00:00Z');
const EXPIRY = '2026-12-08';
const NIFTY: UnderlyingInfo = { name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' };

function registry(): InstrumentRegistry {
  const options: OptionContract[] = [];
  for (let i = -10; i <= 10; i++) {
    const strike = 26000 + i * 50;
    for (const side of ['CE', 'PE'] as const) options.push({ key: `NSE_FO|${side}${strike}`, symbol: `NIFTY${strike}${side}`, underlying: 'NIFTY', expiry: EXPIRY, strike, side, lotSize: 65, tickSize: 0.05 });
  }
  return new InstrumentRegistry([NIFTY], options);
}

/** A feed the test pushes ticks into, as the socket would. */
class PushFeed implements FeedAdapter {
  readonly id = 'push';
  listener: FeedListener | null = null;
  start(l: FeedListener): void { this.listener = l; }
  async stop(): Promise<void> {}
  setSubscriptions(): void {}
  status() {
    return { feed: 'push', state: 'connected' as const, message: null, subscribed: {}, frames_received: 0, ticks_received: 0, ticks_processed: 0, ticks_dropped: 0, decode_errors: 0, reconnects: 0, last_tick_age_ms: null, segments: {} };
  }
  push(ticks: Tick[]): void { this.listener!.onTicks(ticks); }
}

const tick = (key: string, ltp: number, receiveMono: number, exchangeTs = NOW): Tick => ({ key, exchangeTs, receiveTs: NOW, receiveMono, ltp, volume: 100 });

const until = async (ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
};

/** An engine on the push feed, watched by one client, with the index price known (the chain centred). */
async function stand(flushMs: number) {
  const feed = new PushFeed();
  const engine = new Engine({ feed, registry: registry(), now: () => NOW, flushMs, wholeExpiry: false });
  engine.start();
  const deltas: { at: number; deltas: ChainDelta[] }[] = [];
  engine.onDeltas((d) => deltas.push({ at: performance.now(), deltas: d }));
  engine.watch('client', 'NIFTY', EXPIRY);
  feed.push([{ key: NIFTY.key, exchangeTs: NOW, receiveTs: NOW, ltp: 26001 }]);
  await until(() => deltas.length > 0);
  deltas.length = 0;
  return { feed, engine, deltas };
}

describe('delta receive time', () => {
  it('a delta carries the oldest receive time (and its exchange time) of the ticks since the last delta', async () => {
    const { feed, engine, deltas } = await stand(5);
    const t0 = monoNow();
    feed.push([tick('NSE_INDEX|Nifty 50', 26010, t0 - 30, NOW - 7), tick('NSE_FO|CE26000', 80, t0 - 20)]);
    feed.push([tick('NSE_FO|PE26000', 70, t0 - 40)]); // a later frame, an older stamp: the oldest wins
    await until(() => deltas.length > 0);
    const d = deltas[0]!.deltas[0]!;
    assert.equal(d.oldest_receive, t0 - 30, 'the first tick seen since the last delta sets it');
    assert.equal(d.oldest_exchange_ts, NOW - 7);
    assert.ok(d.sent_at! >= t0 && d.sent_at! <= monoNow());
    const lat = engine.feedStatus().engine_latency_ms!;
    assert.equal(lat.samples, 1);
    assert.ok(lat.p50! >= 30 && lat.p50! < 5000, `engine part ${lat.p50} ms`);
    // The next delta starts afresh from its own ticks.
    const t1 = monoNow();
    feed.push([tick('NSE_FO|CE26050', 55, t1)]);
    await until(() => deltas.length > 1);
    assert.equal(deltas[1]!.deltas[0]!.oldest_receive, t1);
    await engine.stop();
  });

  it('a tick that changed nothing shown does not leave its receive time for a later delta', async () => {
    const { feed, engine, deltas } = await stand(5);
    feed.push([tick('NSE_FO|CE26000', 80, monoNow())]);
    await until(() => deltas.length > 0);
    feed.push([tick('NSE_FO|CE26000', 80, monoNow() - 5000)]); // same values: no delta
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(deltas.length, 1);
    const t = monoNow();
    feed.push([tick('NSE_FO|CE26000', 82, t)]);
    await until(() => deltas.length > 1);
    assert.equal(deltas[1]!.deltas[0]!.oldest_receive, t);
    await engine.stop();
  });

  it('ticks without a receive time (replays) make deltas without one', async () => {
    const { feed, engine, deltas } = await stand(5);
    feed.push([{ key: 'NSE_FO|CE26000', exchangeTs: NOW, receiveTs: NOW, ltp: 81 }]);
    await until(() => deltas.length > 0);
    assert.equal(deltas[0]!.deltas[0]!.oldest_receive, undefined);
    assert.equal(engine.feedStatus().engine_latency_ms!.samples, 0);
    await engine.stop();
  });
});

describe('flush rule', () => {
  it('after an idle gap the first tick is flushed at once, not a whole --flush-ms later; under a stream flushes are --flush-ms apart', async () => {
    const { feed, engine, deltas } = await stand(400);
    await new Promise((r) => setTimeout(r, 450)); // idle longer than flush-ms
    const sent = performance.now();
    feed.push([tick('NSE_FO|CE26000', 80, monoNow())]);
    await until(() => deltas.length === 1);
    assert.ok(deltas[0]!.at - sent < 200, `first delta after idle took ${(deltas[0]!.at - sent).toFixed(1)} ms (flush-ms 400)`);
    feed.push([tick('NSE_FO|CE26000', 81, monoNow())]);
    await until(() => deltas.length === 2);
    const gap = deltas[1]!.at - deltas[0]!.at;
    assert.ok(gap >= 395, `the second flush came ${gap.toFixed(1)} ms after the first (must wait flush-ms 400)`);
    await engine.stop();
  });

  it('FlushPacer: requests share one flush; the wait is what is left of minMs since the last', () => {
    let now = 1000;
    const timers: { at: number; run: () => void }[] = [];
    const clock: PacerClock = { now: () => now, later: (ms, run) => { const t = { at: now + ms, run }; timers.push(t); return () => timers.splice(timers.indexOf(t), 1); } };
    const runs: number[] = [];
    const pacer = new FlushPacer(() => { pacer.ran(); runs.push(now); }, 16, clock);
    const fire = () => { const t = timers.shift()!; now = Math.max(now, t.at); t.run(); };
    pacer.request();
    pacer.request();
    assert.equal(timers.length, 1, 'one flush for both requests');
    assert.equal(timers[0]!.at, 1000, 'idle: no wait');
    fire();
    now = 1005;
    pacer.request();
    assert.equal(timers[0]!.at, 1016, '5 ms after a flush: 11 ms left');
    fire();
    now = 2000;
    pacer.request();
    assert.equal(timers[0]!.at, 2000, 'after a long gap: at once again');
    fire();
    assert.deepEqual(runs, [1000, 1016, 2000]);
    pacer.request();
    pacer.cancel();
    assert.equal(timers.length, 0);
  });
});

describe('LatencyWindow', () => {
  it('keeps the last minute and gives nearest-rank percentiles', () => {
    const w = new LatencyWindow(60_000, 8);
    for (let i = 1; i <= 100; i++) w.add(i, i * 1000);
    assert.deepEqual(w.values(100_000), [93, 94, 95, 96, 97, 98, 99, 100], 'ring capacity 8');
    const w2 = new LatencyWindow(60_000);
    for (let i = 1; i <= 100; i++) w2.add(i, i * 1000);
    assert.equal(w2.summary(100_000).samples, 61, 'samples of the last 60 s (40..100 s)');
    assert.deepEqual(summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { p50: 5, p99: 10, max: 10, samples: 10, window_ms: 60_000 });
    assert.equal(summarize([]).p50, null);
  });
});

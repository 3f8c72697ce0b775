// Latency: every delta carries the oldest socket receive time of the ticks in it, the engine
// reports socket → delta sent, and the flush rule sends the first tick after an idle gap at
// once while spacing flushes --flush-ms apart under a stream.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../src/main/engine/engine.ts';
import { alignedFlushAt, FlushPacer, FRAME_CLOCK_STALE_MS, FRAME_LEAD_MS, TIMER_SLACK_MS, type PacerClock } from '../../src/main/engine/flush-pacer.ts';
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

/** A FlushPacer (minMs 16) on a clock the test moves: `fire` runs the next timer at its time. */
function fakePacer() {
  const t = { now: 1000 };
  const timers: { at: number; run: () => void }[] = [];
  const clock: PacerClock = { now: () => t.now, later: (ms, run) => { const x = { at: t.now + ms, run }; timers.push(x); return () => timers.splice(timers.indexOf(x), 1); } };
  const runs: number[] = [];
  const pacer = new FlushPacer(() => { pacer.ran(); runs.push(t.now); }, 16, clock);
  const fire = () => { const x = timers.shift()!; t.now = Math.max(t.now, x.at); x.run(); };
  return { t, timers, runs, pacer, fire };
}

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

  it('a screen\'s frame clock: under a stream the real engine sends its deltas FRAME_LEAD_MS before that screen\'s frames; a bad report is refused by name', async () => {
    const { feed, engine, deltas } = await stand(16);
    const every = 1000 / 60;
    const frameAt = monoNow() + 5;
    engine.setFrameClock({ frame_at_ms: frameAt, frame_every_ms: every });
    const end = performance.now() + 400;
    let ltp = 80;
    while (performance.now() < end) {
      feed.push([tick('NSE_FO|CE26000', (ltp += 0.05), monoNow())]);
      await new Promise((r) => setTimeout(r, 2));
    }
    await engine.stop();
    // Phase of each delta's send within the screen's frame: FRAME_LEAD_MS before the next frame.
    const sent = deltas.slice(2).map((d) => d.deltas[0]!.sent_at!);
    assert.ok(sent.length >= 15, `deltas under the stream: ${sent.length}`);
    const early = sent.map((t) => { const x = (frameAt - t) % every; return x < 0 ? x + every : x; }).sort((a, b) => a - b);
    const median = early[Math.floor(early.length / 2)]!;
    assert.ok(Math.abs(median - FRAME_LEAD_MS) <= 2, `the median delta goes ${median.toFixed(2)} ms before a frame (want ${FRAME_LEAD_MS})`);
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
    assert.ok(gaps.every((g) => g >= 16 - TIMER_SLACK_MS), `never sooner than --flush-ms apart (less a late timer's slack): min ${Math.min(...gaps).toFixed(2)} ms`);
    assert.throws(() => engine.setFrameClock({ frame_at_ms: frameAt, frame_every_ms: 0.5 }), /frame_every_ms between 4 and 100/);
    assert.throws(() => engine.setFrameClock({ frame_at_ms: Number.NaN, frame_every_ms: every }), /frame_at_ms/);
  });

  it('FlushPacer: requests share one flush; the wait is what is left of minMs since the last', () => {
    const { t, timers, runs, pacer, fire } = fakePacer();
    pacer.request();
    pacer.request();
    assert.equal(timers.length, 1, 'one flush for both requests');
    assert.equal(timers[0]!.at, 1000, 'idle: no wait');
    fire();
    t.now = 1005;
    pacer.request();
    assert.equal(timers[0]!.at, 1016, '5 ms after a flush: 11 ms left');
    fire();
    t.now = 2000;
    pacer.request();
    assert.equal(timers[0]!.at, 2000, 'after a long gap: at once again');
    fire();
    assert.deepEqual(runs, [1000, 1016, 2000]);
    pacer.request();
    pacer.cancel();
    assert.equal(timers.length, 0);
  });

  it('FlushPacer with a screen\'s frame clock: steady-stream flushes land FRAME_LEAD_MS before a frame, never sooner than minMs apart; idle gaps still flush at once', () => {
    const { t, timers, runs, pacer, fire } = fakePacer();
    const every = 1000 / 60;
    pacer.alignTo({ at: 1003, every }); // frames at 1003, 1019.67, 1036.33, ...
    pacer.request();
    assert.equal(timers[0]!.at, 1000, 'idle: at once, not held for a frame');
    fire();
    t.now = 1001;
    pacer.request();
    // earliest 1016; the first frame whose lead point is >= 1016 is 1036.33 (1019.67 - 4 = 1015.67 is too soon)
    assert.ok(Math.abs(timers[0]!.at - (1003 + 2 * every - FRAME_LEAD_MS)) < 1e-9, `aligned to the frame at 1036.3: ${timers[0]!.at}`);
    fire();
    for (let i = 0; i < 5; i++) { t.now += 1; pacer.request(); fire(); }
    const gaps = runs.slice(2).map((t, i) => t - runs[i + 1]!);
    for (const g of gaps) assert.ok(Math.abs(g - every) < 1e-9, `a steady stream flushes once a frame (${every.toFixed(2)} ms), got ${g}`);
    for (const t of runs.slice(1)) assert.ok(Math.abs(((t + FRAME_LEAD_MS - 1003) / every) - Math.round((t + FRAME_LEAD_MS - 1003) / every)) < 1e-9, `${t} is ${FRAME_LEAD_MS} ms before a frame`);
    // A 144 Hz screen: frames 6.9 ms apart, flushes still >= 16 ms apart (every third frame).
    pacer.alignTo({ at: t.now, every: 1000 / 144 });
    const last = runs.at(-1)!;
    t.now += 1; pacer.request(); fire();
    assert.ok(runs.at(-1)! - last >= 16, `>= minMs apart at 144 Hz: ${runs.at(-1)! - last}`);
    // The clock goes stale when no screen reports it again: back to minMs spacing.
    t.now += FRAME_CLOCK_STALE_MS + 1;
    pacer.request(); fire();
    t.now += 1; pacer.request();
    assert.equal(timers[0]!.at, runs.at(-1)! + 16, 'stale frame clock: plain minMs spacing');
    fire();
    pacer.alignTo(null);
    t.now += 1; pacer.request();
    assert.equal(timers[0]!.at, runs.at(-1)! + 16, 'no frame clock: plain minMs spacing');
    fire();
    // A timer that fires 1 ms late counts from when it was due: the next flush still makes its frame.
    pacer.alignTo({ at: t.now, every });
    t.now += 1; pacer.request();
    const due = timers[0]!.at;
    t.now = due + 1; timers.shift()!.run();
    t.now += 1; pacer.request();
    assert.ok(Math.abs(timers[0]!.at - (due + every)) < 1e-9, `one frame after the late one's due time: ${timers[0]!.at - due}`);
    fire();
    // Much later than the slack (a blocked event loop): counted from when it really ran.
    t.now += 1; pacer.request();
    const due2 = timers[0]!.at;
    t.now = due2 + 30; timers.shift()!.run();
    t.now += 1; pacer.request();
    assert.ok(timers[0]!.at >= due2 + 30 - TIMER_SLACK_MS + 16, `>= minMs after (ran - slack): ${timers[0]!.at - due2}`);
    pacer.cancel();
    assert.throws(() => pacer.alignTo({ at: Number.NaN, every: 16 }), /finite start/);
    assert.throws(() => pacer.alignTo({ at: 0, every: 0 }), /period > 0/);
  });

  it('alignedFlushAt: the first lead point of a frame at or after the earliest time', () => {
    assert.equal(alignedFlushAt(100, { at: 0, every: 10 }, 4), 106);
    assert.equal(alignedFlushAt(106, { at: 0, every: 10 }, 4), 106);
    assert.equal(alignedFlushAt(106.5, { at: 0, every: 10 }, 4), 116);
    assert.equal(alignedFlushAt(100, { at: 500, every: 10 }, 4), 106, 'a frame clock from the future still fixes the phase');
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

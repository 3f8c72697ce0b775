// Overload, never silent: the frame queue reports what waits and how old it is; more than 1 s
// behind it sheds in the declared order (intermediate quotes of one instrument coalesced into its
// next update; trades and OI changes never), counts it, keeps every latest value exact, and the
// engine's status says "falling behind".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../src/main/engine/engine.ts';
import type { FeedAdapter, FeedListener } from '../../src/main/engine/feeds/feed.ts';
import { FrameQueue } from '../../src/main/engine/feeds/common/frame-queue.ts';
import { carriesTradeOrOi, shedQuotes } from '../../src/main/engine/feeds/common/shed.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import { MarketState, type Quote } from '../../src/main/engine/market/market-state.ts';
import type { Tick } from '../../src/shared/market.ts';
import { Rng } from '../../src/main/sim/rng.ts';

const T = 1_800_000_000_000;
const tk = (key: string, fields: Partial<Tick>, receiveMono = 0): Tick => ({ key, exchangeTs: T, receiveTs: T, receiveMono, ...fields });

/** The latest picture of every instrument after applying `ticks` (update counts aside). */
function finalState(ticks: readonly Tick[]): Map<string, Omit<Quote, 'updates' | 'receiveTs'>> {
  const m = new MarketState();
  const keys = new Set<string>();
  for (const t of ticks) { m.apply(structuredClone(t)); keys.add(t.key); }
  const out = new Map<string, Omit<Quote, 'updates' | 'receiveTs'>>();
  for (const k of keys) { const { updates: _u, receiveTs: _r, ...q } = m.get(k)!; out.set(k, q); }
  return out;
}

describe('shedding order', () => {
  it('coalesces intermediate quotes into the next update of the instrument; trades, OI changes and the last update stay', () => {
    const a1 = tk('A', { volume: 100, ltp: 10, bids: [{ price: 9.9, qty: 50 }] }, 1);
    const a2 = tk('A', { volume: 100, bids: [{ price: 10, qty: 50 }], atp: 10.01 }, 2); // quote
    const a3 = tk('A', { volume: 100, bids: [{ price: 10.1, qty: 75 }] }, 3); // quote
    const a4 = tk('A', { volume: 160, ltp: 10.2, ltq: 60 }, 4); // trade
    const b1 = tk('B', { oi: 500, volume: 7 }, 5);
    const b2 = tk('B', { oi: 650, volume: 7 }, 6); // OI change
    const b3 = tk('B', { oi: 650, volume: 7, asks: [{ price: 3, qty: 10 }] }, 7); // quote, B's last
    const a5 = tk('A', { volume: 160, asks: [{ price: 10.4, qty: 25 }] }, 8); // quote, A's last
    const input = [a1, a2, a3, b1, a4, b2, b3, a5];
    const expected = finalState(input);
    const r = shedQuotes(input.map((t) => ({ ...t })));
    assert.equal(r.shed, 2, 'a2 and a3');
    assert.deepEqual(r.ticks.map((t) => `${t.key}${t.receiveMono}`), ['A1', 'B5', 'A2', 'B6', 'B7', 'A8'], 'a4 keeps its place and the oldest receive time of what merged into it');
    const a4out = r.ticks[2]!;
    assert.equal(a4out.volume, 160, 'the trade keeps its own values');
    assert.deepEqual(a4out.bids, [{ price: 10.1, qty: 75 }], 'and takes the latest book it lacked');
    assert.equal(a4out.atp, 10.01);
    assert.deepEqual(finalState(r.ticks), expected, 'every latest value exact');
  });

  it('never sheds a trade or an OI change, and the latest values stay exact (random stream)', () => {
    const rng = new Rng(5);
    const vol = new Map<string, number>(), oi = new Map<string, number>();
    const input: Tick[] = [];
    for (let i = 0; i < 5000; i++) {
      const key = `K${Math.floor(rng.uniform() * 7)}`;
      const u = rng.uniform();
      if (u < 0.2) vol.set(key, (vol.get(key) ?? 0) + 1 + Math.floor(rng.uniform() * 10));
      if (u > 0.95) oi.set(key, (oi.get(key) ?? 0) + 75);
      const p = Math.round(rng.uniform() * 1000) / 10;
      input.push(tk(key, { volume: vol.get(key) ?? 0, oi: oi.get(key) ?? 0, bids: [{ price: p, qty: 1 }], ...(u < 0.2 && { ltp: p, ltq: 1 }), ...(u > 0.5 && { atp: p }) }, i));
    }
    const expected = finalState(input);
    const marked = input.map((t, i) => ({ ...t, receiveTs: i }));
    const prevOf = new Map<string, Tick>();
    const mustKeep = new Set<number>();
    marked.forEach((t, i) => { if (carriesTradeOrOi(t, prevOf.get(t.key))) mustKeep.add(i); prevOf.set(t.key, t); });
    const r = shedQuotes(marked.map((t) => ({ ...t })));
    const kept = new Set(r.ticks.map((t) => t.receiveTs));
    for (const i of mustKeep) assert.ok(kept.has(i), `trade/OI update ${i} was shed`);
    assert.ok(r.shed > 1000, `quotes coalesced: ${r.shed}`);
    assert.equal(r.ticks.length + r.shed, input.length, 'every shed tick counted');
    assert.deepEqual(finalState(r.ticks), expected);
  });
});

/** A feed the way UpstoxFeed uses the queue: frames in, decoded ticks collected, one batch a turn. */
class QueuedFeed implements FeedAdapter {
  readonly id = 'queued';
  listener: FeedListener | null = null;
  now = 0;
  readonly queue = new FrameQueue({
    decode: (f) => this.queue.collect(JSON.parse(f.data.toString()) as Tick[]),
    deliver: (ticks) => this.listener?.onTicks(ticks),
    failed: (err) => { throw err; },
    now: () => this.now,
  });
  start(l: FeedListener): void { this.listener = l; }
  async stop(): Promise<void> {}
  setSubscriptions(): void {}
  status() {
    return { feed: this.id, state: 'connected' as const, message: null, subscribed: {}, frames_received: 0, ticks_received: 0, ticks_processed: 0, ticks_dropped: 0, decode_errors: 0, reconnects: 0, last_tick_age_ms: null, segments: {}, queue: this.queue.status() };
  }
  frame(ticks: Tick[], receiveMono: number): void { this.queue.push(Buffer.from(JSON.stringify(ticks)), true, T, receiveMono); }
}

const turn = () => new Promise((r) => setImmediate(r));

describe('frame queue counters', () => {
  it('reports frames waiting and the oldest age; over 1 s behind it sheds, counts, and the engine says falling behind', async () => {
    const feed = new QueuedFeed();
    const registry = new InstrumentRegistry([{ name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' }], []);
    const engine = new Engine({ feed, registry, now: () => T, wholeExpiry: false });
    engine.start();
    const key = 'NSE_INDEX|Nifty 50';
    feed.now = 10_000;
    feed.frame([tk(key, { ltp: 1, volume: 1 })], 9_990);
    feed.frame([tk(key, { ltp: 2, volume: 2 })], 9_995);
    let load = engine.feedStatus().load!;
    assert.equal(load.frames_waiting, 2);
    assert.equal(load.oldest_frame_age_ms, 10);
    assert.equal(load.falling_behind, false);
    await turn();
    load = engine.feedStatus().load!;
    assert.equal(load.frames_waiting, 0);
    assert.equal(load.oldest_frame_age_ms, null);
    assert.equal(engine.market.get(key)!.ltp, 2, 'a prompt queue sheds nothing');
    assert.equal(load.ticks_shed, 0);
    // 1.5 s behind: quotes of one frame after another are coalesced, the trade kept, the latest exact.
    feed.frame([tk(key, { volume: 2, bids: [{ price: 1.9, qty: 1 }] })], 8_500);
    feed.frame([tk(key, { volume: 2, bids: [{ price: 2.0, qty: 1 }] })], 8_600);
    feed.frame([tk(key, { volume: 3, ltp: 2.05 })], 8_700);
    feed.frame([tk(key, { volume: 3, bids: [{ price: 2.05, qty: 4 }] })], 8_800);
    assert.equal(engine.feedStatus().load!.falling_behind, true, 'more than 1 s behind');
    await turn();
    load = engine.feedStatus().load!;
    assert.equal(load.ticks_shed, 1, 'the second quote; the first of a batch has nothing to compare with and is kept');
    assert.equal(load.falling_behind, true, 'shed in the last 10 s');
    const q = engine.market.get(key)!;
    assert.equal(q.volume, 3);
    assert.equal(q.ltp, 2.05);
    assert.deepEqual(q.bids, [{ price: 2.05, qty: 4 }]);
    await engine.stop();
  });
});

// The tick-path rule index against the plain definition: the same random tick streams (LTP and
// book ticks, ticks carrying only one side, gaps, prices sitting on levels, trailing stops,
// once and repeating rules, pause) fed to the index and to evaluate() on every rule on every
// tick give the same firings in the same order, the same levels and the same armed flags.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tick } from '../../src/shared/market.ts';
import type { Quote } from '../../src/main/engine/market/market-state.ts';
import { MarketState } from '../../src/main/engine/market/market-state.ts';
import { evaluate, trailLevel } from '../../src/main/engine/alerts/crossing.ts';
import { midOf, RuleIndex, type TickRule } from '../../src/main/engine/alerts/rule-index.ts';

interface R extends TickRule { id: number; key: string }

function rules(seed: number, nKeys: number, n: number): R[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const out: R[] = [];
  for (let i = 0; i < n; i++) {
    const source = (['ltp', 'ltp', 'mid', 'quote'] as const)[i % 4]!;
    const trail = source === 'ltp' && i % 7 === 0 ? { kind: 'points' as const, value: 1 + Math.floor(rnd() * 3) } : null;
    const op = rnd() < 0.5 ? 'above' as const : 'below' as const;
    const level = Math.round((97 + rnd() * 6) * 4) / 4; // on the 0.25 price grid: ticks sit on levels
    out.push({
      id: i, key: `K${i % nKeys}`, source, op, level: trail ? trailLevel(op, 100, trail) : level, repeat: rnd() < 0.5, cooldownMs: rnd() < 0.5 ? 0 : 3,
      armed: true, expiresAt: null, prev: NaN, lastFiredAt: null, trail, best: trail ? 100 : NaN,
      read: (q: Quote) => (q.ltp === null ? NaN : (q.ltp - 100) * 65), // a long position's P&L
    });
  }
  return out;
}

function stream(seed: number, nKeys: number, n: number): Tick[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const price = new Array<number>(nKeys).fill(100);
  const out: Tick[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rnd() * nKeys);
    const jump = rnd() < 0.05 ? (rnd() - 0.5) * 8 : (rnd() - 0.5) * 1.2; // now and then a gap
    price[k] = Math.max(0.25, Math.round((price[k]! + jump) * 4) / 4);
    const p = price[k]!;
    const kind = rnd();
    const t: Tick = { key: `K${k}`, exchangeTs: i, receiveTs: i };
    if (kind < 0.6) { t.ltp = p; t.bids = [{ price: p - 0.25, qty: 1 }]; t.asks = [{ price: p + 0.25, qty: 1 }]; }
    else if (kind < 0.75) t.ltp = p; // LTP only: the mid is unchanged
    else if (kind < 0.85) t.bids = [{ price: p - 0.5, qty: 1 }]; // one side only
    else if (kind < 0.95) t.asks = [{ price: p + 0.5, qty: 1 }];
    else t.oi = i; // neither price nor book
    out.push(t);
  }
  return out;
}

function run(useIndex: boolean, seed: number, pauseAt: [number, number] | null) {
  const all = rules(seed, 12, 120);
  const market = new MarketState();
  const ticks = stream(seed + 1, 12, 6000);
  const fired: [number, number, number][] = [];
  const index = new RuleIndex<R>();
  for (const r of all) index.add(r.key, r);
  ticks.forEach((t, i) => {
    const paused = pauseAt !== null && i >= pauseAt[0] && i < pauseAt[1];
    market.apply(t);
    if (useIndex) {
      index.onTicks([t], market, paused, () => i, { outcome: (r, out, v) => { if (out === 'fired') fired.push([i, r.id, v]); }, moved: () => {} });
      return;
    }
    // The definition: every rule of the tick's instrument reads its value from the quote.
    const q = market.get(t.key)!;
    for (const r of all) {
      if (r.key !== t.key) continue;
      const v = r.source === 'mid' ? midOf(q) : r.source === 'ltp' ? (q.ltp ?? NaN) : r.read(q);
      if (v !== v) continue;
      if (paused) { r.prev = v; continue; }
      if (evaluate(r, v, i) === 'fired') fired.push([i, r.id, v]);
    }
  });
  return { fired, state: all.map((r) => [r.id, r.armed, r.level, r.lastFiredAt]) };
}

describe('rule index on the tick path', () => {
  for (const seed of [1, 7, 42]) {
    it(`same firings, levels and armed flags as evaluating every rule on every tick (seed ${seed})`, () => {
      const a = run(false, seed, null);
      const b = run(true, seed, null);
      assert.ok(a.fired.length > 50, `the stream crosses levels (${a.fired.length} firings)`);
      assert.deepEqual(b.fired, a.fired);
      assert.deepEqual(b.state, a.state);
    });
  }

  it('a pause swallows crossings and the rules go on from the price at the resume', () => {
    const a = run(false, 3, [1000, 3000]);
    const b = run(true, 3, [1000, 3000]);
    assert.ok(!a.fired.some(([i]) => i >= 1000 && i < 3000));
    assert.deepEqual(b.fired, a.fired);
    assert.deepEqual(b.state, a.state);
  });

  it('a removed rule no longer fires; the others of its instrument still do', () => {
    const index = new RuleIndex<R>();
    const market = new MarketState();
    const [a, b] = rules(5, 1, 2).map((r) => ({ ...r, source: 'ltp' as const, trail: null, op: 'above' as const, repeat: true, cooldownMs: 0 }));
    a!.level = 101; b!.level = 102;
    index.add('K0', a!); index.add('K0', b!);
    const fired: number[] = [];
    const feed = (p: number) => { const t = { key: 'K0', ltp: p, exchangeTs: 0, receiveTs: 0 }; market.apply(t); index.onTicks([t], market, false, () => 0, { outcome: (r) => fired.push(r.id), moved: () => {} }); };
    feed(100); feed(103);
    index.remove('K0', a!);
    feed(100); feed(103);
    assert.deepEqual(fired, [a!.id, b!.id, b!.id]);
    index.remove('K0', b!);
    feed(100); feed(103);
    assert.equal(fired.length, 3);
  });
});

// The one tick check every feed's ticks pass (tick-check.ts) and the gate that counts its
// verdicts (validated-feed.ts): core fields reject the tick, side fields are dropped alone, a
// crossed book is flagged, unknown keys are counted in bulk, clean batches pass uncopied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tick } from '../../src/shared/market.ts';
import { checkTick, TICK_LIMITS } from '../../src/main/engine/feeds/tick-check.ts';
import { TickGate } from '../../src/main/engine/feeds/validated-feed.ts';

const NOW = Date.UTC(2026, 11, 3, 5, 0);
const good = (over: Partial<Tick> = {}): Tick => ({
  key: 'NSE_FO|1', exchangeTs: NOW - 1000, receiveTs: NOW, ltp: 101.5, ltq: 75, volume: 750_000, oi: 1_200_000,
  bids: [{ price: 101.45, qty: 750 }], asks: [{ price: 101.55, qty: 600 }], atp: 100.2, prevClose: 99, totalBuyQty: 1000, totalSellQty: 2000,
  brokerIv: 0.14, brokerGreeks: { delta: 0.5, gamma: 0.001, theta: -10, vega: 8, rho: 1 }, ...over,
});

test('a clean tick passes with no verdict', () => {
  assert.equal(checkTick(good(), NOW), null);
  assert.equal(checkTick(good({ bids: [], asks: [] }), NOW), null);
  assert.equal(checkTick({ key: 'k', exchangeTs: NOW, receiveTs: NOW }, NOW), null, 'a tick with no fields');
  assert.equal(checkTick(good({ exchangeTs: NOW - 20 * 86_400_000 }), NOW), null, "an illiquid option's 20-day-old last trade");
});

test('core fields reject the whole tick, by reason', () => {
  const cases: [Partial<Tick>, string, string][] = [
    [{ ltp: -1e9 }, 'price_negative', 'ltp'],
    [{ ltp: 1e308 }, 'price_too_high', 'ltp'],
    [{ ltp: Number.NaN }, 'price_not_finite', 'ltp'],
    [{ ltp: Number.POSITIVE_INFINITY }, 'price_not_finite', 'ltp'],
    [{ ltp: TICK_LIMITS.maxPrice * 1.01 }, 'price_too_high', 'ltp'],
    [{ oi: 1e301 }, 'quantity_too_high', 'oi'],
    [{ oi: -1 }, 'quantity_negative', 'oi'],
    [{ oi: 12.5 }, 'quantity_not_integer', 'oi'],
    [{ volume: Number.NaN }, 'quantity_not_integer', 'volume'],
    [{ ltq: -75 }, 'quantity_negative', 'ltq'],
    [{ bids: [{ price: 101, qty: 75 }, { price: Number.NEGATIVE_INFINITY, qty: 75 }] }, 'price_not_finite', 'bids[1].price'],
    [{ asks: [{ price: 101, qty: -3 }] }, 'quantity_negative', 'asks[0].qty'],
    [{ exchangeTs: Number.NaN }, 'time_not_finite', 'exchangeTs'],
    [{ exchangeTs: 0 }, 'time_not_finite', 'exchangeTs'],
    [{ exchangeTs: NOW + 6 * 60_000 }, 'time_in_future', 'exchangeTs'],
    [{ exchangeTs: NOW - 32 * 86_400_000 }, 'time_stale', 'exchangeTs'],
  ];
  for (const [over, reason, field] of cases) {
    const v = checkTick(good(over), NOW);
    assert.equal(v?.reject, reason, JSON.stringify(over));
    assert.equal(v?.field, field, JSON.stringify(over));
  }
  assert.equal(checkTick(good({ exchangeTs: NOW + 4 * 60_000 }), NOW), null, 'a few minutes of clock skew is allowed');
});

test('side fields are dropped alone; a crossed book is flagged, not dropped', () => {
  const v = checkTick(good({ atp: Number.NaN, prevClose: -1, brokerIv: Number.POSITIVE_INFINITY, totalBuyQty: 1.5, brokerGreeks: { delta: Number.NaN, gamma: 0, theta: 0, vega: 0, rho: 0 } }), NOW);
  assert.equal(v?.reject, null);
  assert.deepEqual(v?.drop?.sort(), ['atp', 'broker_greeks', 'broker_iv', 'prev_close', 'total_buy_qty']);
  const crossed = checkTick(good({ bids: [{ price: 102, qty: 75 }], asks: [{ price: 101, qty: 75 }] }), NOW);
  assert.deepEqual(crossed, { reject: null, field: null, value: undefined, drop: null, crossed: true });
  assert.equal(checkTick(good({ bids: [{ price: 101, qty: 75 }], asks: [{ price: 101, qty: 75 }] }), NOW), null, 'a locked book is not crossed');
});

test('TickGate: counts by reason, drops unknown keys in bulk, logs once per reason per minute, passes clean batches uncopied', () => {
  const lines: string[] = [];
  let wall = 0;
  const gate = new TickGate({ feed: 'upstox', knows: (k) => k.startsWith('NSE_FO|'), log: (_l, m) => lines.push(m), logClock: () => wall });
  const clean = [good(), good({ key: 'NSE_FO|2' })];
  assert.equal(gate.admit(clean, NOW), clean, 'no copy when all pass');
  const mixed = [good({ key: 'BAD|1' }), good({ ltp: Number.NaN }), good({ key: 'NSE_FO|3', atp: -1 }), good({ key: 'BAD|2' }), good({ key: 'NSE_FO|4', bids: [{ price: 9, qty: 1 }], asks: [{ price: 8, qty: 1 }] })];
  const out = gate.admit(mixed, NOW);
  assert.deepEqual(out.map((t) => t.key), ['NSE_FO|3', 'NSE_FO|4']);
  assert.equal(out[0]!.atp, undefined, 'the bad ATP is removed');
  assert.equal(out[1]!.crossed, true);
  for (let i = 0; i < 1000; i++) gate.admit([good({ ltp: -1 })], NOW);
  assert.deepEqual(gate.counts(), { rejected: { unknown_instrument: 2, price_not_finite: 1, price_negative: 1000 }, fields_dropped: { atp: 1 }, crossed_quotes: 1 });
  assert.equal(lines.filter((l) => l.includes('price_negative')).length, 1, 'a flood logs one line');
  wall += 60_000;
  gate.admit([good({ ltp: -1 })], NOW);
  const summary = lines.filter((l) => l.includes('price_negative'));
  assert.equal(summary.length, 2);
  assert.match(summary[1]!, /price_negative: 1000 more in the last 60 s \(latest: NSE_FO\|1 ltp=-1\)/);
});

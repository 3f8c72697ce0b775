// The order ticket's figures on hand-built books: VWAP walking the depth, slippage in ₹/ticks/bps,
// fillable share, liquidity score and the suggested limit; empty side, one level, an order larger
// than the book, no book, crossed and one-sided books.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ticketFigures, walkBook } from '../../src/main/engine/ticket/book-walk.ts';
import { checkLots } from '../../src/main/engine/ticket/ticket-service.ts';

const lv = (...pairs: [number, number][]) => pairs.map(([price, qty]) => ({ price, qty }));
const BOOK = { bids: lv([99.9, 150], [99.85, 300], [99.8, 450]), asks: lv([100.1, 75], [100.15, 150], [100.2, 300], [100.5, 600], [101, 750]) };

describe('walking the book', () => {
  it('VWAP over the levels it takes, in order', () => {
    const w = walkBook(BOOK.asks, 300);
    // 75 @ 100.10 + 150 @ 100.15 + 75 @ 100.20
    assert.equal(w.filled, 300);
    assert.equal(w.levels, 3);
    assert.ok(Math.abs(w.vwap! - (75 * 100.1 + 150 * 100.15 + 75 * 100.2) / 300) < 1e-12);
    assert.equal(w.worst, 100.2);
  });

  it('a buy of 4 lots of 75: VWAP, slippage vs the mid in ₹, ticks and bps, score and limit', () => {
    const f = ticketFigures('buy', 300, 0.05, BOOK);
    const vwap = (75 * 100.1 + 150 * 100.15 + 75 * 100.2) / 300; // 100.15
    const mid = 100;
    assert.equal(f.mid, mid);
    assert.equal(f.spread, 0.2);
    assert.equal(f.spread_ticks, 4);
    assert.equal(f.vwap, Math.round(vwap * 1e4) / 1e4);
    assert.equal(f.fillable_share, 1);
    assert.deepEqual(f.slippage, { inr_per_unit: 0.15, inr_total: 45, ticks: 3, bps: 15 });
    // S = 1/4, T = 75/300, D = (75+150+300 within 5 ticks of 100.10, i.e. ≤ 100.35) / 300 → 1.
    assert.deepEqual([f.liquidity.spread_component, f.liquidity.touch_component, f.liquidity.depth_component], [0.25, 0.25, 1]);
    assert.equal(f.liquidity.score, Math.round(100 * (0.4 * 0.25 + 0.3 * 0.25 + 0.3 * 1)));
    // mid + 0.25 × 0.20 = 100.05, on the tick, inside the book.
    assert.equal(f.suggested_limit, 100.05);
    assert.equal(f.reason, null);
  });

  it('a sell walks the bids; slippage is adverse-positive too', () => {
    const f = ticketFigures('sell', 450, 0.05, BOOK);
    const vwap = (150 * 99.9 + 300 * 99.85) / 450;
    assert.ok(Math.abs(f.vwap! - vwap) < 1e-4);
    assert.ok(Math.abs(f.slippage!.inr_per_unit - (100 - vwap)) < 1e-4);
    assert.equal(f.suggested_limit, 99.95);
  });

  it('an order larger than the book: the shown depth fills part of it, VWAP over what it fills', () => {
    const f = ticketFigures('buy', 3000, 0.05, BOOK);
    assert.equal(f.filled_qty, 1875);
    assert.equal(f.fillable_share, 0.625);
    assert.equal(f.levels_used, 5);
    assert.equal(f.worst_price, 101);
    const cost = 75 * 100.1 + 150 * 100.15 + 300 * 100.2 + 600 * 100.5 + 750 * 101;
    assert.ok(Math.abs(f.vwap! - cost / 1875) < 1e-4);
    assert.equal(f.liquidity.depth_component, Math.round((525 / 3000) * 1e4) / 1e4);
  });

  it('one level: VWAP is its price; a suggested limit never goes through the far touch', () => {
    const one = { bids: lv([10, 65]), asks: lv([10.05, 65]) };
    const f = ticketFigures('buy', 65, 0.05, one);
    assert.equal(f.vwap, 10.05);
    assert.equal(f.slippage!.ticks, 0.5);
    // mid 10.025 + 0.0125 = 10.0375 → 10.05 (nearest tick) = the ask, not beyond it.
    assert.equal(f.suggested_limit, 10.05);
    assert.ok(f.suggested_limit! <= f.best_ask!);
    assert.equal(f.liquidity.score, 100);
    const s = ticketFigures('sell', 65, 0.05, one);
    assert.ok(s.suggested_limit! >= s.best_bid!);
  });

  it('empty side, no book, one-sided and crossed books: no made-up numbers, the reason says why', () => {
    const noAsks = ticketFigures('buy', 75, 0.05, { bids: lv([5, 75]), asks: [] });
    assert.equal(noAsks.vwap, null);
    assert.equal(noAsks.slippage, null);
    assert.equal(noAsks.suggested_limit, null);
    assert.equal(noAsks.fillable_share, 0);
    assert.match(noAsks.reason!, /no asks on the book/);
    const none = ticketFigures('sell', 75, 0.05, { bids: [], asks: [] });
    assert.match(none.reason!, /^no book/);
    assert.equal(none.liquidity.score, 0);
    const oneSided = ticketFigures('buy', 75, 0.05, { bids: [], asks: lv([5, 75]) });
    assert.equal(oneSided.vwap, 5);
    assert.equal(oneSided.mid, null);
    assert.equal(oneSided.slippage, null);
    assert.match(oneSided.reason!, /one-sided book \(no bid\)/);
    const crossed = ticketFigures('buy', 75, 0.05, { bids: lv([5.1, 75]), asks: lv([5, 75]), crossed: true });
    assert.equal(crossed.mid, null);
    assert.match(crossed.reason!, /crossed/);
  });
});

describe('ticket quantity', () => {
  it('whole lots ≥ 1 and at most the freeze quantity, else a field error naming lots', () => {
    assert.equal(checkLots(2, 75, 1800), 150);
    for (const bad of [0, -1, 1.5, Number.NaN, '2']) assert.throws(() => checkLots(bad, 75, 1800), (e: Error & { field?: string }) => e.field === 'lots');
    assert.throws(() => checkLots(25, 75, 1800), /freeze quantity 1,800 units \(24 lots\)/);
    assert.equal(checkLots(24, 75, 1800), 1800);
    assert.equal(checkLots(1000, 75, null), 75_000, 'no freeze quantity in the master: no cap');
  });
});

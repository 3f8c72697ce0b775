// P&L, book Greeks and payoffs against hand-computed values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bookTotals, dayChange, legGreeks, legPnl, UNDERLYING_GREEKS } from '../../src/main/engine/alerts/pnl.ts';
import { bookAt, bookAtExpiry, bookToday, expiryShape, nearestExpiryYears, payoffGrid, sampledShape, spansExpiries, type PayoffLeg } from '../../src/main/engine/alerts/payoff.ts';
import { black76Price } from '../../src/main/engine/pricing/black76.ts';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

describe('position P&L', () => {
  it('long 2 lots × 75 from 120 at 135.5: +15.5 points, ₹2,325, +12.9167 %', () => {
    const p = legPnl({ side: 'long', lots: 2, lotSize: 75, entry: 120 }, 135.5);
    assert.equal(p.points, 15.5);
    assert.equal(p.pnl, 2325);
    close(p.percent, 12.916666666666666);
  });

  it('short 3 lots × 65 from 80 at 92.25: −12.25 points, −₹2,388.75', () => {
    const p = legPnl({ side: 'short', lots: 3, lotSize: 65, entry: 80 }, 92.25);
    assert.equal(p.points, -12.25);
    assert.equal(p.pnl, -2388.75);
    assert.equal(dayChange({ side: 'short', lots: 3, lotSize: 65, entry: 80 }, 92.25, 90), -438.75);
  });
});

describe('book Greeks', () => {
  it('sums units × per-unit Greeks, sign by side, and names legs it cannot price', () => {
    // long 1 lot × 75 of a call Δ .55 Γ .0012 Θ −9.5/day ν 11.2/pt; short 2 lots × 75 of a put Δ −.40 Γ .0011 Θ −8 ν 10.
    const call = legGreeks({ side: 'long', lots: 1, lotSize: 75, entry: 100 }, { delta: 0.55, gamma: 0.0012, theta: -9.5, vega: 11.2 });
    const put = legGreeks({ side: 'short', lots: 2, lotSize: 75, entry: 90 }, { delta: -0.4, gamma: 0.0011, theta: -8, vega: 10 });
    const fut = legGreeks({ side: 'short', lots: 1, lotSize: 75, entry: 24000 }, UNDERLYING_GREEKS);
    const t = bookTotals([
      { id: 'c', pnl: 750, dayChange: 100, greeks: call },
      { id: 'p', pnl: -300, dayChange: -50, greeks: put },
      { id: 'f', pnl: 1500, dayChange: 0, greeks: fut },
      { id: 'x', pnl: null, dayChange: null, greeks: null },
    ]);
    assert.equal(t.pnl, 1950);
    assert.equal(t.day_change, 50);
    close(t.delta, 75 * 0.55 + 150 * 0.4 - 75); // 41.25 + 60 − 75 = 26.25
    close(t.delta, 26.25);
    close(t.gamma, 75 * 0.0012 - 150 * 0.0011); // 0.09 − 0.165 = −0.075
    close(t.theta, -712.5 + 1200); // long pays theta, short earns it: 487.5 ₹/day
    close(t.vega, 840 - 1500); // −660 ₹ per vol point
    assert.deepEqual(t.missing, ['x']);
  });
});

const leg = (type: PayoffLeg['type'], strike: number, side: PayoffLeg['side'], units: number, entry: number, iv: number | null = null, years = 0): PayoffLeg =>
  ({ type, strike, side, units, entry, iv, years });

describe('payoff at expiry', () => {
  it('long straddle 100 for 5 + 5: breakevens 90 and 110, max loss −10, profit unlimited', () => {
    const legs = [leg('CE', 100, 'long', 1, 5), leg('PE', 100, 'long', 1, 5)];
    const s = expiryShape(legs);
    assert.deepEqual(s.breakevens, [90, 110]);
    assert.equal(s.maxLoss, -10);
    assert.equal(s.maxProfit, null, 'the upside is open');
    assert.equal(bookAtExpiry(legs, 0), 90, 'the downside is bounded at spot 0: 100 − 10');
  });

  it('short straddle ×65: breakevens 90, 110; max profit ₹650; loss unlimited', () => {
    const s = expiryShape([leg('CE', 100, 'short', 65, 5), leg('PE', 100, 'short', 65, 5)]);
    assert.deepEqual(s.breakevens, [90, 110]);
    assert.equal(s.maxProfit, 650);
    assert.equal(s.maxLoss, null);
  });

  it('iron condor 90/95/105/110 for a 3-point credit: breakevens 92, 108; max profit 3, max loss −2', () => {
    const legs = [leg('PE', 90, 'long', 1, 0.5), leg('PE', 95, 'short', 1, 2), leg('CE', 105, 'short', 1, 2), leg('CE', 110, 'long', 1, 0.5)];
    const s = expiryShape(legs);
    assert.deepEqual(s.breakevens, [92, 108]);
    assert.equal(s.maxProfit, 3);
    assert.equal(s.maxLoss, -2);
    assert.equal(bookAtExpiry(legs, 100), 3);
    assert.equal(bookAtExpiry(legs, 50), -2);
  });

  it('1×2 call ratio spread 100/110 for a 1-point debit: breakevens 101 and 119; max profit 9 at 110; loss unlimited', () => {
    const legs = [leg('CE', 100, 'long', 1, 5), leg('CE', 110, 'short', 2, 2)];
    const s = expiryShape(legs);
    assert.deepEqual(s.breakevens, [101, 119]);
    assert.equal(s.maxProfit, 9);
    assert.equal(s.maxLoss, null);
    assert.equal(bookAtExpiry(legs, 90), -1);
  });
});

describe('payoff today', () => {
  it('each leg at Black-76 with its IV; intrinsic for a leg without IV', () => {
    const legs = [leg('CE', 100, 'long', 2, 5, 0.2, 0.1), leg('PE', 95, 'short', 1, 3)];
    const expect = 2 * (black76Price(true, 101 * 1.001, 100, 0.1, 0.2, 0.065) - 5) - (0 - 3);
    close(bookToday(legs, 101, { basis: 1.001, rate: 0.065 }), expect);
  });

  it("a calendar spread: each leg at its own expiry's time and forward", () => {
    // short the near 100 call (18 days, forward 100.2 at spot 100), long the far one (46 days, forward 100.6).
    const near = { ...leg('CE', 100, 'short', 65, 2.1, 0.14, 18 / 365), basis: 1.002 };
    const far = { ...leg('CE', 100, 'long', 65, 3.4, 0.15, 46 / 365), basis: 1.006 };
    const r = 0.065;
    const expect = 65 * (black76Price(true, 100 * 1.006, 100, 46 / 365, 0.15, r) - 3.4) - 65 * (black76Price(true, 100 * 1.002, 100, 18 / 365, 0.14, r) - 2.1);
    close(bookToday([near, far], 100, { basis: 1, rate: r }), expect);
    assert.equal(spansExpiries([near, far]), true);
    assert.equal(spansExpiries([near, { ...near, strike: 105 }]), false);
    close(nearestExpiryYears([far, near]), 18 / 365);
    // At the near expiry: the near leg at intrinsic, the far one with 28 days left, its carry for those days.
    const left = 28 / 365;
    const atNear = 65 * (black76Price(true, 103 * 1.006 ** (left / (46 / 365)), 100, left, 0.15, r) - 3.4) - 65 * (3 - 2.1);
    close(bookAt([near, far], 103, 18 / 365, { basis: 1, rate: r }), atNear, 1e-6);
  });

  it('breakevens and extremes read off a sampled curve', () => {
    const s = sampledShape([90, 95, 100, 105, 110], [-4, 2, 6, 2, -4]);
    assert.deepEqual(s.breakevens.map((b) => Math.round(b * 1000) / 1000), [93.333, 106.667]);
    assert.equal(s.maxProfit, 6);
    assert.equal(s.maxLoss, -4);
  });

  it('the grid spans the spot and every strike', () => {
    const g = payoffGrid([leg('CE', 120, 'long', 1, 5)], 100, 11, 0.1);
    assert.equal(g.length, 11);
    assert.equal(g[0], 90);
    assert.ok(g[10]! >= 126);
  });
});

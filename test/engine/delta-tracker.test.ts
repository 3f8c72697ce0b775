import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeltaTracker } from '../../src/main/engine/chain/delta-tracker.ts';
import { emptyLeg, emptyMetrics, type OptionChainModel } from '../../src/shared/chain.ts';
import { applyChainDelta } from '../../src/shared/delta.ts';

function model(atm: number, ltpOf: (strike: number) => number): OptionChainModel {
  const options = [-1, 0, 1].map((o) => {
    const strike = atm + o * 50;
    return {
      tag: o === 0 ? 'ATM' : o < 0 ? 'ITM1' : 'OTM1', strike,
      ce_data: { ...emptyLeg(`C${strike}`, `k${strike}c`), ltp: ltpOf(strike) },
      pe_data: { ...emptyLeg(`P${strike}`, `k${strike}p`), ltp: 1 },
    };
  });
  return {
    underlying: 'NIFTY', underlying_ltp: atm + 3, underlying_change: 1, atm_strike: atm, strike_step: 50, lot_size: 65,
    expiry: '2026-11-24', timestamp: 1, forward: null, time_to_expiry: null, rate: null, spot: null, atm_reference: 'spot', forward_source: null, prev_oi_source: null, prev_oi_date: null, options, market_metrics: emptyMetrics(),
  };
}

describe('DeltaTracker', () => {
  it('first diff is a full snapshot; then only changed cells', () => {
    const t = new DeltaTracker('NIFTY|2026-11-24');
    const first = t.diff(model(26000, () => 10))!;
    assert.equal(first.added!.length, 3);
    assert.equal(t.diff(model(26000, () => 10)), null, 'no change → no delta');
    const d = t.diff(model(26000, (k) => (k === 26050 ? 11 : 10)))!;
    assert.deepEqual(d.rows, [{ strike: 26050, ce: { ltp: 11 } }]);
    assert.equal(d.head, undefined);
  });

  it('1,000 updates of one contract between flushes become one cell update', () => {
    const t = new DeltaTracker('c');
    t.diff(model(26000, () => 10));
    let last = model(26000, () => 10);
    for (let i = 0; i < 1000; i++) last = model(26000, (k) => (k === 26000 ? 10 + i * 0.05 : 10));
    const d = t.diff(last)!;
    assert.equal(d.rows!.length, 1);
    assert.deepEqual(Object.keys(d.rows![0]!.ce!), ['ltp']);
  });

  it('a re-centre adds, removes and re-tags rows; applying it reproduces the new model', () => {
    const t = new DeltaTracker('c');
    t.diff(model(26000, () => 10));
    const client = model(26000, () => 10);
    const next = model(26050, () => 10);
    const d = t.diff(next)!;
    assert.deepEqual(d.removed, [25950]);
    assert.deepEqual(d.added!.map((r) => r.strike), [26100]);
    const applied = applyChainDelta(client, d);
    assert.equal(applied.added.length, 1);
    assert.equal(applied.removed.length, 1);
    assert.deepEqual(client, next);
  });
});

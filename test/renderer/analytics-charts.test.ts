// What the dock's analytics charts draw, from a small chain around 26,000:
// smile points by the leg whose quote gave each IV, OI bars with ΔOI and their geometry, and
// the intraday lines from minute metric points plus the live figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import type { MetricsPoint } from '../../src/shared/metrics.ts';
import { intradayData, istDayStart, oiData, smileData } from '../../src/renderer/components/analytics-charts/chart-data.ts';
import { oiLayout } from '../../src/renderer/components/analytics-charts/oi-chart.ts';

function leg(over: Record<string, unknown>) {
  return { ltp: 10, oi: 1000, oi_change: null, iv: null, iv_leg: null, broker_iv: null, ...over } as unknown as OptionChainModel['options'][number]['ce_data'];
}

function chain(): OptionChainModel {
  const rows = [25900, 25950, 26000, 26050, 26100].map((strike) => {
    const ivLeg = strike >= 26010 ? 'CE' : 'PE';
    const iv = 0.13 + (26000 - strike) / 100_000;
    return {
      tag: 'OTM1', strike,
      ce_data: leg({ oi: strike * 10, oi_change: strike === 26000 ? 5000 : -100, iv, iv_leg: ivLeg, broker_iv: ivLeg === 'CE' ? iv + 0.001 : null }),
      pe_data: leg({ oi: 300_000 - strike * 10 + 200_000, oi_change: null, iv, iv_leg: ivLeg, broker_iv: ivLeg === 'PE' ? iv - 0.001 : null }),
    };
  });
  return { forward: 26010.5, spot: 26001, atm_strike: 26000, options: rows.reverse(), market_metrics: {} } as unknown as OptionChainModel;
}

test('smile: each strike in the series of the leg its IV came from, in percent, ascending; forward at its nearest strike', () => {
  const s = smileData(chain());
  assert.deepEqual(s.put.map((p) => p.strike), [25900, 25950, 26000]);
  assert.deepEqual(s.call.map((p) => p.strike), [26050, 26100]);
  assert.equal(s.put[0]!.iv, 13.1);
  assert.equal(s.call[1]!.iv, 12.9);
  assert.equal(s.broker.length, 5);
  assert.equal(s.broker[0]!.iv, 13);
  assert.equal(s.forward, 26010.5);
  assert.equal(s.forwardStrike, 26000);
  assert.deepEqual(smileData(null), { call: [], put: [], broker: [], forward: null, forwardStrike: null });
});

test('OI by strike: both sides with ΔOI, scale covers previous-close OI; bars sized to the scale', () => {
  const d = oiData(chain());
  assert.deepEqual(d.bars.map((b) => b.strike), [25900, 25950, 26000, 26050, 26100]);
  const atm = d.bars[2]!;
  assert.deepEqual(atm, { strike: 26000, ceOi: 260_000, peOi: 240_000, ceChange: 5000, peChange: null });
  assert.equal(d.scale, Math.max(261_000 + 100, 241_000));
  const layout = oiLayout(d, 600, 200);
  const { ce, pe } = layout.bars[2]!;
  const plotH = layout.plotBottom - layout.plotTop;
  assert.ok(Math.abs((layout.plotBottom - ce.top) - (260_000 / d.scale) * plotH) < 1e-9);
  assert.ok(ce.base > ce.top, 'OI added today drawn on top of the previous close');
  assert.ok(Math.abs(ce.base - ce.top - (5000 / d.scale) * plotH) < 1e-9);
  assert.equal(pe.shed, null);
  const fell = layout.bars[0]!.ce;
  assert.ok(fell.shed !== null && fell.shed < fell.top, 'OI shed today: an outline above the bar');
  assert.ok(pe.x > ce.x, 'put beside the call');
});

test('intraday lines: minute points oldest first, one per second, live figures after the last stored point', () => {
  const p = (ts: number, pcr: number | null, maxPain: number | null, straddle: number | null) => ({ ts, pcr, max_pain: maxPain, atm_straddle: straddle }) as MetricsPoint;
  const t0 = Date.UTC(2026, 11, 3, 4, 0);
  const d = intradayData([p(t0 + 60_000, 0.95, 26000, 210), p(t0, 0.9, 26000, null), p(t0 + 60_400, 0.96, 26050, 211)], { now: t0 + 90_000, metrics: { pcr: 1, max_pain: 26050, atm_straddle: 212 } });
  assert.deepEqual(d.pcr, [{ time: t0 / 1000, value: 0.9 }, { time: t0 / 1000 + 60, value: 0.96 }, { time: t0 / 1000 + 90, value: 1 }]);
  assert.deepEqual(d.straddle.map((x) => x.value), [211, 212]);
  assert.deepEqual(d.maxPain.map((x) => x.value), [26000, 26050, 26050]);
  assert.equal(istDayStart(Date.UTC(2026, 11, 3, 10, 0)), Date.UTC(2026, 11, 2, 18, 30));
  assert.equal(istDayStart(Date.UTC(2026, 11, 2, 18, 30)), Date.UTC(2026, 11, 2, 18, 30));
});

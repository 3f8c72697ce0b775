// A chart's bars: history then live without duplicates or going back in time; the legend text;
// IST axis labels; titles of option symbols; which chain cell charts which option.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Candle } from '../../src/shared/history.ts';
import type { ChainRow } from '../../src/shared/chain.ts';
import { BarSequence } from '../../src/renderer/components/charts/bar-sequence.ts';
import { legendText } from '../../src/renderer/components/charts/legend.ts';
import { istCrosshairTime, istTickMark, TICK_MARK, toChartTime } from '../../src/renderer/components/charts/ist-time.ts';
import { describeSymbol } from '../../src/renderer/components/charts/symbol-label.ts';
import { symbolOfCell } from '../../src/renderer/components/charts/chain-click.ts';
import { historyWindow } from '../../src/renderer/components/charts/history-window.ts';

// 2026-11-23 09:15:00 IST
const T0 = Date.UTC(2026, 10, 23, 3, 45);
const bar = (i: number, close: number, volume = 10): Candle => ({ time: T0 + i * 5000, open: 100, high: Math.max(100, close), low: Math.min(100, close), close, volume, oi: null });

describe('BarSequence', () => {
  it('sorts history and keeps one bar per time', () => {
    const seq = new BarSequence();
    seq.beginLoad();
    const bars = seq.history([bar(2, 103), bar(0, 101), bar(1, 102), bar(1, 102.5)]);
    assert.deepEqual(bars.map((b) => [b.time, b.close]), [[T0, 101], [T0 + 5000, 102.5], [T0 + 10_000, 103]]);
    assert.equal(seq.last?.close, 103);
  });

  it('merges live bars held during the load: the same time replaces, a later one appends', () => {
    const seq = new BarSequence();
    seq.beginLoad();
    assert.deepEqual(seq.live(bar(1, 104)), []);
    assert.deepEqual(seq.live(bar(2, 105), bar(1, 104.5)), []);
    const bars = seq.history([bar(0, 101), bar(1, 102)]);
    assert.deepEqual(bars.map((b) => b.close), [101, 104.5, 105]);
  });

  it('updates the last bar in place, appends the next, drops older bars', () => {
    const seq = new BarSequence();
    seq.beginLoad();
    seq.history([bar(0, 101), bar(1, 102)]);
    assert.deepEqual(seq.live(bar(1, 102.2)).map((b) => b.close), [102.2]);
    assert.deepEqual(seq.live(bar(2, 103), bar(1, 102.4)).map((b) => [b.time, b.close]), [[T0 + 5000, 102.4], [T0 + 10_000, 103]]);
    assert.deepEqual(seq.live(bar(0, 99)), []);
    assert.equal(seq.stale, 1);
    assert.equal(seq.last?.close, 103);
  });

  it('ignores bars with non-finite prices', () => {
    const seq = new BarSequence();
    seq.beginLoad();
    seq.history([bar(0, 101), { ...bar(1, 0), close: Number.NaN }]);
    assert.equal(seq.last?.close, 101);
    assert.deepEqual(seq.live({ ...bar(2, 1), high: Number.POSITIVE_INFINITY }), []);
  });

  it('a new load forgets the old chart', () => {
    const seq = new BarSequence();
    seq.beginLoad();
    seq.history([bar(5, 101)]);
    seq.beginLoad();
    assert.equal(seq.last, null);
    assert.deepEqual(seq.history([bar(0, 50)]).map((b) => b.close), [50]);
  });
});

describe('chart labels', () => {
  it('legend: prices to 2 decimals, volume in Indian grouping, signed change', () => {
    const text = legendText({ time: T0, open: 26010.5, high: 26040, low: 26001.25, close: 26035.55, volume: 1234567, oi: null });
    assert.deepEqual(
      [text.time, text.open, text.high, text.low, text.close, text.volume, text.change, text.direction],
      ['09:15:00', '26,010.50', '26,040.00', '26,001.25', '26,035.55', '12,34,567', '+25.05', 'up'],
    );
    assert.equal(legendText(null).close, '—');
    assert.equal(legendText({ ...bar(0, 99), open: 100 }).direction, 'down');
  });

  it('axis and crosshair read the instant in IST whatever the host zone', () => {
    const t = toChartTime(T0 + 30_500);
    assert.equal(t, (T0 + 30_000) / 1000);
    assert.equal(istTickMark(t, TICK_MARK.time), '09:15');
    assert.equal(istTickMark(t, TICK_MARK.timeWithSeconds), '09:15:30');
    assert.equal(istTickMark(t, TICK_MARK.dayOfMonth), '23 Nov');
    assert.equal(istTickMark(toChartTime(Date.UTC(2026, 10, 22, 19, 0)), TICK_MARK.dayOfMonth), '23 Nov', '00:30 IST is already the 23rd');
    assert.match(istCrosshairTime(t), /Mon.*23.*Nov.*26.*09:15:30/);
    assert.equal(istTickMark('2026-11-23', TICK_MARK.time), null);
  });

  it('option titles in trader words; other symbols whole', () => {
    assert.deepEqual(describeSymbol('NIFTY23NOV2626000CE'), { title: 'NIFTY 26000 CE', detail: '23 Nov 26 · NIFTY23NOV2626000CE' });
    assert.deepEqual(describeSymbol('BANKNIFTY30DEC2659000PE').title, 'BANKNIFTY 59000 PE');
    assert.deepEqual(describeSymbol('NIFTY'), { title: 'NIFTY', detail: null });
  });

  it('history windows end with the bar at the anchor (the live bar), never after it', () => {
    const now = T0;
    const w = historyWindow('5s', now);
    assert.equal(w.from, now - 2 * 3_600_000);
    assert.equal(w.to, now + 1);
    assert.ok(historyWindow('1d', now).from < historyWindow('1h', now).from);
  });
});

describe('chain clicks', () => {
  const row = {
    strike: 26000, tag: 'ATM',
    ce_data: { symbol: 'NIFTY23NOV2626000CE' }, pe_data: { symbol: 'NIFTY23NOV2626000PE' },
  } as unknown as ChainRow;
  it('a call column charts the call, a put column the put, the strike nothing', () => {
    assert.equal(symbolOfCell('ce.ltp', row), 'NIFTY23NOV2626000CE');
    assert.equal(symbolOfCell('pe.bid', row), 'NIFTY23NOV2626000PE');
    assert.equal(symbolOfCell('strike', row), null);
    assert.equal(symbolOfCell('ce.ltp', { ...row, ce_data: null } as unknown as ChainRow), null);
    assert.equal(symbolOfCell(undefined, row), null);
  });
});

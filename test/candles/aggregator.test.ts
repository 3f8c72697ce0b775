// The aggregator's rules: volume from cumulative differences, duplicates and out-of-order ticks,
// the out-of-session rule, bar closing by time, resuming a persisted bar, and history merging.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CandleAggregator, type LiveBar } from '../../src/main/engine/candles/aggregator.ts';
import { mergeLive, rollUp } from '../../src/main/engine/candles/rollup.ts';
import { NSE_SESSION } from '../../src/main/engine/candles/session.ts';
import type { Candle } from '../../src/shared/history.ts';

const K = 'NSE_FO|45450';
const t = (hhmmss: string, day = '2026-11-20'): number => Date.parse(`${day}T${hhmmss}+05:30`);
const copy = (b: LiveBar): Candle => ({ time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, oi: b.oi });

test('OHLC and volume from cumulative-volume differences, not from last-trade quantities', () => {
  const agg = new CandleAggregator({ session: NSE_SESSION, intervals: ['1m', '5m', '1d'] });
  agg.onTick(K, t('09:15:00.200'), 100, 75, 1000);
  agg.onTick(K, t('09:15:20'), 104.5, 150, 1010);
  agg.onTick(K, t('09:15:40'), 99.05, 450, 1020);
  const u = agg.onTick(K, t('09:16:01'), 101, 525, 990);
  assert.equal(u.outcome, 'bar');
  assert.equal(u.closed.length, 1);
  assert.deepEqual(copy(u.closed[0]!), { time: t('09:15:00'), open: 100, high: 104.5, low: 99.05, close: 99.05, volume: 450, oi: 1020 });
  assert.deepEqual(u.changed.map((b) => [b.interval, b.time, b.volume, b.oi]), [
    ['1m', t('09:16:00'), 75, 990], ['5m', t('09:15:00'), 525, 990], ['1d', t('09:15:00'), 525, 990],
  ]);
  assert.equal(agg.openBar(K, '5m')?.high, 104.5);
});

test('an exact duplicate tick changes nothing; same-timestamp ticks move the close in arrival order', () => {
  const agg = new CandleAggregator({ session: NSE_SESSION, intervals: ['1m'] });
  agg.onTick(K, t('10:00:01'), 50, 1000);
  agg.onTick(K, t('10:00:02'), 52, 1100);
  const before = copy(agg.openBar(K, '1m')!);
  agg.onTick(K, t('10:00:02'), 52, 1100);
  assert.deepEqual(copy(agg.openBar(K, '1m')!), before);
  agg.onTick(K, t('10:00:02'), 51.5, 1160);
  assert.equal(agg.openBar(K, '1m')?.close, 51.5);
  assert.equal(agg.openBar(K, '1m')?.volume, 160, 'joined mid-session: baseline is the first tick\'s cumulative volume');
});

test('out-of-order ticks: widen the open bar, never move close or volume; dropped when their bar is gone', () => {
  const agg = new CandleAggregator({ session: NSE_SESSION, intervals: ['1m', '5m'] });
  agg.onTick(K, t('10:00:10'), 50, 1000);
  agg.onTick(K, t('10:01:10'), 51, 1200);
  let u = agg.onTick(K, t('10:01:05'), 55, 1150);
  assert.equal(u.outcome, 'late');
  const m1 = agg.openBar(K, '1m')!;
  assert.deepEqual([m1.high, m1.close, m1.volume], [55, 51, 200]);
  u = agg.onTick(K, t('10:00:20'), 40, 1100);
  assert.equal(u.outcome, 'late', 'still inside the open 5m bar');
  assert.deepEqual(u.changed.map((b) => b.interval), ['5m']);
  assert.equal(agg.openBar(K, '5m')?.low, 40);
  assert.equal(agg.openBar(K, '1m')?.low, 51);
  agg.onTick(K, t('10:05:00'), 52, 1300);
  u = agg.onTick(K, t('10:04:59'), 10, 1290);
  assert.equal(u.outcome, 'late_dropped');
  assert.deepEqual([agg.stats.late, agg.stats.lateDropped], [2, 1]);
});

test('a cumulative volume that goes backwards is ignored and counted', () => {
  const agg = new CandleAggregator({ session: NSE_SESSION, intervals: ['1m'] });
  agg.onTick(K, t('09:15:01'), 10, 100);
  agg.onTick(K, t('09:15:02'), 10, 90);
  agg.onTick(K, t('09:15:03'), 10, 130);
  assert.equal(agg.openBar(K, '1m')?.volume, 130, 'first minute of the session: baseline 0');
  assert.equal(agg.stats.volumeRegressions, 1);
});

test('pre-open and post-close prints make no bar; pre-open volume is the baseline, not in the first bar', () => {
  const agg = new CandleAggregator({ session: NSE_SESSION, intervals: ['1m', '1d'] });
  assert.equal(agg.onTick(K, t('09:07:30'), 200, 5000, 77).outcome, 'out_of_session');
  const u = agg.onTick(K, t('09:15:03'), 201, 5600);
  assert.deepEqual(u.changed.map((b) => [b.interval, b.volume, b.oi]), [['1m', 600, 77], ['1d', 600, 77]]);
  agg.onTick(K, t('15:29:59.900'), 205, 9000);
  assert.equal(agg.onTick(K, t('15:30:00'), 300, 9500).outcome, 'out_of_session');
  const d = agg.openBar(K, '1d')!;
  assert.deepEqual([d.open, d.high, d.close, d.volume], [201, 205, 205, 4000]);
  assert.equal(agg.stats.outOfSession, 2);
});

test('a new trading day closes every bar and restarts the volume baseline', () => {
  const agg = new CandleAggregator({ session: NSE_SESSION, intervals: ['1h', '1d'] });
  agg.onTick(K, t('15:00:00'), 10, 9000);
  const u = agg.onTick(K, t('09:15:10', '2026-11-23'), 11, 40);
  assert.deepEqual(u.closed.map((b) => [b.interval, b.time]), [['1h', t('15:15:00') - 3_600_000], ['1d', t('09:15:00')]]);
  assert.deepEqual(u.changed.map((b) => [b.interval, b.time, b.volume]), [['1h', t('09:15:00', '2026-11-23'), 40], ['1d', t('09:15:00', '2026-11-23'), 40]]);
});

test('closeBefore closes bars whose end has passed; a tick for a closed bar is then late for it', () => {
  const agg = new CandleAggregator({ session: NSE_SESSION, intervals: ['1s', '1m', '1d'] });
  agg.onTick(K, t('11:00:00.100'), 10, 100);
  assert.deepEqual(agg.closeBefore(t('11:00:00.999')), []);
  assert.deepEqual(agg.closeBefore(t('11:00:01')).map((b) => b.interval), ['1s']);
  const v = agg.onTick(K, t('11:00:00.900'), 9, 130);
  assert.equal(v.outcome, 'bar');
  assert.deepEqual(v.changed.map((b) => b.interval), ['1m', '1d'], 'the closed 1s bar is not reopened');
  const u = agg.onTick(K, t('11:00:00.500'), 12, 110);
  assert.equal(u.outcome, 'late', 'older than the last tick, still inside the open 1m bar');
  assert.deepEqual([agg.openBar(K, '1m')?.high, agg.openBar(K, '1m')?.close, agg.openBar(K, '1m')?.volume], [12, 9, 30]);
  assert.deepEqual(agg.closeBefore(t('15:30:00')).map((b) => b.interval), ['1m', '1d']);
  assert.equal(agg.openBar(K, '1d'), null);
});

test('resume continues a persisted bar: open kept, volume baseline from its cumulative volume', () => {
  const agg = new CandleAggregator({ session: NSE_SESSION, intervals: ['1m'] });
  agg.resume(K, '1m', { time: t('12:00:00'), open: 20, high: 21, low: 19, close: 20.5, volume: 300, oi: 5 }, 10_300);
  const u = agg.onTick(K, t('12:00:40'), 22, 10_350);
  assert.deepEqual(copy(u.changed[0]!), { time: t('12:00:00'), open: 20, high: 22, low: 19, close: 22, volume: 350, oi: 5 });
  assert.throws(() => agg.resume(K, '5m', u.changed[0]!, null), /5m is not aggregated/);
});

test('invalid ticks are counted, never crash or touch bars', () => {
  const agg = new CandleAggregator({ session: NSE_SESSION, intervals: ['1m'] });
  assert.equal(agg.onTick(K, Number.NaN, 10).outcome, 'invalid');
  assert.equal(agg.onTick(K, t('10:00:00'), Number.POSITIVE_INFINITY).outcome, 'invalid');
  assert.equal(agg.stats.invalid, 2);
  assert.equal(agg.openBar(K, '1m'), null);
});

test('every interval agrees with 1m bars rolled up; sums of volume match the 1d bar', () => {
  const intervals = ['1m', '3m', '5m', '15m', '30m', '1h', '1d'] as const;
  const agg = new CandleAggregator({ session: NSE_SESSION, intervals });
  const done = new Map<string, Candle[]>(intervals.map((i) => [i, []]));
  let price = 500;
  let cum = 0;
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let ts = t('09:00:00'); ts < t('15:40:00'); ts += 1000 + Math.floor(rnd() * 9000)) {
    price = Math.round((price + (rnd() - 0.5) * 4) * 20) / 20;
    cum += Math.floor(rnd() * 5) * 75;
    for (const b of agg.onTick(K, ts, price, cum, 1000 + cum / 75).closed) done.get(b.interval)!.push(copy(b));
  }
  for (const b of agg.closeBefore(t('23:00:00'))) done.get(b.interval)!.push(copy(b));
  const minutes = done.get('1m')!;
  for (const i of intervals) assert.deepEqual(rollUp(minutes, i, NSE_SESSION), done.get(i), i);
  assert.equal(done.get('1h')!.length, 7);
  assert.equal(minutes.reduce((s, b) => s + b.volume, 0), done.get('1d')![0]!.volume);
});

test('mergeLive: the live bar extends or replaces the last stored bar without a seam', () => {
  const hist: Candle[] = [{ time: 1, open: 10, high: 12, low: 9, close: 11, volume: 5, oi: null }];
  assert.deepEqual(mergeLive(hist, { time: 2, open: 11, high: 11, low: 11, close: 11, volume: 1, oi: null }).map((b) => b.time), [1, 2]);
  assert.deepEqual(mergeLive(hist, { time: 1, open: 11.5, high: 13, low: 11, close: 12.5, volume: 3, oi: 4 }),
    [{ time: 1, open: 10, high: 13, low: 9, close: 12.5, volume: 5, oi: 4 }]);
  assert.deepEqual(mergeLive(hist, { time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1, oi: null }), hist);
  assert.throws(() => rollUp(hist, '5s', NSE_SESSION), /from ticks/);
});

// Independent check on real data: NSE's per-second NIFTY 50 series of 2022-11-01, aggregated by
// our candle core into 1-minute bars, against a vendor's published 1-minute bars of the same day.
// The vendor stamps a bar with its END minute (09:17 covers 09:16:00–09:16:59); ours carry the
// START, so vendor label L maps to our bar starting at L − 1 minute.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CandleAggregator, type LiveBar } from '../../src/main/engine/candles/aggregator.ts';
import { NSE_SESSION } from '../../src/main/engine/candles/session.ts';
import type { Candle } from '../../src/shared/history.ts';
import { COMPARED_FIRST, COMPARED_LAST, istEpoch, PER_SECOND_FILE, vendorBars } from './nifty-data.ts';

function ourMinuteBars(): Map<number, Candle> {
  const agg = new CandleAggregator({ session: NSE_SESSION, intervals: ['1m', '1d'] });
  const bars = new Map<number, Candle>();
  const keep = (b: LiveBar): void => {
    if (b.interval === '1m') bars.set(b.time, { time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, oi: b.oi });
  };
  for (const line of readFileSync(PER_SECOND_FILE, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2}),([\d.]+)$/.exec(line.trim());
    assert.ok(m, `unparsable line ${line}`);
    const ts = istEpoch(m[1]!, Number(m[2]), Number(m[3]), Number(m[4]));
    const u = agg.onTick('NSE_INDEX|Nifty 50', ts, Number(m[5]));
    u.changed.forEach(keep);
  }
  for (const b of agg.closeBefore(istEpoch('2022-11-01', 23, 59))) keep(b);
  return bars;
}

test('per-second NIFTY aggregated to 1m matches the vendor 1m bars 09:17–15:30 (vendor END labels)', () => {
  const ours = ourMinuteBars();
  const vendor = vendorBars();
  let compared = 0;
  let identical = 0;
  let maxOpen = 0;
  let maxHighLow = 0;
  for (let t = COMPARED_FIRST; t <= COMPARED_LAST; t += 60_000) {
    const v = vendor.get(t);
    const o = ours.get(t);
    assert.ok(v, `vendor bar for ${new Date(t).toISOString()} missing`);
    assert.ok(o, `our bar starting ${new Date(t).toISOString()} missing`);
    assert.equal(o.close, v.close, `close of bar starting ${new Date(t).toISOString()}`);
    maxOpen = Math.max(maxOpen, Math.abs(o.open - v.open));
    maxHighLow = Math.max(maxHighLow, Math.abs(o.high - v.high), Math.abs(o.low - v.low));
    if (o.open === v.open && o.high === v.high && o.low === v.low) identical++;
    compared++;
  }
  assert.equal(compared, 374);
  assert.ok(maxOpen <= 1.8 + 1e-9, `opens differ by up to ${maxOpen}`);
  assert.ok(maxHighLow <= 1.55 + 1e-9, `highs/lows differ by up to ${maxHighLow}`);
  assert.equal(identical, 329, 'the cross-source check found 329 bars with identical OHLC');
});

test('session rule on the real day: no bar before 09:15 or from 15:30 on; first bar 09:15, last 15:29', () => {
  const ours = ourMinuteBars();
  const times = [...ours.keys()].sort((a, b) => a - b);
  assert.equal(times[0], istEpoch('2022-11-01', 9, 15));
  assert.equal(times.at(-1), istEpoch('2022-11-01', 15, 29));
  // 375 session minutes; the 15-second hole at 10:51 is shorter than a minute, so every minute has a bar.
  assert.equal(times.length, 375);
  // The 15:30:00 print (18142.10) is post-close: the last bar closes on 15:29:59's 18142.75.
  assert.equal(ours.get(istEpoch('2022-11-01', 15, 29))?.close, 18142.75);
});

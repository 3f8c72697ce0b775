// The rolling histories of the signal detectors against brute force: the exact median of the
// last M one-second samples (kept sorted), and "the value one window ago" on its step grid.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initMedian, initStep, medianSpec, medianUpdate, stepAgo, stepSpec, stepUpdate } from '../../src/main/engine/signals/rings.ts';

let seed = 11;
const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);

describe('signal rings', () => {
  it('the median of the last M completed seconds equals a sort of them, gaps repeating the last value', () => {
    for (const size of [1, 2, 5, 60]) {
      const m = medianSpec({ end: 0, last: 1, lo: 2, hi: 3 }, 4, 8, size);
      const a = new Float64Array(8 + 2 * size);
      initMedian(a, 0, m);
      const seconds: number[] = []; // the sample of each completed second
      let t = 5_000_000, lastSec = Math.floor(t / 1000), last = 0, checked = 0;
      for (let k = 0; k < 20_000; k++) {
        t += rnd() < 0.02 ? Math.floor(rnd() * 90_000) : Math.floor(rnd() * 400);
        const x = Math.floor(rnd() * 12) * 0.05;
        const sec = Math.floor(t / 1000);
        if (k > 0 && sec > lastSec) for (let s = lastSec; s < sec; s++) seconds.push(last);
        lastSec = sec;
        last = Math.round(x / 0.05);
        if (medianUpdate(a, 0, m, t, x, 0.05) && seconds.length >= size) {
          const w = seconds.slice(-size).sort((p, q) => p - q);
          assert.equal(a[m.median], (w[(size - 1) >> 1]! + w[size >> 1]!) / 2, `size ${size} at ${t}`);
          checked++;
        }
      }
      assert.ok(checked > 1000, `${checked} medians checked`);
    }
  });

  it('the value one window ago is the last value at or before the end of the step a window back', () => {
    const s = stepSpec({ end: 0, last: 1, lo: 2, hi: 3 }, 4, 7, 3000, 30);
    const a = new Float64Array(7 + 31);
    initStep(a, 0, s);
    const seen: { t: number; v: number }[] = [];
    let t = 1_000_000;
    for (let k = 0; k < 5000; k++) {
      t += rnd() < 0.01 ? Math.floor(rnd() * 10_000) : Math.floor(rnd() * 150);
      const v = Math.round(rnd() * 1000);
      stepUpdate(a, 0, s, t, v);
      seen.push({ t, v });
      const step = Math.floor(t / 100), endOfRef = (step - 30 + 1) * 100;
      const before = seen.filter((p) => p.t < endOfRef);
      const expected = endOfRef - 100 < Math.floor(seen[0]!.t / 100) * 100 ? Number.NaN : before.length ? before[before.length - 1]!.v : Number.NaN;
      assert.deepEqual(stepAgo(a, 0, s, t), expected, `at ${t}`);
    }
  });
});

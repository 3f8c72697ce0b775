// The simulator's backfill of the day so far (sim/backfill.ts): the same seed and start give
// the same ticks, another seed others; the index path runs from near the previous close to the
// price the live market starts at; option quotes are sane; the worker hop keeps every field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zonedEpochMs } from '../../src/main/engine/instruments/expiry-calendar.ts';
import { backfillDay, backfillFrom, backfillStart, packTicks, unpackTicks } from '../../src/main/sim/backfill.ts';
import { KIND_OPTION } from '../../src/main/sim/instrument-state.ts';
import { startSimulatorInWorker } from '../../src/main/sim/in-worker.ts';
import { makeModel } from './model-fixture.ts';

/** Thursday 3 Dec 2026, 12:00 IST: 165 minutes after the 09:15 open. */
const NOON = zonedEpochMs('2026-12-03', '12:00');

function backfill(seed: number, startMs = NOON) {
  const model = makeModel(seed, 300, startMs);
  return { model, ticks: backfillDay(model, backfillStart(model, seed)) };
}

test('same seed and start → the same backfill; another seed → another', () => {
  const a = backfill(4).ticks, b = backfill(4).ticks, c = backfill(5).ticks;
  assert.ok(a.length > 10_000, `${a.length} ticks`);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.map((t) => t.ltp), c.map((t) => t.ltp));
});

test('from 09:15 IST to the start, in time order; the index ends at the live start price', () => {
  const { model, ticks } = backfill(4);
  assert.equal(backfillFrom(NOON), zonedEpochMs('2026-12-03', '09:15'));
  assert.equal(backfillFrom(zonedEpochMs('2026-12-03', '08:00')), zonedEpochMs('2026-12-03', '00:00'), 'before the open: from midnight (the simulator trades 24×7)');
  for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i]!.exchangeTs >= ticks[i - 1]!.exchangeTs);
  assert.ok(ticks[0]!.exchangeTs >= zonedEpochMs('2026-12-03', '09:15'));
  assert.ok(ticks.at(-1)!.exchangeTs < NOON);
  model.underlyings.forEach((u, ui) => {
    const key = model.universe.underlyings[ui]!.key;
    const path = ticks.filter((t) => t.key === key);
    assert.equal(path.length, 165 * 4, `${key}: four prints a minute`);
    assert.ok(Math.abs(path.at(-1)!.ltp! / u.spot - 1) < 0.002, `${key} ends at the live start ${u.spot} (${path.at(-1)!.ltp})`);
    assert.ok(Math.abs(path[0]!.ltp! / u.prevClose - 1) < 0.03, `${key} opens near the previous close`);
  });
});

test('option quotes: on the 0.05 tick, bid < ask, LTP inside the spread; OI in whole lots ending at the live book', () => {
  const { model, ticks } = backfill(9);
  const byKey = new Map(model.instruments.filter((s) => s.kind === KIND_OPTION).map((s) => [s.key, s]));
  let options = 0;
  const lastOi = new Map<string, number>();
  for (const t of ticks) {
    const s = byKey.get(t.key);
    if (!s) continue;
    options++;
    const bid = t.bids?.[0]?.price ?? 0, ask = t.asks![0]!.price;
    assert.ok(bid < ask && bid >= 0, `${t.key} ${bid} < ${ask}`);
    assert.equal(Math.round(ask * 20) / 20, ask);
    assert.ok(t.ltp! >= Math.max(0.05, bid) - 1e-9 && t.ltp! <= ask + 1e-9, `${t.key} LTP ${t.ltp} in [${bid}, ${ask}]`);
    assert.equal(t.oi! % s.lotSize, 0);
    lastOi.set(t.key, t.oi!);
  }
  assert.ok(options > ticks.length / 2);
  for (const [key, oi] of lastOi) assert.ok(Math.abs(oi - byKey.get(key)!.oi) <= byKey.get(key)!.lotSize, `${key} OI ends at the live ${byKey.get(key)!.oi}`);
});

test('nothing to backfill in the first minute of the day; packed for the worker hop, every field survives', async () => {
  assert.deepEqual(backfill(4, zonedEpochMs('2026-12-03', '00:00') + 30_000).ticks, []);
  const { ticks } = backfill(4);
  assert.deepEqual(unpackTicks(packTicks(ticks)), ticks);
  const sim = await startSimulatorInWorker({ seed: 3, rate: 100 });
  try {
    const first = await sim.backfill();
    assert.deepEqual(await sim.backfill(), first, 'asked twice: the same day');
  } finally {
    await sim.close();
  }
});

// The tick store end to end through the real writer worker and a read-only reader.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { emptyLeg, emptyMetrics, type OptionChainModel } from '../../src/shared/chain.ts';
import type { Tick } from '../../src/shared/market.ts';
import { CandleAggregator } from '../../src/main/engine/candles/aggregator.ts';
import { NSE_SESSION } from '../../src/main/engine/candles/session.ts';
import { openTickStore, type StoreLog } from '../../src/main/engine/store/tick-store.ts';
import { StoreReader } from '../../src/main/engine/store/store-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'optick-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `s${n++}.db`);
const t = (hhmmss: string, day = '2026-11-20'): number => Date.parse(`${day}T${hhmmss}+05:30`);
const logs: string[] = [];
const log: StoreLog = (level, message) => { logs.push(`${level} ${message}`); };
const K = 'NSE_FO|45450';

function optionTick(i: number, ts: number): Tick {
  const ltp = Math.round((120 + Math.sin(i / 9) * 15) * 20) / 20;
  return {
    key: K, exchangeTs: ts, receiveTs: ts + 35, ltp, ltq: 75 * (1 + (i % 3)),
    bids: [{ price: Math.round((ltp - 0.05 * (1 + (i % 4))) * 100) / 100, qty: 975 }], asks: [{ price: Math.round((ltp + 0.1) * 100) / 100, qty: 1300 }],
    volume: 1000 + i * 150, oi: 450_000 + i * 75,
  };
}

test('ticks round-trip exactly, and stored candles equal the aggregator fed the same ticks', async () => {
  const file = fresh();
  const store = await openTickStore({ file, batchMs: 20, log });
  store.registerInstrument({ key: K, symbol: 'NIFTY24NOV2624000CE', underlying: 'NIFTY', expiry: '2026-11-24', strike: 24000, side: 'CE' });
  const ticks: Tick[] = [];
  for (let i = 0; i < 3000; i++) ticks.push(optionTick(i, t('09:15:00') + i * 4700));
  ticks.push({ key: 'NSE_INDEX|Nifty 50', exchangeTs: t('10:00:00'), receiveTs: t('10:00:00') - 3, ltp: 18149.75 });
  for (const tk of ticks) assert.ok(store.append(tk));
  await store.close();
  assert.deepEqual({ ...store.stats(), lastBatchMs: null }, {
    ...store.stats(), lastBatchMs: null, appended: 3001, written: 3001, dropped: 0, rejected: 0, failed: 0, pending: 0, inFlight: 0,
  });

  const r = new StoreReader(file);
  try {
    const [inst] = r.select({ underlying: 'NIFTY', expiry: '2026-11-24' });
    assert.equal(inst?.key, K);
    const back = [...r.ticks(r.select({ instruments: [K, 'NSE_INDEX|Nifty 50'] }), 0, Number.MAX_SAFE_INTEGER)].length;
    assert.equal(back, 3001);
    let i = 0;
    for (const s of r.ticks([inst!], 0, Number.MAX_SAFE_INTEGER)) {
      const o = ticks[i++]!;
      assert.deepEqual({ ...s }, {
        key: K, exchangeTs: o.exchangeTs, receiveTs: o.receiveTs, ltp: o.ltp, ltq: o.ltq, bid: o.bids![0]!.price, bidQty: 975,
        ask: o.asks![0]!.price, askQty: 1300, volume: o.volume, oi: o.oi,
      });
    }
    const index = [...r.ticks(r.select({ instruments: ['NSE_INDEX|Nifty 50'] }), 0, Number.MAX_SAFE_INTEGER)];
    assert.deepEqual([index[0]!.ltp, index[0]!.bid, index[0]!.volume, index[0]!.receiveTs], [18149.75, null, null, t('10:00:00') - 3]);

    for (const interval of ['15s', '1m', '5m', '1h', '1d'] as const) {
      const agg = new CandleAggregator({ session: NSE_SESSION, intervals: [interval] });
      const want = [];
      for (const tk of ticks.slice(0, 3000)) want.push(...agg.onTick(K, tk.exchangeTs, tk.ltp!, tk.volume, tk.oi).closed.map((b) => ({ ...b })));
      want.push(...agg.closeBefore(Number.MAX_SAFE_INTEGER).map((b) => ({ ...b })));
      const got = r.candles(K, interval, t('09:00:00'), t('16:00:00'));
      assert.deepEqual(got, want.map(({ time, open, high, low, close, volume, oi }) => ({ time, open, high, low, close, volume, oi })), interval);
    }
    const mid = r.candles(K, '1h', t('10:40:00'), t('12:00:00'));
    assert.deepEqual(mid.map((b) => b.time), [t('10:15:00'), t('11:15:00')], 'from moves back to the start of its bar');
    assert.deepEqual(r.candles('NSE_FO|unknown', '1m', 0, Number.MAX_SAFE_INTEGER), []);
  } finally {
    r.close();
  }
});

test('a full queue drops and counts, never blocks or grows; the writer keeps going', async () => {
  const store = await openTickStore({ file: fresh(), batchMs: 60_000, batchRows: 100_000, maxQueue: 500, log });
  let accepted = 0;
  for (let i = 0; i < 800; i++) if (store.append(optionTick(i, t('10:00:00') + i))) accepted++;
  assert.equal(accepted, 500);
  assert.equal(store.stats().dropped, 300);
  assert.ok(logs.some((l) => /dropped 1 ticks so far \(queue full at 500\)/.test(l)));
  await store.flush();
  assert.equal(store.stats().written, 500);
  assert.ok(store.append(optionTick(900, t('10:01:00'))));
  await store.close();
  assert.equal(store.stats().written, 501);
});

test('bad ticks are refused with the instrument and the cause; the rest of the batch is stored', async () => {
  const file = fresh();
  const store = await openTickStore({ file, batchMs: 20, log });
  store.append({ key: K, exchangeTs: t('10:00:00'), receiveTs: t('10:00:00'), ltp: 100.125 });
  store.append({ key: K, exchangeTs: Number.NaN, receiveTs: 0, ltp: 100 });
  store.append({ key: K, exchangeTs: t('10:00:01'), receiveTs: t('10:00:01'), ltp: 100.15 });
  await store.close();
  assert.deepEqual([store.stats().written, store.stats().rejected], [1, 2]);
  assert.ok(logs.some((l) => l.includes(`${K}: ltp 100.125 has more decimals than price scale 100 keeps`)));
  assert.throws(() => store.registerInstrument({ key: 'x' }), /closed/);
});

test('same-millisecond ticks are all kept in order; candles survive a restart mid-bar', async () => {
  const file = fresh();
  let store = await openTickStore({ file, batchMs: 20, log });
  const ts = t('11:00:10');
  store.append({ key: K, exchangeTs: ts, receiveTs: ts, ltp: 50, volume: 100 });
  store.append({ key: K, exchangeTs: ts, receiveTs: ts, ltp: 51, volume: 175 });
  await store.close();
  store = await openTickStore({ file, batchMs: 20, log });
  store.append({ key: K, exchangeTs: ts + 20_000, receiveTs: ts + 20_000, ltp: 49, volume: 250 });
  await store.close();
  const r = new StoreReader(file);
  assert.deepEqual(Array.from(r.ticks(r.select({ instruments: [K] }), 0, Infinity), (x) => x.ltp), [50, 51, 49], 'the iterator reuses its row object: read it as it comes');
  assert.deepEqual(r.candles(K, '1m', 0, Number.MAX_SAFE_INTEGER), [{ time: t('11:00:00'), open: 50, high: 51, low: 49, close: 49, volume: 150, oi: null }]);
  assert.equal(r.integrityCheck(), 'ok');
  r.close();
});

test('chain snapshots keep every leg with quote, OI, IV, Greeks and the chain metrics', async () => {
  const file = fresh();
  const store = await openTickStore({ file, batchMs: 20, log });
  const row = (strike: number) => {
    const ce = { ...emptyLeg(`NIFTY24NOV26${strike}CE`, `NSE_FO|${strike}1`), ltp: 101.5, bid: 101.45, ask: 101.6, oi: 12000, iv: 0.1534, delta: 0.52, gamma: 0.0011, theta: -9.1, vega: 11.2, rho: 1.3 };
    return { tag: 'ATM', strike, ce_data: ce, pe_data: { ...emptyLeg(`NIFTY24NOV26${strike}PE`, `NSE_FO|${strike}2`), ltp: 88 } };
  };
  const chain: OptionChainModel = {
    underlying: 'NIFTY', underlying_ltp: 24010.5, underlying_change: 12, atm_strike: 24000, strike_step: 50, lot_size: 75, expiry: '2026-11-24',
    timestamp: t('12:01:00'), forward: 24031.2, time_to_expiry: 0.0082, rate: 0.065, spot: 24010.5, atm_reference: 'spot', forward_source: 'parity', prev_oi_source: null, prev_oi_date: null,
    options: [row(23950), row(24000)], market_metrics: { ...emptyMetrics(), pcr: 0.87, max_pain: 24000 },
  };
  store.snapshotChain(chain);
  store.snapshotChain(chain, t('12:02:00'));
  await store.close();
  assert.equal(store.stats().snapshots, 2);
  const r = new StoreReader(file);
  const legs = [...r.chainLegs('NIFTY', '2026-11-24', t('12:00:00'), t('12:02:00'))];
  assert.deepEqual(legs.map((l) => [l.strike, l.side, l.ltp]), [[23950, 'CE', 101.5], [23950, 'PE', 88], [24000, 'CE', 101.5], [24000, 'PE', 88]]);
  assert.deepEqual([legs[0]!.iv, legs[0]!.delta, legs[0]!.theta, legs[0]!.oi, legs[0]!.forward], [0.1534, 0.52, -9.1, 12000, 24031.2]);
  assert.equal(JSON.parse(legs[0]!.metrics).pcr, 0.87);
  assert.equal([...r.chainLegs('NIFTY', undefined, 0, Number.MAX_SAFE_INTEGER)].length, 8);
  r.close();
  const noTs = { ...chain, timestamp: null };
  const s2 = await openTickStore({ file, log });
  assert.throws(() => s2.snapshotChain(noTs), /NIFTY 2026-11-24: snapshot needs a timestamp/);
  await s2.close();
});

test('retention deletes by age and by size, and the file stays sound', async () => {
  const file = fresh();
  const now = t('12:00:00', '2026-11-20');
  const store = await openTickStore({ file, batchMs: 20, retention: { tickDays: 2, candleDays: 5 }, log });
  for (let d = 0; d < 8; d++) {
    for (let i = 0; i < 500; i++) store.append(optionTick(i, now - d * 86_400_000 - 3_600_000 + i * 1000));
  }
  await store.flush();
  const writer = new Database(file);
  const count = writer.prepare('SELECT (SELECT coalesce(sum(n), 0) FROM tick_blocks) + (SELECT coalesce(sum(n), 0) FROM tick_frags)').pluck().get() as number;
  writer.close();
  assert.equal(count, 4000);
  await store.close();
  // Retention runs in the writer on its timer; drive it directly through the worker's own code path.
  const { TickWriter } = await import('../../src/main/engine/store/tick-writer.ts');
  const db = new Database(file);
  const w = new TickWriter(db, NSE_SESSION, log);
  const deleted = w.applyRetention({ tickDays: 2, candleDays: 5, maxBytes: 0 }, now);
  const stored = (): { oldest: number; n: number } => {
    const r = new StoreReader(file);
    try {
      const all = [...r.ticks(r.instruments(), 0, Number.MAX_SAFE_INTEGER)].map((x) => x.exchangeTs);
      return { oldest: Math.min(...all), n: all.length };
    } finally {
      r.close();
    }
  };
  const left = stored();
  assert.ok(left.oldest >= now - 2 * 86_400_000, 'no tick older than 2 days');
  assert.equal(left.n, 1000, 'today and yesterday; the day before ends 1 h before the 2-day cut');
  assert.ok((db.prepare('SELECT min(time) AS t FROM candles_1m').get() as { t: number }).t >= now - 5 * 86_400_000);
  assert.ok(deleted > 2500);
  // Ticks are compact (a few pages here, next to one root page per table): ask for one page less.
  const limit = w.dataBytes() - 4096;
  w.applyRetention({ tickDays: 0, candleDays: 0, maxBytes: limit }, now);
  assert.ok(w.dataBytes() <= limit, `size retention: ${w.dataBytes()} > ${limit}`);
  const kept = stored();
  assert.ok(kept.n > 0 && kept.n < 1000, `the oldest ticks went first, the newest stay (${kept.n} kept)`);
  assert.ok(kept.oldest >= now - 3_600_000);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
});

test('a file from a newer Optick is refused, not written to', async () => {
  const file = fresh();
  const db = new Database(file);
  db.pragma('user_version = 99');
  db.close();
  await assert.rejects(openTickStore({ file, log }), /schema version 99 is newer than this Optick knows/);
});

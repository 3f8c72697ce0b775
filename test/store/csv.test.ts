// CSV import (real per-second NIFTY file and the other accepted formats) and CSV export
// (header, ISO-8601 with +05:30 plus epoch ms, dot decimals, cancel, progress, backpressure).
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, test } from 'node:test';
import { exportCsv, ExportError, CSV_HEADERS } from '../../src/main/engine/store/csv-export.ts';
import { IsoInZone, num, text } from '../../src/main/engine/store/csv-format.ts';
import { importTicksCsv, parseTimestamp } from '../../src/main/engine/store/csv-import.ts';
import { StoreReader } from '../../src/main/engine/store/store-reader.ts';
import { openTickStore, type StoreLog } from '../../src/main/engine/store/tick-store.ts';
import { COMPARED_FIRST, COMPARED_LAST, istEpoch, PER_SECOND_FILE, vendorBars } from '../candles/nifty-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'optick-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const log: StoreLog = () => {};
const NIFTY = { key: 'NSE_INDEX|Nifty 50', symbol: 'NIFTY' };

class Sink extends Writable {
  text = '';
  readonly delayMs: number;
  constructor(delayMs = 0) {
    super({ highWaterMark: 1024 });
    this.delayMs = delayMs;
  }
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    if (this.delayMs > 0) setTimeout(done, this.delayMs);
    else done();
  }
}

const niftyFile = join(dir, 'nifty.db');
const imported = (async () => {
  const store = await openTickStore({ file: niftyFile, batchMs: 20, log });
  const result = await importTicksCsv(createReadStream(PER_SECOND_FILE), { store, instrument: NIFTY });
  await store.close();
  return result;
})();

test('importing the real per-second NIFTY file gives store candles that match the vendor 1m closes', async () => {
  const result = await imported;
  assert.deepEqual([result.rows, result.skipped, result.dropped, result.header], [23519, 0, 0, false]);
  assert.equal(result.from, istEpoch('2022-11-01', 9, 0, 15));
  const r = new StoreReader(niftyFile);
  try {
    const bars = new Map(r.candles(NIFTY.key, '1m', istEpoch('2022-11-01', 0, 0), istEpoch('2022-11-02', 0, 0)).map((b) => [b.time, b]));
    const vendor = vendorBars();
    let n = 0;
    for (let t = COMPARED_FIRST; t <= COMPARED_LAST; t += 60_000, n++) assert.equal(bars.get(t)?.close, vendor.get(t)?.close, new Date(t).toISOString());
    assert.equal(n, 374);
    const hours = r.candles(NIFTY.key, '1h', istEpoch('2022-11-01', 9, 0), istEpoch('2022-11-01', 16, 0));
    assert.deepEqual(hours.map((b) => b.time), [9, 10, 11, 12, 13, 14, 15].map((h) => istEpoch('2022-11-01', h, 15)));
    assert.equal(hours.at(-1)?.close, 18142.75);
  } finally {
    r.close();
  }
});

test('import formats: header by name, ISO with offset, epoch ms, quantities summed per day; bad lines counted by line', async () => {
  const file = join(dir, 'formats.db');
  const store = await openTickStore({ file, batchMs: 20, log });
  const csv = [
    'timestamp,price,qty,oi',
    '2026-11-20T09:15:01.250+05:30,101.5,75,1000',
    `${Date.parse('2026-11-20T09:15:30+05:30')},102.05,150,1010`,
    '2026-11-20 09:16:10,100.95,75,',
    '2026-11-20T03:46:20Z,100,75,1020',
    'yesterday,100,1,1',
    '2026-11-20 09:16:30,abc,1,1',
    '1763611230,100,1,1',
    '2026-11-23 09:15:05,99,50,900',
  ].join('\r\n');
  const result = await importTicksCsv(Readable.from([csv]), { store, instrument: { key: 'NSE_FO|45450' } });
  await store.close();
  assert.equal(result.header, true);
  assert.deepEqual([result.rows, result.skipped], [5, 3]);
  assert.match(result.errors[0]!, /^line 6: 'yesterday' is not a timestamp/);
  assert.match(result.errors[1]!, /^line 7: price 'abc' is not a number/);
  assert.match(result.errors[2]!, /^line 8: .*epoch seconds/);
  const r = new StoreReader(file);
  const ticks = Array.from(r.ticks(r.select({ instruments: ['NSE_FO|45450'] }), 0, Number.MAX_SAFE_INTEGER), (t) => [t.exchangeTs, t.ltp, t.volume, t.oi]);
  assert.deepEqual(ticks, [
    [Date.parse('2026-11-20T09:15:01.250+05:30'), 101.5, 75, 1000],
    [Date.parse('2026-11-20T09:15:30+05:30'), 102.05, 225, 1010],
    [Date.parse('2026-11-20T09:16:10+05:30'), 100.95, 300, null],
    [Date.parse('2026-11-20T09:16:20+05:30'), 100, 375, 1020],
    [Date.parse('2026-11-23T09:15:05+05:30'), 99, 50, 900],
  ]);
  assert.deepEqual(r.candles('NSE_FO|45450', '1m', 0, Number.MAX_SAFE_INTEGER).map((b) => [b.open, b.close, b.volume]), [[101.5, 102.05, 225], [100.95, 100, 150], [99, 99, 50]]);
  r.close();
  assert.equal(parseTimestamp('2026-11-20 25:00:00', 'Asia/Kolkata'), "'2026-11-20 25:00:00' is not a valid time");
});

test('export ticks: header, ISO +05:30 and epoch ms agree, dot decimals, CRLF', async () => {
  await imported;
  const r = new StoreReader(niftyFile);
  const sink = new Sink();
  const progress: number[] = [];
  const from = istEpoch('2022-11-01', 9, 15);
  const done = await exportCsv(r, { kind: 'ticks', from, to: istEpoch('2022-11-01', 15, 30), instruments: [NIFTY.key] }, sink, { onProgress: (p) => progress.push(p.rows), progressEvery: 5000 });
  r.close();
  const lines = sink.text.split('\r\n');
  assert.equal(lines[0], CSV_HEADERS.ticks);
  assert.equal(lines[1], `2022-11-01T09:15:00.000+05:30,${from},NSE_INDEX|Nifty 50,18130.7,,,,,,,,${from}`);
  assert.equal(lines.at(-1), '', 'ends with a line break');
  assert.equal(done.rows, 22486, 'session seconds in the file (375 minutes less the 14 s missing at 10:51)');
  assert.equal(lines.length, 22486 + 2);
  assert.deepEqual(progress, [5000, 10000, 15000, 20000, 22486]);
  for (const l of lines.slice(1, -1)) {
    const [iso, ms] = l.split(',');
    assert.equal(Date.parse(iso!), Number(ms));
  }
  assert.equal(done.bytes, Buffer.byteLength(sink.text));
});

test('export candles of an interval and rejects bad requests with the cause', async () => {
  await imported;
  const r = new StoreReader(niftyFile);
  const sink = new Sink();
  await exportCsv(r, { kind: 'candles', interval: '5m', from: istEpoch('2022-11-01', 9, 0), to: istEpoch('2022-11-01', 9, 25), instruments: [NIFTY.key] }, sink);
  assert.deepEqual(sink.text.split('\r\n').slice(0, 2), [CSV_HEADERS.candles, `2022-11-01T09:15:00.000+05:30,${istEpoch('2022-11-01', 9, 15)},NSE_INDEX|Nifty 50,5m,18130.7,18130.7,18091.55,18099.45,0,`]);
  await assert.rejects(exportCsv(r, { kind: 'candles', from: 0, to: 1, instruments: [NIFTY.key] }, new Sink()), (e: unknown) => e instanceof ExportError && /interval is required/.test(e.message));
  await assert.rejects(exportCsv(r, { kind: 'ticks', from: 5, to: 5, instruments: [NIFTY.key] }, new Sink()), /empty/);
  await assert.rejects(exportCsv(r, { kind: 'ticks', from: 0, to: 5 }, new Sink()), /name instruments/);
  r.close();
});

test('export waits for a slow sink and stops when cancelled', async () => {
  await imported;
  const r = new StoreReader(niftyFile);
  const sink = new Sink(2);
  const abort = new AbortController();
  const seen: number[] = [];
  await assert.rejects(
    exportCsv(r, { kind: 'ticks', from: 0, to: Number.MAX_SAFE_INTEGER, instruments: [NIFTY.key] }, sink, {
      signal: abort.signal, progressEvery: 2000, onProgress: (p) => { seen.push(p.rows); if (p.rows >= 4000) abort.abort(new Error('user cancelled')); },
    }),
    /user cancelled/,
  );
  assert.ok(seen.at(-1)! < 23519, 'stopped before the end');
  assert.ok(sink.writableLength <= 70 * 1024, `the sink never held more than about one chunk beyond its buffer (${sink.writableLength})`);
  assert.equal(sink.writableEnded, false, 'a cancelled export does not end the sink');
  r.close();
});

test('export ticks writes the same cells as the stored ticks read back: any scale, absent fields, many instruments', async () => {
  const file = join(dir, 'cells.db');
  const store = await openTickStore({ file, batchMs: 20, log });
  store.registerInstrument({ key: 'MCX_FO|milli', priceScale: 1000 });
  store.registerInstrument({ key: 'X|"quoted",key', priceScale: 4 });
  const t0 = Date.parse('2026-11-20T09:15:59.990+05:30');
  for (let i = 0; i < 300; i++) {
    const ts = t0 + i * 7;
    store.append({ key: 'MCX_FO|milli', exchangeTs: ts, receiveTs: ts + (i % 5) - 2, ltp: 1234.5 + (i % 11) * 0.001, ltq: i % 3 === 0 ? undefined : 10, volume: 1000 + i * 10, bids: [{ price: 1234.4, qty: 5 }] });
    store.append({ key: 'X|"quoted",key', exchangeTs: ts, receiveTs: ts, ltp: 0.25 * (i % 9), asks: [{ price: 3.75, qty: 1 }], oi: 2 ** 40 + i });
    store.append({ key: 'NSE_INDEX|Nifty 50', exchangeTs: ts + 3, receiveTs: ts + 3, ltp: 24000.05 + i });
  }
  await store.close();
  const r = new StoreReader(file);
  const sink = new Sink();
  const sel = { instruments: ['MCX_FO|milli', 'X|"quoted",key', 'NSE_INDEX|Nifty 50'] };
  const done = await exportCsv(r, { kind: 'ticks', from: t0, to: t0 + 1500, ...sel }, sink);
  const iso = new IsoInZone('Asia/Kolkata');
  const want: string[] = [CSV_HEADERS.ticks];
  for (const x of r.ticks(r.select(sel), t0, t0 + 1500)) {
    want.push([iso.format(x.exchangeTs), x.exchangeTs, text(x.key), num(x.ltp), num(x.ltq), num(x.bid), num(x.bidQty), num(x.ask), num(x.askQty), num(x.volume), num(x.oi), x.receiveTs].join(','));
  }
  r.close();
  assert.equal(done.rows, want.length - 1);
  assert.ok(done.rows > 400 && done.rows < 900, `rows in range: ${done.rows}`);
  assert.deepEqual(sink.text.split('\r\n'), [...want, '']);
  assert.ok(sink.text.includes(',"X|""quoted"",key",2,'), 'quoted key, price 2 from scale 4');
  assert.ok(sink.text.includes(',1234.5,,1234.4,5,,,1000,,'), 'absent ltq');
  assert.ok(sink.text.includes(',1234.501,10,1234.4,5,,,1010,,'), 'milli prices');
});

test('a tick equal in every field to the previous one of its instrument (a resent snapshot) is counted, not stored', async () => {
  const file = join(dir, 'dups.db');
  const tick = { key: 'NSE_FO|1', exchangeTs: Date.parse('2026-11-20T10:00:00+05:30'), receiveTs: Date.parse('2026-11-20T10:00:00.040+05:30'), ltp: 10.5, volume: 75 };
  let store = await openTickStore({ file, batchMs: 20, log });
  store.append(tick);
  store.append(tick);
  store.append({ ...tick, ltp: 10.55 });
  await store.close();
  assert.deepEqual([store.stats().written, store.stats().duplicates], [2, 1]);
  store = await openTickStore({ file, batchMs: 20, log });
  store.append({ ...tick, ltp: 10.55 }); // after a restart the last stored tick is read back to compare
  store.append(tick);
  await store.close();
  assert.deepEqual([store.stats().written, store.stats().duplicates], [1, 1]);
  const r = new StoreReader(file);
  assert.deepEqual(Array.from(r.ticks(r.instruments(), 0, Number.MAX_SAFE_INTEGER), (x) => x.ltp), [10.5, 10.55, 10.5]);
  r.close();
});

test('an unreadable ticks CSV rejects with the error of its file instead of hanging', async () => {
  const store = await openTickStore({ file: join(dir, 'missing-import.db'), batchMs: 20, log });
  try {
    await assert.rejects(
      importTicksCsv(createReadStream(join(dir, 'no-such-file.csv')), { store, instrument: NIFTY }),
      (err: Error) => /ENOENT/.test(err.message),
    );
  } finally {
    await store.close();
  }
});

// CSV import (real per-second NIFTY file and the other accepted formats) and CSV export
// (header, ISO-8601 with +05:30 plus epoch ms, dot decimals, cancel, progress, backpressure).
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, test } from 'node:test';
import { exportCsv, ExportError, CSV_HEADERS } from '../../src/main/engine/store/csv-export.ts';
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

// The daily instrument-master cache and its streaming JSON-array parser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { JsonArrayParser, JsonStreamError } from '../../src/main/engine/feeds/common/json-array-stream.ts';
import { loadDailyMaster } from '../../src/main/engine/feeds/upstox/instrument-cache-node.ts';
import { parseMasterFile } from '../../src/main/engine/feeds/upstox/instrument-master-node.ts';
import { InstrumentMasterError } from '../../src/main/engine/feeds/upstox/instrument-master.ts';
import { lastMasterRefresh, masterDownloadDue } from '../../src/main/engine/feeds/upstox/master-schedule.ts';
import { buildUniverse } from '../../src/main/sim/universe.ts';
import { instrumentMasterRecords } from '../../src/main/sim/instrument-master.ts';

const ist = (iso: string): number => Date.parse(`${iso}+05:30`);

function parseAll(text: string, chunk: number): unknown[] {
  const out: unknown[] = [];
  const p = new JsonArrayParser((v) => out.push(v));
  for (let i = 0; i < text.length; i += chunk) p.push(text.slice(i, i + chunk));
  p.end();
  return out;
}

test('JSON-array parser: the same elements whatever the chunk boundaries, strings with brackets and escapes included', () => {
  const values = [{ a: 1, s: 'x,]}"\\y', n: [1, [2, { b: null }]] }, [], 3.5e-3, 'str"ing', null, true, false, {}, -1.5, 'ü€😀'];
  const text = ` \n${JSON.stringify(values, null, 1)}\n `;
  for (let k = 1; k <= text.length; k++) assert.deepEqual(parseAll(text, k), values, `chunk size ${k}`);
  assert.deepEqual(parseAll('[]', 1), []);
  assert.deepEqual(parseAll('\ufeff[ 1 ]', 2), [1]);
});

test('JSON-array parser: malformed input fails with the element and the offset', () => {
  const cases: [string, RegExp][] = [
    ['', /empty input/],
    ['{"a":1}', /expected '\[' .*at character 0/],
    ['[1,]', /trailing comma.*at character 3/],
    ['[1,,2]', /missing element before ',' \(after 1 elements\)/],
    ['[1, 2', /unexpected end of input inside the array after 1 elements/],
    ['[{"a": 1}, {"b": }]', /element 1 is not valid JSON/],
    ['[1] 2', /unexpected "2" after the end of the array \(at character 4\)/],
    ['[{"a":"unterminated}]', /unexpected end of input/],
  ];
  for (const [text, want] of cases) {
    assert.throws(() => parseAll(text, 3), (e: unknown) => e instanceof JsonStreamError && want.test(e.message), `input ${JSON.stringify(text)}`);
  }
});

test('parseMasterFile streams a large gzipped master (200,000 records) and keeps only live options of the wanted underlyings', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'optick-master-'));
  try {
    const today = '2026-11-21';
    const records: object[] = [{ instrument_type: 'INDEX', trading_symbol: 'NIFTY', instrument_key: 'NSE_INDEX|Nifty 50', segment: 'NSE_INDEX' }];
    for (let i = 0; i < 200_000; i++) {
      const expired = i % 10 === 0;
      records.push({
        segment: i % 4 === 3 ? 'NSE_EQ' : 'NSE_FO', instrument_type: i % 2 ? 'CE' : 'PE', underlying_symbol: i % 5 === 4 ? 'RELIANCE' : 'NIFTY',
        instrument_key: `NSE_FO|${i}`, expiry: expired ? ist('2026-11-20T23:59:59') : ist('2026-11-24T23:59:59'), strike_price: 20000 + 50 * (i % 200),
        lot_size: 65, tick_size: 5, trading_symbol: `NIFTY ${20000 + 50 * (i % 200)} CE 24 NOV 26`, name: 'NIFTY', exchange: 'NSE', weekly: true,
      });
    }
    const file = join(dir, 'big.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify(records)));
    const parsed = await parseMasterFile(file, ['NIFTY'], today);
    assert.equal(parsed.records, 200_001);
    const wantedFo = records.slice(1).filter((_, i) => i % 4 !== 3 && i % 5 !== 4);
    const expired = wantedFo.filter((r) => (r as { expiry: number }).expiry < ist('2026-11-21T00:00:00')).length;
    assert.equal(parsed.expired, expired);
    assert.equal(parsed.kept.length, 1 + wantedFo.length - expired);
    // Truncated file: a clear error, not a partial list.
    writeFileSync(file, gzipSync(JSON.stringify(records).slice(0, 5000)));
    await assert.rejects(parseMasterFile(file, ['NIFTY'], today), (e: unknown) => e instanceof InstrumentMasterError && /big\.json\.gz is unreadable: unexpected end of input/.test((e as Error).message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('refresh rule: stale when downloaded before the latest 06:00 IST', () => {
  assert.equal(lastMasterRefresh(ist('2026-11-21T10:00:00')), ist('2026-11-21T06:00:00'));
  assert.equal(lastMasterRefresh(ist('2026-11-21T05:59:59')), ist('2026-11-20T06:00:00'));
  const meta = { url: 'u', downloaded_at: ist('2026-11-21T07:00:00'), bytes: 1 };
  assert.equal(masterDownloadDue(meta, 'u', ist('2026-11-21T23:00:00')), false);
  assert.equal(masterDownloadDue(meta, 'u', ist('2026-11-22T05:00:00')), false);
  assert.equal(masterDownloadDue(meta, 'u', ist('2026-11-22T06:00:00')), true);
  assert.equal(masterDownloadDue(meta, 'other', ist('2026-11-21T08:00:00')), true);
  assert.equal(masterDownloadDue(null, 'u', ist('2026-11-21T08:00:00')), true);
});

// A loopback stand-in for assets.upstox.com that counts requests and fails on command.
let server: Server;
let url: string;
let requests = 0;
let mode: 'ok' | 'fail' | 'garbage' = 'ok';
let masterGz: Buffer;

before(async () => {
  masterGz = gzipSync(JSON.stringify(instrumentMasterRecords(buildUniverse(ist('2026-11-21T09:00:00'), new Set()))));
  server = createServer((_req, res) => {
    requests++;
    if (mode === 'fail') return void res.writeHead(503).end('down');
    res.writeHead(200, { 'Content-Type': 'application/gzip' }).end(mode === 'garbage' ? gzipSync('[{"broken": ') : masterGz);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/market-quote/instruments/exchange/NSE.json.gz`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

test('daily cache: one download per IST day after 06:00, cached copy otherwise, fallback with a warning, expired contracts dropped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'optick-cache-'));
  try {
    let now = ist('2026-11-21T10:00:00');
    const load = () => loadDailyMaster({ dir, url, underlyings: ['NIFTY', 'BANKNIFTY'], now: () => now });
    await assert.rejects(loadDailyMaster({ dir: join(dir, 'empty'), url: url.replace(/\/[^/]*$/, '/x'), underlyings: ['NIFTY'], now: () => now, fetch: () => Promise.reject(new Error('offline')) }),
      /download .* failed: offline; no cached copy/);
    const first = await load();
    assert.equal(requests, 1);
    assert.equal(first.source, 'download');
    assert.equal(first.warning, null);
    assert.ok(existsSync(join(dir, 'NSE.json.gz')));
    const expiries = first.registry.expiries('NIFTY');
    assert.ok(expiries.length >= 5, `NIFTY expiries ${expiries.join(',')}`);

    now = ist('2026-11-21T20:00:00');
    const second = await load();
    assert.equal(requests, 1, 'same IST day: no request');
    assert.equal(second.source, 'cache');
    assert.deepEqual(second.registry.expiries('NIFTY'), expiries);

    now = ist('2026-11-22T05:30:00');
    await load();
    assert.equal(requests, 1, 'before the 06:00 refresh: the copy is still the newest');

    now = ist('2026-11-22T06:30:00');
    assert.equal((await load()).source, 'download');
    assert.equal(requests, 2);

    // The nearest weekly expires: a week later it is dropped, and counted.
    mode = 'fail';
    now = ist('2026-11-28T07:00:00');
    const fallback = await load();
    assert.equal(requests, 3);
    assert.equal(fallback.source, 'cache');
    assert.match(fallback.warning!, /download from .* failed: HTTP 503; using the cached copy downloaded at 06:30 IST on 2026-11-22/);
    assert.ok(fallback.expired_dropped > 0);
    assert.ok(!fallback.registry.expiries('NIFTY').includes(expiries[0]!), 'expired expiry dropped');

    // A download that is not a valid master never replaces the cache.
    mode = 'garbage';
    const before = readFileSync(join(dir, 'NSE.json.gz'));
    const kept = await load();
    assert.equal(kept.source, 'cache');
    assert.match(kept.warning!, /unreadable/);
    assert.deepEqual(readFileSync(join(dir, 'NSE.json.gz')), before);
    assert.equal(existsSync(join(dir, 'NSE.json.gz.part')), false);
  } finally {
    mode = 'ok';
    rmSync(dir, { recursive: true, force: true });
  }
});

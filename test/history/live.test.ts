// Tick history in the running app, end to end on loopback: the real simulator → Upstox adapter →
// engine → HistoryService (SQLite file in a temp dir) → /api/candles, candle pushes, CSV exports.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import type { Candle } from '../../src/shared/history.ts';
import type { HistoryStatus, WatchedChart } from '../../src/shared/replay.ts';
import { CSV_HEADERS } from '../../src/main/engine/store/csv-export.ts';
import type { OptickRuntime } from '../../src/main/host/runtime.ts';
import type { ServerHost } from '../../src/main/host/server.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';
import { allDaySession, offGrid, sleep, until, WsClient } from './helpers.ts';

const TOKEN = 'history-test-token-0123';
const FLUSH_MS = 50;
let t: TestHost;
let runtime: OptickRuntime;
let host: ServerHost;
let client: WsClient;
let t0: number;

const get = (path: string, init: RequestInit = {}) => fetch(`${host.url}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}` } });
const json = <T>(path: string) => t.json<T>(path);

before(async () => {
  t0 = Date.now();
  t = await startTestHost(TOKEN, {
    feed: { kind: 'sim', seed: 11, rate: 1500 }, underlyings: ['NIFTY'], flushMs: FLUSH_MS,
    history: { session: await allDaySession(), snapshotMs: 400, store: { batchMs: 100 } },
  });
  ({ runtime, host } = t);
  client = await WsClient.open(host.url, TOKEN);
});

after(async () => {
  client?.close();
  await t?.close();
});

describe('tick history while live', () => {
  it('pushes the live bar of a watched chart, at most once per flush interval', async () => {
    const watched = await client.call<WatchedChart>('history.watch_candles', { symbol: 'NIFTY', interval: '1m' });
    assert.equal(watched.instrument, 'NSE_INDEX|Nifty 50');
    const first = await until('a candle push', () => client.pushes.find((p) => p.type === 'candle'));
    const start = client.pushes.indexOf(first);
    await sleep(1000);
    const bars = client.pushes.slice(start).filter((p) => p.type === 'candle');
    assert.ok(bars.length >= 2, `${bars.length} pushes in a second`);
    assert.ok(bars.length <= 1000 / FLUSH_MS + 2, `${bars.length} pushes in a second exceeds one per ${FLUSH_MS} ms`);
    for (const p of bars) {
      assert.equal(p.type === 'candle' && p.symbol, 'NIFTY');
      assert.equal(p.type === 'candle' && offGrid(p.bar.time, 60_000), 0);
    }
  });

  it('stores the ticks; history.status shows written and dropped', async () => {
    await until('ticks written', async () => (await client.call<HistoryStatus>('history.status', {})).store!.written > 500);
    const s = await client.call<HistoryStatus>('history.status', {});
    assert.equal(s.recording, true);
    assert.equal(s.file, join(t.dataDir, 'ticks.db'));
    assert.equal(s.store!.dropped, 0);
    assert.equal(s.watched_charts, 1);
    assert.ok(s.candles.accepted > 0);
  });

  it('/api/candles: bars on the 09:15 IST grid whose last bar is the live bar; options by OpenAlgo symbol', async () => {
    const chain = await json<OptionChainModel>('/api/option-chain/NIFTY');
    const leg = chain.options.find((r) => r.ce_data?.ltp != null)!.ce_data!;
    await until('the chain snapshot timer', () => runtime.history.status().chain_snapshots_taken > 0);
    // Freeze the market so the stored bars and the live bar see the same ticks.
    runtime.engine.setFeedPhase('offline');
    await sleep(300);
    await runtime.history.flush();
    const from = t0 - 60_000;
    const to = Date.now() + 60_000;
    for (const interval of ['1m', '5m', '15s'] as const) {
      const bars = await json<Candle[]>(`/api/candles?symbol=NIFTY&interval=${interval}&from=${from}&to=${to}`);
      assert.ok(bars.length > 0, `${interval}: no bars`);
      const len = interval === '1m' ? 60_000 : interval === '5m' ? 300_000 : 15_000;
      for (const b of bars) {
        assert.equal(offGrid(b.time, len), 0, `${interval} bar at ${new Date(b.time).toISOString()} is off the 09:15 IST grid`);
        assert.ok(b.low <= Math.min(b.open, b.close) && b.high >= Math.max(b.open, b.close));
      }
      for (let i = 1; i < bars.length; i++) assert.ok(bars[i]!.time > bars[i - 1]!.time);
      const { bar } = await client.call<WatchedChart>('history.watch_candles', { symbol: 'NIFTY', interval });
      assert.deepEqual(bars.at(-1), bar, `${interval}: last bar is the live bar`);
    }
    const optionBars = await json<Candle[]>(`/api/candles?symbol=${leg.symbol}&interval=1m&from=${from}&to=${to}`);
    assert.ok(optionBars.length > 0, `${leg.symbol}: no bars`);
    assert.ok(optionBars.every((b) => b.oi !== null), 'option bars carry OI');
  });

  it('/api/candles: unknown symbol 404 naming it; bad interval or range 400', async () => {
    const r404 = await get(`/api/candles?symbol=NIFTY01JAN2099000CE&interval=1m&from=${t0 - 3_600_000}&to=${Date.now()}`);
    assert.equal(r404.status, 404);
    assert.match(((await r404.json()) as { error: { message: string } }).error.message, /NIFTY01JAN2099000CE/);
    assert.equal((await get(`/api/candles?symbol=NIFTY&interval=2m&from=${t0 - 3_600_000}&to=${Date.now()}`)).status, 400);
    assert.equal((await get('/api/candles?symbol=NIFTY&interval=1m&from=200&to=100')).status, 400);
    assert.equal((await get('/api/candles?symbol=NIFTY&interval=1m&from=yesterday&to=100')).status, 400);
  });

  it('/api/export/*.csv streams CSV with a header, ISO-8601 +05:30 and epoch ms', async () => {
    const span = `from=${t0 - 60_000}&to=${Date.now() + 60_000}`;
    for (const [kind, query] of [['ticks', 'symbols=NIFTY'], ['candles', 'symbols=NIFTY&interval=1m'], ['chain', 'underlying=NIFTY']] as const) {
      const r = await get(`/api/export/${kind}.csv?${span}&${query}`);
      assert.equal(r.status, 200, `${kind}: ${r.status}`);
      assert.match(r.headers.get('content-type')!, /^text\/csv/);
      assert.match(r.headers.get('content-disposition')!, /^attachment; filename="optick-.+\.csv"$/);
      const lines = (await r.text()).split('\r\n').filter(Boolean);
      assert.equal(lines[0], CSV_HEADERS[kind]);
      assert.ok(lines.length > 1, `${kind}: no rows`);
      for (const line of lines.slice(1, 50)) {
        const [iso, ms] = line.split(',');
        assert.match(iso!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+05:30$/);
        assert.equal(Date.parse(iso!), Number(ms), `${kind}: ${iso} is not ${ms}`);
      }
    }
    assert.equal((await get(`/api/export/ticks.csv?${span}`)).status, 400, 'ticks without symbols');
    assert.equal((await get(`/api/export/candles.csv?${span}&symbols=NIFTY`)).status, 400, 'candles without interval');
  });

  it('an export stops cleanly when the client goes away; the server keeps serving', async () => {
    const abort = new AbortController();
    const r = await get(`/api/export/ticks.csv?from=${t0 - 3_600_000}&to=${Date.now() + 60_000}&underlying=NIFTY`, { signal: abort.signal });
    assert.equal(r.status, 200);
    const reader = r.body!.getReader();
    const { value } = await reader.read();
    assert.ok(value && value.length > 0);
    abort.abort();
    await sleep(200);
    const again = await get(`/api/export/ticks.csv?from=${t0 - 3_600_000}&to=${Date.now() + 60_000}&symbols=NIFTY`);
    assert.equal(again.status, 200);
    assert.ok((await again.text()).startsWith(CSV_HEADERS.ticks));
  });

  it('history.export writes a file under <dataDir>/exports with progress pushes; export_cancel stops one', async () => {
    const { id, file } = await client.call<{ id: string; file: string }>('history.export', { kind: 'candles', from: t0 - 60_000, to: Date.now() + 60_000, symbols: ['NIFTY'], interval: '1m' });
    assert.ok(file.startsWith(join(t.dataDir, 'exports')));
    const done = await until('export done', () => client.pushes.find((p) => p.type === 'export.progress' && p.id === id && p.done));
    assert.equal(done.type === 'export.progress' && done.error, null);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith(CSV_HEADERS.candles));
    assert.equal(done.type === 'export.progress' && done.bytes, Buffer.byteLength(text));

    const big = await client.call<{ id: string; file: string }>('history.export', { kind: 'ticks', from: t0 - 3_600_000, to: Date.now() + 60_000, underlying: 'NIFTY' });
    await client.call('history.export_cancel', { id: big.id }).catch((e: { code?: string }) => assert.equal(e.code, 'bad_request')); // may have finished already
    const end = await until('cancelled export settles', () => client.pushes.find((p) => p.type === 'export.progress' && p.id === big.id && p.done));
    if (end.type === 'export.progress' && end.error !== null) {
      assert.equal(end.error, 'cancelled');
      assert.equal(existsSync(big.file), false, 'a cancelled export leaves no partial file');
    }
    await assert.rejects(client.call('history.export', { kind: 'candles', from: t0, to: t0 + 1, symbols: ['NIFTY'] }), /interval/);
    await assert.rejects(client.call('replay.status', {}), /no replay/);
  });
});

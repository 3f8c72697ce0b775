// Open charts (focus, cap of four, interval switch, close) and the CSV export form (IST times,
// validation, the request and the download URL).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeChart, createChartsStore, MAX_CHARTS, openChart, setChartInterval } from '../../src/renderer/stores/charts-store.ts';
import { defaultExportForm, downloadUrl, exportRequest, formatBytes, fromIstWall, symbolList, toIstWall } from '../../src/renderer/components/history/export-form.ts';

describe('charts store', () => {
  it('opens, focuses an open symbol instead of doubling it, and keeps at most four', () => {
    const store = createChartsStore();
    const a = openChart(store, 'NIFTY');
    openChart(store, 'NIFTY23NOV2626000CE', '5s');
    assert.equal(openChart(store, 'NIFTY', '1s'), a);
    let s = store.getState();
    assert.equal(s.charts.length, 2);
    assert.equal(s.focused, a);
    assert.equal(s.charts[0]!.interval, '1s');
    for (const sym of ['A', 'B', 'C']) openChart(store, sym);
    s = store.getState();
    assert.equal(s.charts.length, MAX_CHARTS);
    assert.deepEqual(s.charts.map((c) => c.symbol), ['NIFTY23NOV2626000CE', 'A', 'B', 'C']);
  });

  it('switches one chart\'s interval and closes charts, moving the focus', () => {
    const store = createChartsStore();
    const a = openChart(store, 'NIFTY');
    const b = openChart(store, 'BANKNIFTY');
    setChartInterval(store, a, '15m');
    assert.equal(store.getState().charts.find((c) => c.id === a)!.interval, '15m');
    assert.equal(store.getState().focused, a);
    const before = store.getState();
    setChartInterval(store, a, '15m');
    assert.equal(store.getState(), before, 'no change, no new state');
    closeChart(store, a);
    assert.deepEqual(store.getState().charts.map((c) => c.id), [b]);
    assert.equal(store.getState().focused, b);
    closeChart(store, b);
    assert.equal(store.getState().focused, null);
  });
});

describe('export form', () => {
  // 2026-11-23 10:02:31 IST
  const now = Date.UTC(2026, 10, 23, 4, 32, 31);

  it('IST wall times round-trip, whatever the host zone; nonsense is refused', () => {
    assert.equal(toIstWall(now), '2026-11-23T10:02');
    assert.equal(fromIstWall('2026-11-23T09:15'), Date.UTC(2026, 10, 23, 3, 45));
    assert.equal(fromIstWall('2026-11-23T00:10'), Date.UTC(2026, 10, 22, 18, 40));
    assert.equal(fromIstWall('2026-02-30T09:15'), null);
    assert.equal(fromIstWall('23/11/2026 09:15'), null);
  });

  it('defaults to the session so far: 09:15 IST today to the next minute', () => {
    const f = defaultExportForm(now, 'NIFTY', '2026-11-23', ['NIFTY23NOV2626000CE']);
    assert.deepEqual([f.from, f.to, f.kind, f.scope, f.underlying, f.expiry, f.symbols], ['2026-11-23T09:15', '2026-11-23T10:03', 'candles', 'chain', 'NIFTY', '2026-11-23', 'NIFTY23NOV2626000CE']);
    const early = defaultExportForm(Date.UTC(2026, 10, 23, 2, 0), 'NIFTY', null, []);
    assert.equal(early.from, '2026-11-22T09:15', 'before the open: from the previous day');
  });

  it('builds the request for the chain or for listed symbols, interval only for candles', () => {
    const f = defaultExportForm(now, 'NIFTY', '2026-11-23', []);
    assert.deepEqual(exportRequest(f), {
      request: { kind: 'candles', from: Date.UTC(2026, 10, 23, 3, 45), to: Date.UTC(2026, 10, 23, 4, 33), underlying: 'NIFTY', expiry: '2026-11-23', interval: '1m' },
    });
    const ticks = exportRequest({ ...f, kind: 'ticks', scope: 'symbols', symbols: 'nifty23nov2626000ce, NIFTY\nNIFTY' });
    assert.ok('request' in ticks);
    assert.deepEqual(ticks.request.symbols, ['NIFTY23NOV2626000CE', 'NIFTY']);
    assert.equal(ticks.request.interval, undefined);
    assert.equal(ticks.request.underlying, undefined);
  });

  it('names what is wrong', () => {
    const f = defaultExportForm(now, 'NIFTY', '2026-11-23', []);
    assert.deepEqual(exportRequest({ ...f, to: f.from }), { error: 'To must be after From' });
    assert.deepEqual(exportRequest({ ...f, from: 'x' }), { error: "From is not a date and time: 'x'" });
    assert.deepEqual(exportRequest({ ...f, scope: 'symbols', symbols: ' , ' }), { error: 'List at least one symbol' });
    assert.deepEqual(exportRequest({ ...f, underlying: '' }), { error: 'No underlying is shown yet' });
  });

  it('download URL carries the same request and no token (the session cookie authenticates it)', () => {
    const url = downloadUrl({ kind: 'candles', from: 1, to: 2, symbols: ['NIFTY', 'X'], interval: '5m' });
    assert.equal(url, '/api/export/candles.csv?from=1&to=2&symbols=NIFTY%2CX&interval=5m');
    assert.equal(downloadUrl({ kind: 'chain', from: 1, to: 2, underlying: 'NIFTY', expiry: '2026-11-23' }), '/api/export/chain.csv?from=1&to=2&underlying=NIFTY&expiry=2026-11-23');
  });

  it('sizes and symbol lists', () => {
    assert.deepEqual([formatBytes(532), formatBytes(12_700), formatBytes(3.1 * 1024 ** 2)], ['532 B', '12.4 KB', '3.1 MB']);
    assert.deepEqual(symbolList(''), []);
  });
});

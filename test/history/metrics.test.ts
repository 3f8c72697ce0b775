// Intraday metric history end to end on loopback: the simulator → engine → chain snapshots in
// the SQLite store (a temp dir) → GET /api/metrics, /api/metrics.csv and history.metrics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import { METRICS_CSV_COLUMNS, type MetricsPoint } from '../../src/shared/metrics.ts';
import { historyOf } from '../../src/main/engine/history/history-service.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';
import { allDaySession, until, WsClient } from './helpers.ts';

const TOKEN = 'metrics-test-token-0123';
let t: TestHost;
let client: WsClient;
let expiry: string;
const t0 = Date.now() - 60_000;

before(async () => {
  t = await startTestHost(TOKEN, {
    feed: { kind: 'sim', seed: 5, rate: 1500 }, underlyings: ['NIFTY'],
    history: { session: await allDaySession(), snapshotMs: 300, store: { batchMs: 100 } },
  });
  client = await WsClient.open(t.host.url, TOKEN);
  const chain = await until('a priced chain with whole-expiry OI', async () => {
    const c = await t.json<OptionChainModel>('/api/option-chain/NIFTY');
    return c.forward !== null && c.market_metrics.pcr !== null && c.market_metrics.strikes_quoted === c.market_metrics.strikes_total ? c : null;
  }, 30_000);
  expiry = chain.expiry;
});

after(async () => {
  client?.close();
  await t?.close();
});

const range = () => `underlying=NIFTY&expiry=${expiry}&from=${t0}&to=${Date.now() + 60_000}`;

describe('intraday metric history', () => {
  it('stores a point per snapshot with the whole-expiry PCR, max pain, ATM IV, straddle, OI per side and forward', async () => {
    await until('three snapshots stored', async () => {
      await historyOf(t.runtime.engine)!.flush();
      return (await t.json<MetricsPoint[]>(`/api/metrics?${range()}`)).filter((p) => p.pcr !== null && p.forward !== null).length >= 3;
    }, 30_000);
    const points = await t.json<MetricsPoint[]>(`/api/metrics?${range()}`);
    for (let i = 1; i < points.length; i++) assert.ok(points[i]!.ts >= points[i - 1]!.ts, 'oldest first');
    const p = points.at(-1)!;
    for (const k of ['pcr', 'pcr_volume', 'max_pain', 'atm_iv', 'atm_straddle', 'total_ce_oi', 'total_pe_oi', 'forward', 'spot', 'pcr_shown'] as const) {
      assert.equal(typeof p[k], 'number', `${k} is stored (${JSON.stringify(p)})`);
    }
    assert.equal(p.pcr, p.total_pe_oi! / p.total_ce_oi!, 'PCR is the whole-expiry OI ratio');
    // The contract method answers the same points.
    const viaWs = await client.call<MetricsPoint[]>('history.metrics', { underlying: 'NIFTY', expiry, from: t0, to: p.ts + 1 });
    assert.deepEqual(viaWs.at(-1), p);
  });

  it('exports the same points as CSV', async () => {
    const json = await t.json<MetricsPoint[]>(`/api/metrics?${range()}`);
    const r = await t.get(`/api/metrics.csv?${range()}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /text\/csv/);
    const lines = (await r.text()).trim().split('\n');
    assert.equal(lines[0], METRICS_CSV_COLUMNS.join(','));
    assert.ok(lines.length - 1 >= json.length, `${lines.length - 1} rows for ${json.length} points`);
    const first = lines[1]!.split(',');
    assert.equal(Number(first[1]), json[0]!.ts);
    assert.equal(first[2], 'NIFTY');
    assert.equal(first[METRICS_CSV_COLUMNS.indexOf('pcr')], json[0]!.pcr === null ? '' : String(json[0]!.pcr));
    const last = lines[json.length]!.split(',');
    assert.equal(Number(last[METRICS_CSV_COLUMNS.indexOf('max_pain')]), json.at(-1)!.max_pain);
  });

  it('a range over 31 days → 400; unknown expiry or underlying → 404; bad expiry → 400', async () => {
    const now = Date.now();
    let r = await t.get(`/api/metrics?underlying=NIFTY&expiry=${expiry}&from=${now - 32 * 86_400_000}&to=${now}`);
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as { error: { message: string } }).error.message, /31-day limit/);
    r = await t.get(`/api/metrics?underlying=NIFTY&expiry=${expiry}&from=${now - 31 * 86_400_000}&to=${now}`);
    assert.equal(r.status, 200, 'exactly 31 days is allowed');
    r = await t.get(`/api/metrics?underlying=NIFTY&expiry=2001-01-04&from=${now - 86_400_000}&to=${now}`);
    assert.equal(r.status, 404);
    assert.match(((await r.json()) as { error: { message: string } }).error.message, /2001-01-04/);
    r = await t.get(`/api/metrics?underlying=NOPE&expiry=${expiry}&from=${now - 86_400_000}&to=${now}`);
    assert.equal(r.status, 404);
    r = await t.get(`/api/metrics?underlying=NIFTY&expiry=tomorrow&from=${now - 86_400_000}&to=${now}`);
    assert.equal(r.status, 400);
    r = await t.get(`/api/metrics.csv?underlying=NIFTY&expiry=${expiry}&from=${now - 40 * 86_400_000}&to=${now}`);
    assert.equal(r.status, 400);
  });
});

// Finding 5: a candles.csv export without `expiry` used to block the event loop ~2 s, and eight at
// once made /health take 17.5 s. Exports now run in export workers: /health stays fast while eight
// exports of a whole option book run at once on a real populated ticks.db behind the server host.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CSV_HEADERS } from '../../src/main/engine/store/csv-export.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';
import { populateStore } from '../store/populated-store.ts';

const TOKEN = 'export-latency-token-0123';
let t: TestHost;

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'optick-export-latency-'));
  await populateStore(join(dataDir, 'ticks.db'), { options: 600, ticks: 120_000 });
  t = await startTestHost(TOKEN, { dataDir, underlyings: ['NIFTY'], feed: { kind: 'sim', seed: 3, rate: 200 } });
});
after(async () => { await t?.close(); });

const p = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

describe('CSV exports and the event loop', () => {
  it('/health answers fast while eight exports of any range run at once', async () => {
    const range = 'from=2026-11-19&to=2026-11-21';
    const paths = [
      `/api/export/candles.csv?underlying=NIFTY&interval=1m&${range}`,
      `/api/export/candles.csv?underlying=NIFTY&interval=5s&${range}`,
      `/api/export/candles.csv?underlying=NIFTY&interval=1h&${range}`,
      `/api/export/ticks.csv?underlying=NIFTY&${range}`,
      `/api/export/candles.csv?underlying=NIFTY&interval=1m&${range}`,
      `/api/export/candles.csv?underlying=NIFTY&interval=15s&${range}`,
      `/api/export/ticks.csv?underlying=NIFTY&${range}`,
      `/api/export/candles.csv?underlying=NIFTY&interval=1d&${range}`,
    ];
    const sample = async (): Promise<number> => {
      const s = performance.now();
      await (await fetch(`${t.host.url}/health`)).text();
      return performance.now() - s;
    };
    // The same probe with no export running: how loaded the machine is anyway.
    const idle: number[] = [];
    for (const end = Date.now() + 3000; Date.now() < end;) {
      idle.push(await sample());
      await new Promise((res) => setTimeout(res, 10));
    }
    const idleP99 = p([...idle].sort((a, b) => a - b), 0.99);
    let running = true;
    // Bodies are consumed as streams (counting lines), as a download would: the test's own client
    // shares the server's event loop and must not add big strings of its own.
    const exports = Promise.all(paths.map(async (path) => {
      const r = await t.get(path);
      assert.equal(r.status, 200, path);
      let head = '';
      let lines = 0;
      for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
        if (head.length < 200) head += Buffer.from(chunk).toString('latin1', 0, 200);
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
      }
      return { path, header: head.split('\r\n')[0], rows: lines - 1 };
    })).finally(() => { running = false; });
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const latencies: number[] = [];
    while (running) {
      latencies.push(await sample());
      await new Promise((res) => setTimeout(res, 10));
    }
    loop.disable();
    const results = await exports;
    for (const { path, header, rows } of results) {
      assert.equal(header, path.includes('ticks.csv') ? CSV_HEADERS.ticks : CSV_HEADERS.candles, path);
      assert.ok(rows > 0, `${path}: no rows`);
    }
    const ticks = results.find((r) => r.path.includes('ticks.csv'))!;
    assert.ok(ticks.rows >= 120_000, `ticks export has ${ticks.rows} rows`);
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(`/health idle p99 ${idleP99.toFixed(1)} ms; during 8 exports: ${latencies.length} samples, p50 ${p(sorted, 0.5).toFixed(1)} ms, p99 ${p(sorted, 0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms; event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`);
    const p99 = p(sorted, 0.99);
    assert.ok(latencies.length >= 5, `only ${latencies.length} /health samples`);
    // Loose bound for a loaded 2-core box (plus what the box adds with no export at all); before
    // exports ran in workers this took seconds. bench/faults-store.ts reports the real p99.
    assert.ok(p99 < 250 + idleP99, `/health p99 ${p99.toFixed(1)} ms (max ${sorted.at(-1)!.toFixed(1)} ms, ${latencies.length} samples) during 8 exports; idle p99 ${idleP99.toFixed(1)} ms`);
  });
});

// Soak: the whole app (simulator in its worker, engine, pricing pool, tick store, server host)
// in this process, one UI client over the WebSocket watching two chains × three expiries.
// Every --every s it samples RSS, heap, active handles, the tick store's WAL and file size,
// and latency (socket → delta received by the client; the engine's socket → delta sent), then
// prints the growth per hour of each (least-squares slope after the first minute). One JSON
// object on stdout; each sample also goes to stderr as it is taken.
//   npm run bench -- soak --minutes 60 [--rate 2000] [--every 30]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TICKS_DB } from '../src/main/engine/history/history-service.ts';
import { startRuntime } from '../src/main/host/runtime.ts';
import { startServerHost } from '../src/main/host/server.ts';
import { LatencyWindow, monoNow } from '../src/shared/latency.ts';
import { connectClient } from './helpers/api-client.ts';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '2' }, rate: { type: 'string', default: '2000' }, every: { type: 'string', default: '30' } } });
const minutes = Number(values.minutes), rate = Number(values.rate), everyS = Number(values.every);
if (!(minutes > 0 && rate > 0 && everyS >= 1)) throw new Error('--minutes, --rate and --every must be positive');

const dataDir = mkdtempSync(join(tmpdir(), 'optick-soak-'));
const token = 'soak-token';
const log = (level: string, msg: string) => { if (level === 'error' || level === 'warn') console.error(`[${level}] ${msg}`); };
const runtime = await startRuntime({ dataDir, feed: { kind: 'sim', seed: 11, rate }, underlyings: ['NIFTY', 'BANKNIFTY'] }, log);
const host = await startServerHost({ engine: runtime.engine, hours: runtime.hours.api, token, port: 0, rendererDir: join(dataDir, 'no-renderer') });
const client = await connectClient(host.url, token);
const received = new LatencyWindow(everyS * 1000);
let deltas = 0;
client.onPush((push) => {
  if (push.type !== 'chain.delta') return;
  const now = monoNow();
  for (const d of push.deltas) { deltas++; if (d.oldest_receive !== undefined) received.add(now - d.oldest_receive, now); }
});
const chains: string[] = [];
for (const underlying of ['NIFTY', 'BANKNIFTY']) {
  const expiries = await client.call('chain.expiries', { underlying });
  for (const expiry of expiries.slice(0, 3)) { await client.call('chain.watch', { underlying, expiry }); chains.push(`${underlying} ${expiry}`); }
}

const size = (f: string) => { try { return statSync(join(dataDir, f)).size; } catch { return 0; } };
const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
interface Sample { t_min: number; rss_mb: number; heap_mb: number; handles: number; wal_mb: number; db_mb: number; ticks_per_s: number; client_p50_ms: number | null; client_p99_ms: number | null; engine_p50_ms: number | null; engine_p99_ms: number | null; deltas: number }
const samples: Sample[] = [];
const t0 = performance.now();
const take = () => {
  const m = process.memoryUsage();
  const status = runtime.engine.status();
  const lat = received.summary(monoNow());
  const eng = status.feeds[0]?.engine_latency_ms;
  const s: Sample = {
    t_min: Math.round(((performance.now() - t0) / 60_000) * 100) / 100, rss_mb: mb(m.rss), heap_mb: mb(m.heapUsed), handles: process.getActiveResourcesInfo().length,
    wal_mb: mb(size(`${TICKS_DB}-wal`)), db_mb: mb(size(TICKS_DB)), ticks_per_s: status.ticks_per_s,
    client_p50_ms: lat.p50, client_p99_ms: lat.p99, engine_p50_ms: eng?.p50 ?? null, engine_p99_ms: eng?.p99 ?? null, deltas,
  };
  samples.push(s);
  console.error(JSON.stringify(s));
};
const end = t0 + minutes * 60_000;
while (performance.now() < end) {
  await new Promise((r) => setTimeout(r, Math.min(everyS * 1000, Math.max(0, end - performance.now()))));
  take();
}
client.close();
await host.close();
await runtime.stop();
rmSync(dataDir, { recursive: true, force: true });

/** Least-squares slope per hour of `key` over the samples after the first minute (warm-up). */
const perHour = (key: keyof Sample) => {
  const pts = samples.filter((s) => s.t_min >= 1 && typeof s[key] === 'number');
  if (pts.length < 3) return null;
  const xs = pts.map((s) => s.t_min / 60), ys = pts.map((s) => s[key] as number);
  const mx = xs.reduce((a, b) => a + b) / xs.length, my = ys.reduce((a, b) => a + b) / ys.length;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0), den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return Math.round((num / den) * 10) / 10;
};
const max = (key: keyof Sample) => Math.max(...samples.map((s) => (s[key] as number | null) ?? 0));
console.log(JSON.stringify({
  bench: 'soak', minutes, sim_rate: rate, sample_every_s: everyS, chains, samples: samples.length,
  last: samples[samples.length - 1],
  peak: { rss_mb: max('rss_mb'), heap_mb: max('heap_mb'), handles: max('handles'), wal_mb: max('wal_mb'), client_p99_ms: max('client_p99_ms') },
  growth_per_hour: { rss_mb: perHour('rss_mb'), heap_mb: perHour('heap_mb'), handles: perHour('handles'), wal_mb: perHour('wal_mb'), db_mb: perHour('db_mb'), client_p99_ms: perHour('client_p99_ms') },
  note: 'one process: simulator worker + engine + pricing pool + tick store + server host; client latency = socket receive → delta parsed by the WebSocket client',
}));

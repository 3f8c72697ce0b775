// Soak: the whole app (engine, pricing pool, tick store, server host) in this process, one UI
// client over the WebSocket watching two chains × three expiries. The simulator runs in its own
// process (bench/soak/sim-child.ts), so RSS is the engine's own; `--sim worker` puts it back in a
// worker of this process as `optick serve` runs it (RSS then includes the simulator).
// Every --every s it samples RSS, heap (this thread's and, added up, its worker threads'), active handles, the tick store's WAL and file size,
// and latency (socket → delta received by the client; the engine's socket → delta sent), then
// prints the growth per hour of each (least-squares slope after the first minute). One JSON
// object on stdout; each sample also goes to stderr as it is taken.
// It runs with the app's own memory settings (helpers/app-memory.ts, first import) and reports them.
//   npm run bench -- soak --minutes 60 [--rate 2000] [--every 30] [--sim process|worker]
import { memorySettingsReport, newSpaceMb } from './helpers/app-memory.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { TICKS_DB } from '../src/main/engine/history/history-service.ts';
import { startRuntime } from '../src/main/host/runtime.ts';
import { startServerHost } from '../src/main/host/server.ts';
import type { SimulatorHandle } from '../src/main/sim/simulator.ts';
import { LatencyWindow, monoNow } from '../src/shared/latency.ts';
import { connectClient } from './helpers/api-client.ts';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '2' }, rate: { type: 'string', default: '2000' }, every: { type: 'string', default: '30' }, sim: { type: 'string', default: 'process' } } });
const minutes = Number(values.minutes), rate = Number(values.rate), everyS = Number(values.every);
if (!(minutes > 0 && rate > 0 && everyS >= 1)) throw new Error('--minutes, --rate and --every must be positive');
if (values.sim !== 'process' && values.sim !== 'worker') throw new Error(`--sim must be process or worker, got ${values.sim}`);
const SEED = 11;

// Worker threads' heaps are not in process.memoryUsage(): every worker this process posts to
// (pricing pool, tick-store writer, exports) is remembered here so each sample can add them up.
const workers = new Set<Worker>();
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) { workers.add(this); return post.apply(this, args); };
async function workerHeapsMb(): Promise<{ count: number; used: number; total: number }> {
  let used = 0, total = 0, count = 0;
  for (const w of workers) {
    if (w.threadId < 0) { workers.delete(w); continue; }
    try { const h = await w.getHeapStatistics(); used += h.used_heap_size; total += h.total_heap_size; count++; } catch { workers.delete(w); }
  }
  return { count, used: mb(used), total: mb(total) };
}

/** The simulator in a child process: the endpoints the feed needs; the rest is not used by the soak. */
async function simInChild(): Promise<{ handle: SimulatorHandle; pid: number }> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'bench/soak/sim-child.ts', '--seed', String(SEED), '--rate', String(rate)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise<{ port: number; baseUrl: string; feedUrl: string; instrumentsUrl: string; token: string; openalgo: SimulatorHandle['openalgo'] }>((ok, fail) => {
    const timer = setTimeout(() => { child.kill('SIGTERM'); fail(new Error('simulator child did not start in 30 s')); }, 30_000);
    child.stdout!.once('data', (b: Buffer) => { clearTimeout(timer); try { ok(JSON.parse(b.toString())); } catch (e) { fail(e as Error); } });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`simulator child exited ${code}`)); });
  });
  const unused = (what: string) => () => { throw new Error(`soak: ${what} is not available on the out-of-process simulator`); };
  const handle: SimulatorHandle = {
    ...info,
    dropConnections: unused('dropConnections'), stall: unused('stall'), shock: unused('shock'), stats: unused('stats'), backfill: unused('backfill'),
    killOpenAlgo: unused('killOpenAlgo'), openalgoStats: unused('openalgoStats'), inject: unused('inject'),
    setHours: () => {}, // the child keeps its default: always open
    close: () => new Promise<void>((done) => { if (child.exitCode !== null) { done(); return; } child.once('exit', () => done()); child.kill('SIGTERM'); }),
  };
  return { handle, pid: child.pid! };
}
const child = values.sim === 'process' ? await simInChild() : null;

const dataDir = mkdtempSync(join(tmpdir(), 'optick-soak-'));
const token = 'soak-token';
const log = (level: string, msg: string) => { if (level === 'error' || level === 'warn') console.error(`[${level}] ${msg}`); };
const runtime = await startRuntime({ dataDir, feed: { kind: 'sim', seed: SEED, rate }, underlyings: ['NIFTY', 'BANKNIFTY'], ...(child && { simulator: () => Promise.resolve(child.handle) }) }, log);
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
interface Sample { t_min: number; rss_mb: number; heap_mb: number; heap_total_mb: number; new_space_mb: number; external_mb: number; workers: number; workers_heap_mb: number; workers_heap_total_mb: number; handles: number; wal_mb: number; db_mb: number; ticks_per_s: number; client_p50_ms: number | null; client_p99_ms: number | null; engine_p50_ms: number | null; engine_p99_ms: number | null; deltas: number }
const samples: Sample[] = [];
const t0 = performance.now();
const take = async () => {
  const wh = await workerHeapsMb();
  const m = process.memoryUsage();
  const status = runtime.engine.status();
  const lat = received.summary(monoNow());
  const eng = status.feeds[0]?.engine_latency_ms;
  const s: Sample = {
    t_min: Math.round(((performance.now() - t0) / 60_000) * 100) / 100, rss_mb: mb(m.rss), heap_mb: mb(m.heapUsed), heap_total_mb: mb(m.heapTotal), new_space_mb: newSpaceMb(), external_mb: mb(m.external), workers: wh.count, workers_heap_mb: wh.used, workers_heap_total_mb: wh.total, handles: process.getActiveResourcesInfo().length,
    wal_mb: mb(size(`${TICKS_DB}-wal`)), db_mb: mb(size(TICKS_DB)), ticks_per_s: status.ticks_per_s,
    client_p50_ms: lat.p50, client_p99_ms: lat.p99, engine_p50_ms: eng?.p50 ?? null, engine_p99_ms: eng?.p99 ?? null, deltas,
  };
  samples.push(s);
  console.error(JSON.stringify(s));
};
const end = t0 + minutes * 60_000;
while (performance.now() < end) {
  await new Promise((r) => setTimeout(r, Math.min(everyS * 1000, Math.max(0, end - performance.now()))));
  await take();
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
  bench: 'soak', minutes, sim_rate: rate, sim: values.sim, sample_every_s: everyS, chains, samples: samples.length,
  memory_settings: memorySettingsReport(), load_average_end: loadavg().map((v) => Math.round(v * 100) / 100),
  first: samples[0],
  last: samples[samples.length - 1],
  peak: { rss_mb: max('rss_mb'), heap_mb: max('heap_mb'), new_space_mb: max('new_space_mb'), handles: max('handles'), wal_mb: max('wal_mb'), client_p99_ms: max('client_p99_ms') },
  growth_per_hour: { rss_mb: perHour('rss_mb'), heap_mb: perHour('heap_mb'), external_mb: perHour('external_mb'), workers_heap_total_mb: perHour('workers_heap_total_mb'), handles: perHour('handles'), wal_mb: perHour('wal_mb'), db_mb: perHour('db_mb'), client_p99_ms: perHour('client_p99_ms') },
  note: `${child ? 'RSS/heap of the engine process alone (engine + pricing worker + tick-store writer + server host); the simulator runs in a child process' : 'one process: simulator worker + engine + pricing pool + tick store + server host'}; client latency = socket receive → delta parsed by the WebSocket client`,
}));

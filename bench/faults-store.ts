// Store fault bench (issue 10): prints one JSON object.
// 1. kill -9 during peak writes, 20 times on the same ticks.db: integrity_check after each, and
//    the seconds of ticks lost per kill (last tick appended before the kill − last tick stored).
// 2. /health latency of a real `optick serve` (child process) on a populated ticks.db while eight
//    CSV exports of a whole option book run at once (and with none), and the server's RSS.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { populateStore } from '../test/store/populated-store.ts';

const KILLS = Number(process.env.BENCH_KILLS ?? 20);
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'optick-faults-store-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (v: number[], q: number): number => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN; };
const r1 = (x: number): number => Math.round(x * 10) / 10;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

async function killCycles(): Promise<Record<string, unknown>> {
  const file = join(dir, 'kill.db');
  const lost: number[] = [];
  const ackedAtKill: number[] = [];
  let ok = 0;
  const problems: string[] = [];
  for (let i = 0; i < KILLS; i++) {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(import.meta.dirname, 'helpers/store-writer.ts'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = { ack: 0, ts: 0 };
    let buf = '';
    child.stdout.on('data', (b: Buffer) => {
      buf += b;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      const m = /^ack (\d+) ts (\d+)$/.exec(lines.at(-1) ?? '');
      if (m) last = { ack: Number(m[1]), ts: Number(m[2]) };
    });
    const exited = new Promise((r) => child.on('exit', r));
    // Peak writes: wait for commits, then kill at a random moment within the next second.
    const t0 = Date.now();
    while (last.ack < 20_000 && Date.now() - t0 < 60_000) await sleep(10);
    await sleep(200 + Math.floor(Math.random() * 800));
    const before = last;
    child.kill('SIGKILL');
    await exited;
    const db = new Database(file);
    try {
      const check = db.pragma('integrity_check', { simple: true });
      if (check === 'ok') ok++;
      else problems.push(String(check));
      // Newest stored tick: candles carry it (same transaction as the ticks) — read the ticks' own minute.
      const maxMinute = db.prepare('SELECT max(m) FROM (SELECT max(minute) AS m FROM tick_frags UNION ALL SELECT max(id) / 1048576 FROM tick_blocks)').pluck().get() as number;
      const newest = newestTickTs(db, maxMinute);
      lost.push(Math.max(0, (before.ts - newest) / 1000));
      ackedAtKill.push(before.ack);
    } finally {
      db.close();
    }
  }
  return {
    kills: KILLS, peak_ticks_per_s: Number(process.env.PEAK_TICKS_PER_S ?? 20_000), integrity_ok: ok, problems,
    seconds_lost_median: r3(pct(lost, 0.5)), seconds_lost_max: r3(Math.max(...lost)),
    committed_ticks_per_cycle_median: pct(ackedAtKill, 0.5),
  };
}

/** The newest exchange ts stored, via the store's own reader on the newest minute. */
function newestTickTs(db: Database.Database, maxMinute: number): number {
  const { StoreReader } = storeReader;
  const r = new StoreReader(db.name);
  try {
    let newest = 0;
    for (const t of r.ticks(r.instruments(), maxMinute * 60_000, (maxMinute + 1) * 60_000)) newest = Math.max(newest, t.exchangeTs);
    return newest;
  } finally {
    r.close();
  }
}
const storeReader = await import('../src/main/engine/store/store-reader.ts');

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

async function exportsUnderLoad(): Promise<Record<string, unknown>> {
  const dataDir = join(dir, 'serve');
  mkdirSync(dataDir, { mode: 0o700 });
  const t0 = performance.now();
  const written = await populateStore(join(dataDir, 'ticks.db'), { options: 1500, ticks: 400_000 });
  const populateS = (performance.now() - t0) / 1000;
  const child = spawn(process.execPath, [join(root, 'bin/optick.mjs'), 'serve', '--port', '0', '--data-dir', dataDir, '--underlyings', 'NIFTY', '--rate', '500'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => { out += b; });
  child.stderr.on('data', (b: Buffer) => { out += b; });
  const exited = new Promise((r) => child.on('exit', r));
  let url = '';
  for (const end = Date.now() + 90_000; !url && Date.now() < end;) {
    url = /Optick is serving on (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(out)?.[0] ?? '';
    await sleep(50);
  }
  if (!url) throw new Error(`serve did not start: ${out}`);
  const m = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(url)!;
  const base = m[1]!;
  const token = decodeURIComponent(m[2]!);
  const probe = async (): Promise<number> => { const s = performance.now(); await (await fetch(`${base}/health`)).text(); return performance.now() - s; };
  await sleep(2000);
  const idle: number[] = [];
  for (const end = Date.now() + 5000; Date.now() < end;) { idle.push(await probe()); await sleep(10); }
  const rssBefore = rssMb(child.pid!);
  const range = 'from=2026-11-19&to=2026-11-21';
  const paths = [
    `candles.csv?underlying=NIFTY&interval=1m&${range}`, `candles.csv?underlying=NIFTY&interval=5s&${range}`,
    `candles.csv?underlying=NIFTY&interval=1s&${range}`, `ticks.csv?underlying=NIFTY&${range}`,
    `candles.csv?underlying=NIFTY&interval=1m&${range}`, `candles.csv?underlying=NIFTY&interval=15s&${range}`,
    `ticks.csv?underlying=NIFTY&${range}`, `candles.csv?underlying=NIFTY&interval=1d&${range}`,
  ];
  let running = true;
  let rssMax = rssBefore;
  const rssTimer = setInterval(() => { rssMax = Math.max(rssMax, rssMb(child.pid!)); }, 100);
  const started = performance.now();
  let bytes = 0;
  const all = Promise.all(paths.map(async (p) => {
    const r = await fetch(`${base}/api/export/${p}`, { headers: { Authorization: `Bearer ${token}` } });
    if (r.status !== 200) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    for await (const c of r.body as unknown as AsyncIterable<Uint8Array>) bytes += c.length;
  })).finally(() => { running = false; });
  const busy: number[] = [];
  while (running) { busy.push(await probe()); await sleep(10); }
  await all;
  const exportS = (performance.now() - started) / 1000;
  clearInterval(rssTimer);
  child.kill('SIGTERM');
  await exited;
  return {
    store_ticks: written, store_options: 1500, populate_s: r1(populateS),
    exports: paths.length, export_wall_s: r1(exportS), export_mb: r1(bytes / 1e6),
    health_idle_p50_ms: r1(pct(idle, 0.5)), health_idle_p99_ms: r1(pct(idle, 0.99)),
    health_p50_ms: r1(pct(busy, 0.5)), health_p99_ms: r1(pct(busy, 0.99)), health_max_ms: r1(Math.max(...busy)), health_samples: busy.length,
    rss_before_mb: rssBefore, rss_max_mb: rssMax,
  };
}

try {
  const kill9 = await killCycles();
  const exportsLoad = await exportsUnderLoad();
  process.stdout.write(`${JSON.stringify({ bench: 'faults-store', cpus: (await import('node:os')).cpus().length, load_avg_1m: r1((await import('node:os')).loadavg()[0]!), kill9, exports: exportsLoad })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

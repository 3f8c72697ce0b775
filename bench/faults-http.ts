// Fault bench, HTTP part (issue 10): 10,000 random request paths, methods, headers and bodies
// (test/helpers/http-fuzz.ts) against the real `optick serve` on the simulator, over loopback.
// Prints one JSON object: answers by status, requests without a valid status, server crashes
// (the process exiting; it is restarted to go on), RSS before/after, and whether it still serves.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuzz, type FuzzReport } from '../test/helpers/http-fuzz.ts';
import { spawnServe } from '../e2e/optick-serve.ts';

const TOKEN = 'bench-faults-http-token-0123456789';
const COUNT = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);

interface Served { child: ChildProcess; port: number; url: string }

async function serve(dataDir: string): Promise<Served> {
  const { child, url } = await spawnServe(dataDir, TOKEN, ['--rate', '200'], 60_000);
  const u = new URL(url);
  return { child, url: u.origin, port: Number(u.port) };
}

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

const dataDir = mkdtempSync(join(tmpdir(), 'optick-bench-faults-http-'));
let crashes = 0;
let s = await serve(dataDir);
const rssBefore = rssMb(s.child.pid!);
const started = performance.now();
let report: FuzzReport;
try {
  // Checked after every request: a dead server is a crash, counted, and restarted.
  report = await runFuzz({ port: s.port, token: TOKEN }, COUNT, SEED, 8, async () => {
    if (s.child.exitCode === null && s.child.signalCode === null) return;
    crashes++;
    s = await serve(dataDir);
  });
  const seconds = (performance.now() - started) / 1000;
  const health = await fetch(`${s.url}/health`).then((r) => r.status, () => 0);
  const chain = await fetch(`${s.url}/api/option-chain/NIFTY`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((r) => r.status, () => 0);
  console.log(JSON.stringify({
    bench: 'faults-http',
    requests: report.requests,
    seed: SEED,
    crashes,
    invalid_answers: report.invalid_answers,
    unanswered_examples: report.unanswered,
    by_status: Object.fromEntries(Object.entries(report.by_status).sort()),
    requests_per_s: Math.round(report.requests / seconds),
    rss_mb_before: rssBefore,
    rss_mb_after: rssMb(s.child.pid!),
    alive_after: s.child.exitCode === null && health === 200,
    chain_status_after: chain,
  }));
} finally {
  s.child.kill('SIGTERM');
  await new Promise((r) => { s.child.once('exit', r); setTimeout(r, 5000); });
  if (s.child.exitCode === null) s.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}

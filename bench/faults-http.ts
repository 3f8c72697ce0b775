// Fault bench, HTTP part (issue 10): 10,000 random request paths, methods, headers and bodies
// (test/helpers/http-fuzz.ts) against the real `optick serve` on the simulator, over loopback.
// Prints one JSON object: answers by status, requests without a valid status, server crashes
// (the process exiting; it is restarted to go on), RSS before/after, and whether it still serves.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runFuzz, type FuzzReport } from '../test/helpers/http-fuzz.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TOKEN = 'bench-faults-http-token-0123456789';
const COUNT = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);

interface Served { child: ChildProcess; port: number; url: string }

function serve(dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, ['bin/optick.mjs', 'serve', '--port', '0', '--data-dir', dataDir, '--rate', '200'], {
    cwd: ROOT, env: { ...process.env, OPTICK_API_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`optick serve printed no URL in 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Optick is serving on (http:\/\/[^/\s]+)/.exec(out);
      if (m) { clearTimeout(timer); ok({ child, url: m[1]!, port: Number(new URL(m[1]!).port) }); }
    });
    child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`optick serve exited ${code}:\n${out.slice(-2000)}`)); });
  });
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

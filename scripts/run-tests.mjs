// Runs every *.test.ts under the given folders with node's test runner (Node >= 22.14
// strips types natively). Node 20's `node --test` silently finds no .ts files, so we
// list the files ourselves and fail loudly when none are found or none ran.
/* global setInterval, clearInterval */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 14)) {
  console.error(`tests need Node >= 22.14 (the devDependency 'node' provides 24); this is ${process.version}. Run them through npm scripts.`);
  process.exit(1);
}
const args = process.argv.slice(2);
const only = process.env.TEST_ONLY; // optional substring filter on paths
const dirs = args.length ? args : ['test'];
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (name !== 'node_modules' && name !== 'generated') walk(p); }
    else if (/\.test\.(ts|mts|mjs)$/.test(name) && (!only || p.includes(only))) files.push(p);
  }
};
for (const d of dirs) walk(d);
files.sort();
if (files.length === 0) { console.error(`no test files found under ${dirs.join(', ')}`); process.exit(1); }
console.log(`running ${files.length} test files: ${files.map((f) => relative('.', f)).join(' ')}`);

const isE2e = dirs.some((d) => d.startsWith('e2e'));
// A hung test file (a hook waiting on a socket, a child that never exits) must fail the run, never
// stall it: the test runner has no timeout on hooks or on a file's process, so a watchdog ends
// the whole process group when nothing is printed for SILENCE_MS or the run passes DEADLINE_MS.
const SILENCE_MS = Number(process.env.TEST_SILENCE_MS ?? 6 * 60_000);
const DEADLINE_MS = Number(process.env.TEST_DEADLINE_MS ?? 30 * 60_000);
const child = spawn(process.execPath, [
  '--disable-warning=ExperimentalWarning',
  '--test', `--test-concurrency=${isE2e ? 1 : 2}`, '--test-timeout=120000',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  ...files,
], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
let out = '';
let lastOutputAt = Date.now();
const startedAt = Date.now();
let killedFor = null;
const killGroup = (signal) => { try { process.kill(-child.pid, signal); } catch { /* already gone */ } };
child.stdout.on('data', (b) => { out += b; lastOutputAt = Date.now(); process.stdout.write(b); });
const watchdog = setInterval(() => {
  const now = Date.now();
  const why = now - lastOutputAt > SILENCE_MS ? `no test output for ${Math.round((now - lastOutputAt) / 1000)} s`
    : now - startedAt > DEADLINE_MS ? `the run passed its ${Math.round(DEADLINE_MS / 60_000)}-minute deadline` : null;
  if (!why || killedFor) return;
  killedFor = why;
  console.error(`\nrun-tests: ${why}: a test file is hung; ending the test processes. Last output:\n${out.slice(-1500)}`);
  killGroup('SIGTERM');
  setTimeout(() => killGroup('SIGKILL'), 5000).unref();
}, 1000);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killGroup('SIGTERM'); process.exit(130); });
child.on('exit', (code) => {
  clearInterval(watchdog);
  killGroup('SIGKILL'); // servers or browsers a test left behind
  const tests = Number(/ℹ tests (\d+)/.exec(out)?.[1] ?? 0);
  const pass = Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0);
  const fail = Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? 0);
  if (killedFor) { console.error(`${isE2e ? 'e2e' : 'unit'}: FAILED — ${killedFor}`); process.exit(1); }
  if (tests === 0) { console.error('the test runner ran no test'); process.exit(1); }
  console.log(`${isE2e ? 'e2e' : 'unit'}: ${pass} passed, ${fail} failed`);
  process.exit(code ?? 1);
});

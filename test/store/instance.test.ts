// Findings 5, 6 and 7 as a user meets them, on the real CLI (child processes, temp data dirs):
// two `serve` on one data directory (the second now exits 2 naming the holder), a stale lock
// after a crash (taken over), file modes (0700 / 0600 whatever the umask, old files tightened),
// and killing a launcher (npm run serve's `node bin/optick.mjs serve`, `npm start`'s
// scripts/start.mjs, bin/optick.mjs re-executing on Node 20) with SIGINT, SIGTERM or SIGHUP:
// nothing keeps running, ticks.db passes integrity_check, the lock is gone.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../helpers/shared-data.ts';
import { until } from '../history/helpers.ts';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const tempDir = (): string => { const d = mkdtempSync(join(tmpdir(), 'optick-instance-')); dirs.push(d); return d; };

interface Served { child: ChildProcess; url: string; out: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }

/** Starts a launcher and waits for "Optick is serving on URL". */
async function launch(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(cmd, args, { cwd: REPO_ROOT, env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b; });
  child.stderr!.on('data', (b: Buffer) => { out += b; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await until('the server to listen', () => /Optick is serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? (child.exitCode !== null ? `exit ${child.exitCode}` : null), 90_000);
  assert.match(url, /^http/, out);
  return { child, url, out: () => out, exited };
}

// No backfill: these tests are about the lock and signals, and the day's backfill writing beside the feed only slows them.
const serveArgs = (dir: string): string[] => ['serve', '--port', '0', '--data-dir', dir, '--underlyings', 'NIFTY', '--rate', '500', '--no-backfill'];

/** Every process whose parent chain leads to `root` (Linux /proc). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const out: number[] = [];
  const walk = (pid: number): void => { for (const [c, p] of parent) if (p === pid) { out.push(c); walk(c); } };
  walk(root);
  return out;
}
const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

async function ticksWritten(dir: string): Promise<void> {
  await until('ticks in ticks.db', () => existsSync(join(dir, 'ticks.db-wal')) && statSync(join(dir, 'ticks.db-wal')).size > 100_000, 60_000);
}

function integrity(dir: string): string {
  const db = new Database(join(dir, 'ticks.db'), { readonly: true });
  try { return db.pragma('integrity_check', { simple: true }) as string; } finally { db.close(); }
}

const node = process.execPath;
const optick = join(REPO_ROOT, 'bin/optick.mjs');

describe('one Optick per data directory; private files', () => {
  it('a second serve on the same data directory exits 2 naming the PID and port of the first; files 0600, folder 0700', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'upstox.json'), '{}\n', { mode: 0o644 });
    chmodSync(join(dir, 'upstox.json'), 0o644);
    mkdirSync(join(dir, 'exports'), { mode: 0o755 });
    // A permissive umask in the shell that starts Optick must not matter.
    const first = await launch('/bin/sh', ['-c', `umask 000; exec "${node}" "${optick}" ${serveArgs(dir).join(' ')}`]);
    try {
      const lock = JSON.parse(readFileSync(join(dir, 'optick.lock'), 'utf8')) as { pid: number; port: number; started: string };
      assert.equal(lock.pid, first.child.pid);
      assert.equal(lock.port, Number(new URL(first.url).port));
      assert.ok(Date.parse(lock.started) <= Date.now());
      const second = spawnSync(node, [optick, ...serveArgs(dir)], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(second.status, 2, second.stderr);
      assert.match(second.stderr, new RegExp(`another Optick is already running on the data directory .*PID ${lock.pid}, port ${lock.port}`));
      assert.equal(second.stderr.trim().split('\n').length, 1, `one line: ${second.stderr}`);
      assert.doesNotMatch(second.stderr, /\n\s+at /, 'no stack trace');

      await ticksWritten(dir);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.equal(statSync(join(dir, 'exports')).mode & 0o777, 0o700);
      for (const name of readdirSync(dir)) {
        const st = statSync(join(dir, name));
        if (st.isFile()) assert.equal(st.mode & 0o777, 0o600, `${name} is ${(st.mode & 0o777).toString(8)}`);
      }
      for (const f of ['ticks.db', 'ticks.db-wal', 'ticks.db-shm', 'api-token', 'optick.lock', 'upstox.json']) assert.ok(existsSync(join(dir, f)), f);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    assert.equal(existsSync(join(dir, 'optick.lock')), false, 'the lock is released on exit');
  });

  it('a stale lock from a dead PID is taken over', async () => {
    const dir = tempDir();
    const dead = spawnSync(node, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    assert.equal(alive(pid), false);
    writeFileSync(join(dir, 'optick.lock'), JSON.stringify({ pid, port: 7373, started: '2026-11-20T03:45:00.000Z', host: 'x' }));
    const s = await launch(node, [optick, ...serveArgs(dir)]);
    try {
      assert.match(s.out(), new RegExp(`took over the stale lock .*PID ${pid}`));
      assert.equal(JSON.parse(readFileSync(join(dir, 'optick.lock'), 'utf8')).pid, s.child.pid);
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  });
});

/** The command line and environment the process holding the data directory's lock was started with (Linux /proc). */
function lockHolder(dir: string): { pid: number; argv: string[]; env: Map<string, string> } {
  const { pid } = JSON.parse(readFileSync(join(dir, 'optick.lock'), 'utf8')) as { pid: number };
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const env = new Map(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]));
  return { pid, argv, env };
}

describe('the serving process runs with the memory settings (bin/memory-settings.mjs)', () => {
  // Without them: two 64 MB semi-spaces here and a malloc arena per thread (README "Memory").
  const cases: { name: string; cmd: string; args: (dir: string) => string[]; env?: NodeJS.ProcessEnv; semi: string | null; growing: string | null; arenas: string | undefined; samePid: boolean }[] = [
    { name: 'node bin/optick.mjs serve: this PID replaced by one with the settings', cmd: node, args: (d) => [optick, ...serveArgs(d)], semi: '--max-semi-space-size=16', growing: '--heap-growing-percent=100', arenas: '2', samePid: true },
    { name: 'scripts/start.mjs in browser mode', cmd: node, args: (d) => [join(REPO_ROOT, 'scripts/start.mjs'), ...serveArgs(d).slice(1)], env: { OPTICK_START_NO_BUILD: '1' }, semi: '--max-semi-space-size=16', growing: '--heap-growing-percent=100', arenas: '2', samePid: false },
    { name: "the user's own MALLOC_ARENA_MAX and semi-space size are kept", cmd: node, args: (d) => ['--max-semi-space-size=32', optick, ...serveArgs(d)], env: { MALLOC_ARENA_MAX: '4' }, semi: '--max-semi-space-size=32', growing: '--heap-growing-percent=100', arenas: '4', samePid: true },
    { name: 'OPTICK_MEMORY_SETTINGS=off: the defaults', cmd: node, args: (d) => [optick, ...serveArgs(d)], env: { OPTICK_MEMORY_SETTINGS: 'off' }, semi: null, growing: null, arenas: undefined, samePid: true },
  ];
  const node20 = spawnSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
  if (node20 && Number(node20.split('.')[0]) < 22) {
    cases.push({ name: `bin/optick.mjs on Node ${node20}: the node@24 child`, cmd: 'node', args: (d) => [optick, ...serveArgs(d)], semi: '--max-semi-space-size=16', growing: '--heap-growing-percent=100', arenas: '2', samePid: false });
  }
  for (const c of cases) {
    it(c.name, async () => {
      const dir = tempDir();
      const s = await launch(c.cmd, c.args(dir), { MALLOC_ARENA_MAX: undefined, NODE_OPTIONS: undefined, ...c.env });
      try {
        const holder = lockHolder(dir);
        const v8Flags = holder.argv.filter((a) => a.startsWith('--max-semi-space-size'));
        assert.deepEqual(v8Flags, c.semi ? [c.semi] : [], holder.argv.join(' '));
        const growing = holder.argv.filter((a) => a.startsWith('--heap-growing-percent'));
        assert.deepEqual(growing, c.growing ? [c.growing] : [], holder.argv.join(' '));
        assert.equal(holder.env.get('MALLOC_ARENA_MAX'), c.arenas);
        assert.ok(holder.argv.includes('serve'), 'the lock holder is the server');
        // Started directly, the server is the launched PID (it replaced itself: no second process); a launcher's child otherwise.
        if (c.samePid) assert.equal(holder.pid, s.child.pid);
        else assert.ok(descendants(s.child.pid!).includes(holder.pid), `PID ${holder.pid} is a child of the launcher ${s.child.pid}`);
      } finally {
        s.child.kill('SIGTERM');
        await s.exited;
      }
      assert.equal(existsSync(join(dir, 'optick.lock')), false, 'the lock is released on exit');
    });
  }
});

describe('a signal during startup', () => {
  it('SIGHUP while the simulator starts and the day is backfilled: a clean shutdown, the lock released', async () => {
    const dir = tempDir();
    // With the backfill on: startup and the backfill are the window in which a signal once left the lock behind.
    const child = spawn(node, [optick, ...serveArgs(dir).filter((a) => a !== '--no-backfill')], { cwd: REPO_ROOT, env: { ...process.env, DISPLAY: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => { out += b; });
    child.stderr!.on('data', (b: Buffer) => { out += b; });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // The lock is claimed before the simulator starts; this line comes before "serving".
    await until('the simulator to start', () => /market simulator on/.test(out) || child.exitCode !== null, 60_000);
    assert.equal(existsSync(join(dir, 'optick.lock')), true, out);
    child.kill('SIGHUP');
    const exit = await exited;
    assert.deepEqual(exit, { code: 0, signal: null }, out);
    assert.match(out, /SIGHUP: shutting down/);
    assert.equal(existsSync(join(dir, 'optick.lock')), false, 'lock released');
  });
});

describe('killing a launcher leaves nothing running and the database closed', () => {
  const node20 = spawnSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
  const launchers: { name: string; cmd: string; args: (dir: string) => string[]; env?: NodeJS.ProcessEnv; signals?: NodeJS.Signals[] }[] = [
    { name: 'node bin/optick.mjs serve (npm run serve)', cmd: node, args: (d) => [optick, ...serveArgs(d)] },
    { name: 'scripts/start.mjs (npm start, browser mode)', cmd: node, args: (d) => [join(REPO_ROOT, 'scripts/start.mjs'), ...serveArgs(d).slice(1)], env: { OPTICK_START_NO_BUILD: '1' } },
  ];
  // npm passes SIGINT/SIGTERM to its `sh -c`, which holds SIGINT until its child exits (a Ctrl-C
  // reaches the whole process group instead); SIGHUP kills npm and leaves the shell: the server
  // sees npm gone and stops.
  launchers.push({ name: 'npm run serve', cmd: 'npm', args: (d) => ['run', '--silent', 'serve', '--', ...serveArgs(d).slice(1)], signals: ['SIGTERM', 'SIGHUP'] });
  if (node20 && Number(node20.split('.')[0]) < 22) {
    launchers.push({ name: `bin/optick.mjs on Node ${node20} (re-executes on node@24)`, cmd: 'node', args: (d) => [optick, ...serveArgs(d)] });
  }
  for (const l of launchers) {
    for (const sig of l.signals ?? ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      it(`${l.name}: ${sig}`, async () => {
        const dir = tempDir();
        const s = await launch(l.cmd, l.args(dir), l.env);
        await ticksWritten(dir);
        const tree = descendants(s.child.pid!);
        assert.ok(tree.length > 0 || l.cmd === node, 'the launcher has children');
        const started = Date.now();
        s.child.kill(sig);
        const exit = await s.exited;
        assert.ok(Date.now() - started < 8000, `took ${Date.now() - started} ms to stop`);
        assert.ok(exit.code !== null || exit.signal !== null);
        await until(`every process of the tree (${tree.join(', ')}) gone`, () => tree.every((p) => !alive(p)), 10_000);
        assert.equal(existsSync(join(dir, 'optick.lock')), false, 'lock released');
        assert.equal(integrity(dir), 'ok');
        assert.match(s.out(), new RegExp(`${sig}: shutting down|stopped`));
      });
    }
  }
});

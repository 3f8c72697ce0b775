// `optick serve` as a new user meets it (finding 7): the real CLI, spawned, with a temp data
// directory. Each start-up problem is ONE line naming the port, directory or file and what to
// do, exit 2, before the simulator or engine start; corrupt config files are one line each,
// once, a notice in status, the file kept and defaults used.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EngineStatus } from '../../src/shared/status.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NODE = join(ROOT, 'node_modules/.bin/node');
const CLI = join(ROOT, 'bin/optick.mjs');
const TOKEN = 'cli-startup-token-0123456789';
const dirs: string[] = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'optick-cli-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) { try { chmodSync(d, 0o700); } catch { /* already gone */ } rmSync(d, { recursive: true, force: true }); } });

/** Runs `optick serve …` to its end (it must fail fast); stderr lines without the timestamped log lines of a start. */
function serveFails(args: string[]): { code: number | null; stderr: string[]; all: string } {
  const r = spawnSync(NODE, [CLI, 'serve', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, OPTICK_API_TOKEN: '' } });
  const all = `${r.stdout}${r.stderr}`;
  return { code: r.status, stderr: r.stderr.split('\n').filter(Boolean), all };
}

test('port in use: one line naming the port and --port, exit 2, before the simulator and engine start', async () => {
  const squatter = createServer();
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
  const port = (squatter.address() as AddressInfo).port;
  try {
    const r = serveFails(['--port', String(port), '--data-dir', tempDir()]);
    assert.equal(r.code, 2, r.all);
    assert.equal(r.stderr.length, 1, r.all);
    assert.match(r.stderr[0]!, new RegExp(`^optick: port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`));
    assert.doesNotMatch(r.all, /simulator|instrument master|opened chain|EADDRINUSE|\n\s+at /, 'nothing started, no stack');
  } finally {
    squatter.close();
  }
});

test('a data directory that cannot be created or written: one line naming it, exit 2', () => {
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, 'x');
  const uncreatable = join(file, 'data');
  let r = serveFails(['--port', '0', '--data-dir', uncreatable]);
  assert.equal(r.code, 2, r.all);
  assert.deepEqual(r.stderr, [`optick: cannot create the data directory ${uncreatable} (ENOTDIR: not a directory); choose another with --data-dir DIR or OPTICK_DATA_DIR`]);
  // Root writes through file modes: use a read-only filesystem there, a 0500 directory otherwise.
  let unwritable = '/sys/kernel';
  if (process.getuid?.() !== 0) { unwritable = tempDir(); chmodSync(unwritable, 0o500); }
  r = serveFails(['--port', '0', '--data-dir', unwritable]);
  assert.equal(r.code, 2, r.all);
  assert.equal(r.stderr.length, 1, r.all);
  assert.match(r.stderr[0]!, new RegExp(`^optick: the data directory ${unwritable} is not writable \\((EACCES|EROFS|EPERM)`));
});

test('an empty or junk api-token file stops the start with one line naming it, and is not replaced', () => {
  for (const content of ['', '\n', 'short']) {
    const dir = tempDir();
    writeFileSync(join(dir, 'api-token'), content);
    const r = serveFails(['--port', '0', '--data-dir', dir]);
    assert.equal(r.code, 2, r.all);
    assert.equal(r.stderr.length, 1, r.all);
    assert.match(r.stderr[0]!, new RegExp(`^optick: the API token file ${join(dir, 'api-token')} (is empty|does not hold a token).*delete it`));
    assert.equal(readFileSync(join(dir, 'api-token'), 'utf8'), content, 'the file is kept as it was');
  }
});

test('corrupt trading-hours, upstox and secrets files: one line each, once; notices in status; files kept; the app runs on defaults', async () => {
  const dir = tempDir();
  const files = {
    'trading-hours.json': '{"templates": [',
    'upstox.json': '[1, 2]',
    'secrets.json': '{"upstox.api_secret": 42, "upstox.session": {"access_token": "x"}}',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const child = spawn(NODE, [CLI, 'serve', '--port', '0', '--data-dir', dir], { env: { ...process.env, OPTICK_API_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => { stdout += b; });
  child.stderr.on('data', (b) => { stderr += b; });
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start in 60 s:\n${stdout}\n${stderr}`)), 60_000);
      child.stdout.on('data', () => { const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout); if (m) { clearTimeout(timer); resolveUrl(m[1]!); } });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}:\n${stderr}`)); });
    });
    const status = await (await fetch(`${url}/api/option-chain/status`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json() as EngineStatus;
    const byFile = new Map(status.notices.map((n) => [n.file, n]));
    for (const name of Object.keys(files)) {
      const path = join(dir, name);
      const lines = stderr.split('\n').filter((l) => l.includes(path));
      assert.equal(lines.length, 1, `${name}: one line, once:\n${stderr}`);
      assert.match(lines[0]!, / ERROR /);
      const n = byFile.get(path);
      assert.ok(n, `${name}: a notice naming it: ${JSON.stringify(status.notices)}`);
      assert.equal(n.severity, 'error');
      assert.ok(n.action && n.action.length > 10, 'says what to do');
      assert.equal(readFileSync(path, 'utf8'), files[name as keyof typeof files], `${name} kept as it was`);
    }
    assert.match(byFile.get(join(dir, 'secrets.json'))!.message, /upstox\.api_secret \(number\), upstox\.session \(object\)/);
    assert.equal(status.feeds[0]?.feed, 'upstox', 'the live feed (the simulator speaks Upstox) runs on defaults');
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack traces');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => { if (child.exitCode !== null) r(null); else child.once('exit', r); });
  }
});

test('on a Node too old for better-sqlite3, with no project node@24 beside it, the CLI says so in one line', (t) => {
  // The system's node (npm scripts put node_modules/.bin, i.e. node@24, first on PATH).
  const which = (process.env.PATH ?? '').split(':').filter((d) => d && !d.includes('node_modules')).map((d) => join(d, 'node')).find((p) => existsSync(p)) ?? '';
  const version = which ? spawnSync(which, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() : '';
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (!which || major > 22 || (major === 22 && minor >= 14)) { t.skip(`no Node older than 22.14 on PATH (found ${version || 'none'})`); return; }
  const copy = tempDir();
  cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true }); // the shim and its helpers
  assert.ok(!existsSync(join(copy, 'node_modules')));
  const r = spawnSync(which, [join(copy, 'bin/optick.mjs'), 'serve'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, new RegExp(`needs Node >= 22\\.14 .*better-sqlite3.*this is v${version.replace(/\./g, '\\.')}`));
});

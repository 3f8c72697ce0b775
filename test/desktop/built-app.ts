// The packaging tests need the app as `npm run build` leaves it (out/, resources/icons/).
// Rebuilds once when anything the build reads is newer than its output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

const OUTPUTS = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'resources/icons/tray.png', 'resources/icons/icon.icns'];
const INPUTS = ['src', 'resources/icon.svg', 'scripts/icons.mjs', 'electron.vite.config.ts', 'proto', 'package.json'];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let n = st.mtimeMs;
  for (const name of readdirSync(path)) if (name !== 'generated') n = Math.max(n, newest(join(path, name)));
  return n;
}

/** Builds when stale; two test files asking at once build once (a lock directory per checkout). */
export function ensureBuilt(): void {
  const lock = join(tmpdir(), `optick-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} held for 3 minutes: remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    buildIfStale();
  } finally {
    rmdirSync(lock);
  }
}

function buildIfStale(): void {
  const outs = OUTPUTS.map((p) => join(ROOT, p));
  const oldestOut = outs.every(existsSync) ? Math.min(...outs.map((p) => statSync(p).mtimeMs)) : -1;
  const newestIn = Math.max(...INPUTS.map((p) => newest(join(ROOT, p))));
  if (oldestOut > newestIn) return;
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PATH: `${join(process.execPath, '..')}:${process.env.PATH}` } });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

// `npm start`: build and launch the desktop app; when no Electron binary can be had
// (no download possible, headless machine), say so in one line and run browser mode.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from '../bin/forward-signals.mjs';
import { launchSettings } from '../bin/memory-settings.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npmCmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(pkg)) return { error: 'the electron package is not installed (run npm install)' };
  const pathFile = join(pkg, 'path.txt');
  const located = () => {
    if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, readFileSync(pathFile, 'utf8'));
    if (!existsSync(pathFile)) return null;
    const p = join(pkg, 'dist', readFileSync(pathFile, 'utf8'));
    return existsSync(p) ? p : null;
  };
  let bin = located();
  if (bin) return { bin };
  // Electron >= 45 fetches its binary on first launch; try once, briefly.
  const r = spawnSync(process.execPath, [join(pkg, 'install.js')], { cwd: root, encoding: 'utf8', timeout: 90_000 });
  bin = r.status === 0 ? located() : null;
  if (bin) return { bin };
  // The first line that is not a stack frame says what went wrong (e.g. "TypeError: fetch failed").
  const lines = (r.error?.message || `${r.stderr}\n${r.stdout}`).split('\n').map((l) => l.trim()).filter(Boolean);
  const why = lines.find((l) => !l.startsWith('at ')) ?? `exit ${r.status}`;
  return { error: `the Electron binary could not be downloaded (${why})` };
}

const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const found = headless ? { error: 'no display (DISPLAY/WAYLAND_DISPLAY unset)' } : electronBinary();
if (found.error) {
  console.log(`Optick: desktop shell unavailable — ${found.error}; starting browser mode instead (open the URL below).`);
  // OPTICK_START_NO_BUILD=1 skips the renderer build (it is already built; tests).
  if (process.env.OPTICK_START_NO_BUILD !== '1') {
    const b = run(npmCmd, ['run', '--silent', 'build:renderer']);
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  // The server and everything it starts stop when this launcher is told to (SIGINT/SIGTERM/SIGHUP).
  runChild(process.execPath, [join(root, 'bin', 'optick.mjs'), 'serve', ...process.argv.slice(2)], { cwd: root });
} else {
  const b = run(npmCmd, ['run', '--silent', 'build']);
  if (b.status !== 0) process.exit(b.status ?? 1);
  // The engine runs in Electron's main process: its memory settings must be given at launch
  // (bin/memory-settings.mjs; --js-flags is the only way into the main process's V8).
  const memory = launchSettings(process.env);
  const jsFlags = memory.v8Flags.length ? [`--js-flags=${memory.v8Flags.join(' ')}`] : [];
  runChild(found.bin, [...jsFlags, root, ...process.argv.slice(2)], { cwd: root, env: memory.env });
}

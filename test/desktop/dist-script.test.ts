// `npm run dist` when no Electron binary can be had: one line saying so, exit 1, nothing built.
// The download is pointed at a closed loopback port with an empty cache, so this holds on any machine.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT } from './built-app.ts';

const cache = mkdtempSync(join(tmpdir(), 'optick-electron-cache-'));
after(() => rmSync(cache, { recursive: true, force: true }));
const env = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache, ELECTRON_GET_USE_PROXY: '' };
const dist = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'scripts/dist.mjs'), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });

describe('npm run dist without an Electron binary', () => {
  for (const target of ['linux', 'win', 'mac']) {
    it(`dist:${target} says so in one line and exits 1 before building`, () => {
      const hadDist = existsSync(join(ROOT, 'dist'));
      const r = dist(target);
      assert.equal(r.status, 1, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 1, r.stdout);
      assert.match(lines[0]!, /^Optick: cannot package — the Electron \d+\.\d+\.\d+ binary for (linux|win32|darwin)-(x64|arm64) could not be downloaded \(.+\); npm run dist needs it/);
      assert.equal(existsSync(join(ROOT, 'dist')), hadDist, 'nothing packaged');
    });
  }

  it('an unknown platform is refused', () => {
    const r = dist('beos');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /takes linux, win or mac/);
  });
});

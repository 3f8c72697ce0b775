// Issue 12, the headless install for servers: `npm pack` → `npm install -g --prefix DIR` of the
// tarball (from npm's cache, the registry only for what it lacks) into an empty prefix → DIR/bin/optick serve answers
// /health and serves the built UI, with no source tree anywhere near it.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, ROOT } from './built-app.ts';

const work = mkdtempSync(join(tmpdir(), 'optick-npm-package-'));
const prefix = join(work, 'prefix');
const dataDir = join(work, 'data');
// npm and the installed CLI run on the Node running this test (24), as a server's would.
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, OPTICK_API_TOKEN: 'npm-package-token-0123456789' };
let tarball = '';
let packed: string[] = [];
let child: ChildProcess | null = null;

const npm = (args: string[], cwd: string) => {
  const r = spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 150_000 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

before(() => {
  ensureBuilt();
  // prepack would run `npm run build`: ensureBuilt just did what it does.
  const [info] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info!.filename);
  packed = info!.files.map((f) => f.path);
  npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], work);
});

after(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  rmSync(work, { recursive: true, force: true });
});

describe('npm package', () => {
  it('carries the CLI and the built app, not the sources or tests', () => {
    for (const f of ['package.json', 'bin/optick.mjs', 'out/main/cli.js', 'out/main/pricing.worker.js', 'out/main/writer.worker.js', 'out/main/simulator.worker.js', 'out/renderer/index.html', 'resources/trading-hours/nse.json']) {
      assert.ok(packed.includes(f), `${f} is not in ${tarball}`);
    }
    for (const f of packed) assert.doesNotMatch(f, /^(src|test|e2e|bench|scripts|proto|docs|node_modules)\//, f);
  });

  it('installed into an empty prefix, `optick serve --port 0` answers /health and serves the UI', async () => {
    const installed = join(prefix, 'lib', 'node_modules', 'optick');
    assert.ok(!existsSync(join(installed, 'src')), 'no source tree in the installed package');
    assert.ok(readdirSync(join(installed, 'node_modules')).includes('better-sqlite3'), 'production dependencies installed');
    child = spawn(join(prefix, 'bin', 'optick'), ['serve', '--port', '0', '--data-dir', dataDir], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no URL within 60 s:\n${output}`)), 60_000);
      const onData = (b: Buffer) => {
        output += b.toString();
        const m = /Optick is serving on (\S+)/.exec(output);
        if (m) { clearTimeout(timer); ok(m[1]!); }
      };
      child!.stdout!.on('data', onData);
      child!.stderr!.on('data', (b: Buffer) => { output += b.toString(); });
      child!.once('exit', (code) => { clearTimeout(timer); fail(new Error(`optick serve exited ${code}:\n${output}`)); });
    });
    const base = new URL(url).origin;
    const health = await fetch(`${base}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<div id="root">/);
    const script = /<script[^>]+src="\.?\/?([^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, `the page loads a script: ${html}`);
    const js = await fetch(`${base}/${script}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    const chain = await fetch(`${base}/api/underlyings`, { headers: { Authorization: `Bearer ${env.OPTICK_API_TOKEN}` } });
    assert.equal(chain.status, 200, 'the engine behind it answers the API');
  });
});

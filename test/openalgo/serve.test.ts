// `optick serve --feed openalgo` with no account: the real CLI, spawned, streams the NIFTY chain
// from the simulator's OpenAlgo server (no API key stored → the simulator), and the chain fills:
// spot, bid/ask near the money (Depth), LTP/OI further out (Quote), IV from the pricing pool.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import type { EngineStatus } from '../../src/shared/status.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NODE = join(ROOT, 'node_modules/.bin/node');
const CLI = join(ROOT, 'bin/optick.mjs');
const TOKEN = 'openalgo-serve-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'optick-oa-serve-'));
const child = spawn(NODE, [CLI, 'serve', '--port', '0', '--data-dir', dir, '--feed', 'openalgo', '--underlyings', 'NIFTY', '--rate', '2000'], {
  env: { ...process.env, OPTICK_API_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '';
child.stdout.on('data', (b) => { out += b; });
child.stderr.on('data', (b) => { out += b; });
after(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise<void>((r) => { const t = setTimeout(() => { child.kill('SIGKILL'); r(); }, 10_000); child.once('exit', () => { clearTimeout(t); r(); }); });
  }
  rmSync(dir, { recursive: true, force: true });
});

const get = async <T>(url: string): Promise<T> => (await (await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as T;

test('serve --feed openalgo: the NIFTY chain fills from the OpenAlgo protocol', async () => {
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no start in 60 s:\n${out}`)), 60_000);
    const look = (): void => { const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out); if (m) { clearTimeout(timer); ok(m[1]!); } };
    child.stdout.on('data', look);
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`serve exited ${code}:\n${out}`)); });
  });
  assert.match(out, /streaming from the simulator's OpenAlgo server ws:\/\/127\.0\.0\.1:\d+/);
  let chain: OptionChainModel | null = null;
  const end = Date.now() + 30_000;
  for (;;) {
    chain = await get<OptionChainModel>(`${url}/api/option-chain/NIFTY`);
    const near = chain.options.filter((r) => Math.abs(r.strike - (chain!.spot ?? 0)) <= 100);
    const far = chain.options.filter((r) => Math.abs(r.strike - (chain!.spot ?? 0)) >= 800);
    const filled = chain.spot !== null && near.length > 0 && near.every((r) => r.ce_data?.bid !== null && r.ce_data?.ask !== null && r.ce_data?.iv !== null)
      && far.some((r) => r.ce_data?.ltp !== null && r.ce_data?.oi !== null);
    if (filled) break;
    if (Date.now() > end) assert.fail(`chain not filled in 30 s: ${JSON.stringify(chain).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.match(chain.options[0]!.ce_data!.instrument_key, /^NFO:NIFTY\d{2}[A-Z]{3}\d{2}\d+CE$/);
  const status = await get<EngineStatus>(`${url}/api/option-chain/status`);
  assert.equal(status.feeds[0]!.feed, 'openalgo');
  assert.equal(status.feeds[0]!.state, 'connected');
  assert.equal(status.feeds[0]!.endpoint, 'simulator OpenAlgo 1');
  assert.ok((status.feeds[0]!.subscribed.Depth ?? 0) > 0 && (status.feeds[0]!.subscribed.Quote ?? 0) > 0);
  assert.deepEqual(status.feeds[0]!.frames_rejected, {});
});

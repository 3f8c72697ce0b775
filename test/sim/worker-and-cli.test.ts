// The same simulator in a worker thread (for the engine and benchmarks) and as `sim` on the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSimulatorInWorker, runSimCommand } from '../../src/main/sim/index.ts';
import { FeedClient } from './feed-client.ts';

test('startSimulatorInWorker serves the feed and answers stats, stall, dropConnections and close', async () => {
  const sim = await startSimulatorInWorker({ rate: 3000, seed: 8, token: 'worker-token' });
  assert.equal(sim.token, 'worker-token');
  assert.match(sim.feedUrl, /^ws:\/\/127\.0\.0\.1:\d+\/v3\/feed\/market-data-feed$/);
  const c = new FeedClient(sim.feedUrl, sim.token);
  try {
    await c.opened();
    c.request('sub', ['NSE_INDEX|Nifty 50', 'NSE_INDEX|Nifty Bank'], 'full');
    await c.until(() => c.ofType('live_feed').length >= 2, 'live feed from the worker');
    const stats = await sim.stats();
    assert.equal(stats.connections, 1);
    assert.ok(stats.framesSent >= 3);
    await sim.stall(10);
    await sim.dropConnections({ code: 4002 });
    await c.until(() => c.closeCode !== undefined, 'close');
    assert.equal(c.closeCode, 4002);
    await assert.rejects(Promise.resolve(sim.dropConnections({ code: 999 })), /close code must be 1000 or 3000-4999/);
  } finally {
    c.close();
    await sim.close();
  }
  await assert.rejects(Promise.resolve(sim.stats()), /exited/);
});

test('bad worker options are refused in the caller, before a thread starts', async () => {
  await assert.rejects(startSimulatorInWorker({ rate: -1 }), /rate must be/);
  await assert.rejects(startSimulatorInWorker({ port: 70000 }), /port must be/);
});

test('runSimCommand rejects bad arguments with exit code 2', async () => {
  assert.equal(await runSimCommand(['--rate', 'fast']), 2);
  assert.equal(await runSimCommand(['--colour', 'blue']), 2);
});

test('sim command prints its one line, serves, and exits 0 on SIGTERM', async () => {
  const main = fileURLToPath(new URL('../../src/main/sim/main.ts', import.meta.url));
  const child = spawn(process.execPath, [main, '--port', '0', '--token', 'cli-token', '--seed', '4', '--rate', '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`sim exited early with ${code}`)));
  });
  const m = /^Optick simulator \(Upstox V3\) listening on (ws:\/\/127\.0\.0\.1:(\d+)\/v3\/feed\/market-data-feed) — token cli-token$/.exec(line);
  assert.ok(m, `banner: ${line}`);
  const bad = await fetch(`http://127.0.0.1:${m[2]}/v3/feed/market-data-feed/authorize`, { headers: { Authorization: 'Bearer sim-token' } });
  assert.equal(bad.status, 401, 'only the given token is accepted');
  const code = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  child.kill('SIGTERM');
  assert.equal(await code, 0);
});

test('sim on a port in use: one clear line on stderr, exit code 1, no stack', async () => {
  const { createServer } = await import('node:net');
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  try {
    const main = fileURLToPath(new URL('../../src/main/sim/main.ts', import.meta.url));
    const child = spawn(process.execPath, [main, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(timer);
    assert.equal(code, 1);
    assert.equal(err, `sim: cannot start: port ${port} on 127.0.0.1 is already in use (another optick sim or serve?); stop it or pick another with --port\n`);
  } finally {
    taken.close();
  }
});

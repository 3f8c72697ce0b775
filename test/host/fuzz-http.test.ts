// The bounded HTTP fuzz of issue 10's fault bench (bench/faults-http.ts runs 10,000): random
// methods, targets, headers and bodies over real loopback sockets against a running server
// host; every request gets a valid HTTP status and the server is alive and correct afterwards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServerHost, type ServerHost } from '../../src/main/host/server.ts';
import { runFuzz } from '../helpers/http-fuzz.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

const TOKEN = 'fuzz-token-0123456789abcdef';
let t: TestHost;
let host: ServerHost;
const errors: string[] = [];

before(async () => {
  t = await startTestHost(TOKEN, { feed: { kind: 'sim', seed: 11, rate: 300 } });
  host = await startServerHost({
    engine: t.runtime.engine, hours: t.runtime.hours.api, upstox: t.runtime.upstox, token: TOKEN, port: 0, rendererDir: t.dataDir,
    log: (level, m) => { if (level === 'error') errors.push(m); },
  });
});

after(async () => {
  await host?.close();
  await t?.close();
});

test('1,500 random requests: every one answered with a valid status, the server alive and serving afterwards', async () => {
  const report = await runFuzz({ port: host.port, token: TOKEN }, 1500, 20261203, 6);
  assert.equal(report.invalid_answers, 0, JSON.stringify(report));
  assert.equal(Object.values(report.by_status).reduce((a, b) => a + b, 0), 1500);
  for (const code of ['200', '400', '401', '404', '405']) assert.ok((report.by_status[code] ?? 0) > 0, `some ${code}s: ${JSON.stringify(report.by_status)}`);
  assert.deepEqual((await (await fetch(`${host.url}/health`)).json()), { status: 'ok' });
  const chain = await fetch(`${host.url}/api/option-chain/NIFTY`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(chain.status, 200);
  assert.equal(((await chain.json()) as { underlying: string }).underlying, 'NIFTY');
  // 500s are bugs: each one was logged with its method and path; none is expected.
  assert.equal(report.by_status['500'] ?? 0, 0, errors.slice(0, 3).join('\n'));
});

// Finding 4: the write-only Upstox API secret and the access token go only where the trader put
// them. A real loopback "attacker" server stands ready to play the login dialog and the token
// endpoint; PUT /api/upstox/settings cannot point rest_base, feed_url or instruments_url at it
// (only DATA_DIR/upstox.json sets them), so a login and a restart send it nothing.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { silentLogger } from '../../src/main/engine/log.ts';
import { startRuntime, type OptickRuntime } from '../../src/main/host/runtime.ts';
import { startServerHost, type ServerHost } from '../../src/main/host/server.ts';
import { startSimulator, type SimulatorHandle } from '../../src/main/sim/index.ts';
import type { UpstoxConnectionStatus, UpstoxSettingsResult } from '../../src/shared/upstox.ts';

const API = 'api-token-redirect-0123456789';
const SECRET = 'sim-secret-Redirect77';
let sim: SimulatorHandle;
let attacker: Server;
let attackerUrl: string;
const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];
let dataDir: string;
let runtime: OptickRuntime | null = null;
let host: ServerHost | null = null;
const settingsFile = () => join(dataDir, 'upstox.json');

async function start(): Promise<void> {
  runtime = await startRuntime({ dataDir, feed: { kind: 'upstox' }, underlyings: ['NIFTY'], pricingWorkers: 1, openUrl: () => false }, silentLogger);
  host = await startServerHost({ engine: runtime.engine, hours: runtime.hours.api, upstox: runtime.upstox, token: API, port: 0, rendererDir: join(dataDir, 'none') });
}
async function stop(): Promise<void> {
  await host?.close();
  await runtime?.stop();
  host = runtime = null;
}
const send = async (method: string, path: string, raw?: string): Promise<{ status: number; body: unknown }> => {
  const r = await fetch(`${host!.url}${path}`, { method, headers: { Authorization: `Bearer ${API}`, 'Content-Type': 'application/json' }, ...(raw !== undefined && { body: raw }) });
  return { status: r.status, body: await r.json() };
};
const api = (method: string, path: string, body?: unknown) => send(method, path, body === undefined ? undefined : JSON.stringify(body));

before(async () => {
  sim = await startSimulator({ rate: 500, seed: 3, clientId: 'my-app-key', clientSecret: SECRET });
  // The attacker plays Upstox: its "dialog" approves at once (redirecting to Optick's callback
  // with the state it was given); its token endpoint and feed authorize record what arrives.
  attacker = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      const u = new URL(req.url ?? '/', 'http://x');
      const redirect = u.searchParams.get('redirect_uri');
      if (redirect) { res.writeHead(302, { Location: `${redirect}?code=stolen-code&state=${u.searchParams.get('state')}` }); res.end(); return; }
      res.writeHead(500).end('{}');
    });
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'optick-redirect-'));
  writeFileSync(settingsFile(), JSON.stringify({ api_key: 'my-app-key', rest_base: sim.baseUrl, feed_url: sim.feedUrl, instruments_url: sim.instrumentsUrl }));
  await start();
});

after(async () => {
  await stop();
  await sim?.close();
  await new Promise((r) => attacker?.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

test('rest_base cannot be redirected through the API: a login sends the secret to Upstox only', async () => {
  assert.equal((await api('PUT', '/api/upstox/settings', { api_secret: SECRET })).status, 200);
  const fileBefore = readFileSync(settingsFile(), 'utf8');
  const put = await api('PUT', '/api/upstox/settings', { rest_base: attackerUrl });
  assert.equal(put.status, 400);
  const errors = (put.body as Extract<UpstoxSettingsResult, { ok: false }>).errors;
  assert.deepEqual(errors.map((e) => e.field), ['rest_base']);
  assert.match(errors[0]!.message, /set only in .*upstox\.json/);
  assert.equal(readFileSync(settingsFile(), 'utf8'), fileBefore, 'the settings file is untouched');
  // The same value as now is no change and is accepted (the form may send it back).
  assert.equal((await api('PUT', '/api/upstox/settings', { rest_base: sim.baseUrl, depth_strikes: 10 })).status, 200);

  const login = await api('POST', '/api/upstox/login', {});
  assert.equal(login.status, 200);
  const url = (login.body as { url: string }).url;
  assert.ok(url.startsWith(`${sim.baseUrl}/`), url);
  // The browser follows the dialog back to Optick's callback, which exchanges the code.
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Upstox connected/);
  assert.deepEqual(seen, [], 'the attacker received nothing');
});

test('feed_url and instruments_url cannot be redirected either: after a restart the access token goes to Upstox only', async () => {
  const fileBefore = readFileSync(settingsFile(), 'utf8');
  for (const field of ['feed_url', 'instruments_url']) {
    const put = await api('PUT', '/api/upstox/settings', { [field]: `${attackerUrl}/v3/feed/market-data-feed` });
    assert.equal(put.status, 400, field);
    assert.deepEqual((put.body as Extract<UpstoxSettingsResult, { ok: false }>).errors.map((e) => e.field), [field]);
  }
  assert.equal(readFileSync(settingsFile(), 'utf8'), fileBefore);
  await stop();
  await start();
  assert.equal((await api('POST', '/api/trading-hours/force', { feed: 'upstox', mode: 'connect' })).status, 200);
  const deadline = Date.now() + 15_000;
  let s: UpstoxConnectionStatus;
  do {
    s = (await api('GET', '/api/upstox/status')).body as UpstoxConnectionStatus;
    if (s.feed?.state === 'connected') break;
    await new Promise((r) => setTimeout(r, 50));
  } while (Date.now() < deadline);
  assert.equal(s.feed?.state, 'connected', 'the stored login connects the feed to Upstox');
  assert.deepEqual(seen, [], 'the attacker received nothing');
});

test('a settings body that is not a JSON object is 400 and leaves the file untouched', async () => {
  const fileBefore = readFileSync(settingsFile(), 'utf8');
  for (const raw of ['null', '[]', '"x"', '7', undefined]) {
    const r = await send('PUT', '/api/upstox/settings', raw);
    assert.equal(r.status, 400, `body ${raw}`);
  }
  // The Upstox handler refuses it itself too (whatever transport carries it: IPC, WebSocket).
  for (const req of [null, [], 'x', 7, undefined]) {
    const res = await runtime!.upstox.call('upstox.put_settings', req) as UpstoxSettingsResult;
    assert.equal(res.ok, false, JSON.stringify(req));
  }
  assert.equal(readFileSync(settingsFile(), 'utf8'), fileBefore);
});

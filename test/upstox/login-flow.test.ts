// The whole Upstox login against the simulator, as a trader does it: settings → login URL →
// the simulator's dialog → the browser lands on Optick's own /upstox/callback → token exchange
// → token stored 0600 → the feed connects with it. Secrets never reach the log or replies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../src/main/engine/log.ts';
import { startRuntime, type OptickRuntime } from '../../src/main/host/runtime.ts';
import { startServerHost, type ServerHost } from '../../src/main/host/server.ts';
import { startSimulator, type SimulatorHandle } from '../../src/main/sim/index.ts';
import type { UpstoxConnectionStatus, UpstoxSettingsResult } from '../../src/shared/upstox.ts';

const API = 'api-token-0123456789';
const SECRET = 'sim-secret-Zq81Lm';
let sim: SimulatorHandle;
let runtime: OptickRuntime;
let host: ServerHost;
let dataDir: string;
let simClock = Date.now();
const lines: string[] = [];
const opened: string[] = [];
const log: Logger = (level, message) => { lines.push(`${level} ${message}`); };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
  const r = await fetch(`${host.url}${path}`, {
    method, headers: { Authorization: `Bearer ${API}`, 'Content-Type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: await r.json() as T };
};
const status = async () => (await api<UpstoxConnectionStatus>('GET', '/api/upstox/status')).body;
async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await sleep(50);
  }
}

before(async () => {
  sim = await startSimulator({ rate: 1000, seed: 9, clientId: 'my-app-key', clientSecret: SECRET, now: () => simClock });
  dataDir = mkdtempSync(join(tmpdir(), 'optick-upstox-'));
  // What a trader writes once (or sets in the panel): everything but the secret.
  writeFileSync(join(dataDir, 'upstox.json'), JSON.stringify({ api_key: 'my-app-key', rest_base: sim.baseUrl, feed_url: sim.feedUrl, instruments_url: sim.instrumentsUrl }));
  runtime = await startRuntime({ dataDir, feed: { kind: 'upstox' }, underlyings: ['NIFTY'], pricingWorkers: 1, openUrl: (u) => { opened.push(u); return false; } }, log);
  host = await startServerHost({ engine: runtime.engine, hours: runtime.hours.api, upstox: runtime.upstox, token: API, port: 0, rendererDir: join(dataDir, 'none'), log });
  // Connect now whatever the clock says (the trading-hours override traders use off-hours).
  assert.equal((await api('POST', '/api/trading-hours/force', { feed: 'upstox', mode: 'connect' })).status, 200);
});

after(async () => {
  await host?.close();
  await runtime?.stop();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('login end to end: dialog → callback on Optick → token stored 0600 → feed connected and subscribed', async () => {
  let s = await status();
  assert.equal(s.feed_selected, true);
  assert.equal(s.login.state, 'logged_out');
  assert.equal(s.login.needed, true);
  assert.equal(s.banner?.level, 'error');
  assert.equal(s.feed?.state, 'error', 'no token: the feed waits for a login');
  assert.equal(s.instruments?.source, 'download');

  // Login needs the secret first.
  assert.equal((await api('POST', '/api/upstox/login', {})).status, 400);
  const put = await api<UpstoxSettingsResult>('PUT', '/api/upstox/settings', { api_secret: SECRET });
  assert.equal(put.status, 200);
  assert.ok(put.body.ok && put.body.settings.has_api_secret && !JSON.stringify(put.body).includes(SECRET));
  assert.equal(put.body.ok && put.body.settings.redirect_uri, `${host.url}/upstox/callback`, 'default redirect: Optick\'s own callback');
  const bad = await api<UpstoxSettingsResult>('PUT', '/api/upstox/settings', { feed_url: 'ftp://x', depth_strikes: -1 });
  assert.equal(bad.status, 400);
  assert.deepEqual(!bad.body.ok && bad.body.errors.map((e) => e.field).sort(), ['depth_strikes', 'feed_url']);

  const start = await api<{ url: string; opened: boolean; expires_at: number }>('POST', '/api/upstox/login', {});
  assert.equal(start.status, 200);
  assert.deepEqual(opened, [start.body.url]);
  assert.ok(start.body.url.startsWith(`${sim.baseUrl}/v2/login/authorization/dialog?`));
  // The browser: the dialog approves and redirects to Optick's callback, which needs no API token.
  const dialog = await fetch(start.body.url, { redirect: 'manual' });
  assert.equal(dialog.status, 302);
  const callback = dialog.headers.get('location')!;
  assert.ok(callback.startsWith(`${host.url}/upstox/callback?`));
  const page = await fetch(callback);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Upstox connected.*Simulated Trader/s);
  // The callback is single-use.
  const replay = await fetch(callback);
  assert.equal(replay.status, 400);
  assert.match(await replay.text(), /unknown, already used/);
  assert.equal((await fetch(`${host.url}/upstox/callback?code=x&state=forged`)).status, 400);

  const secretsFile = join(dataDir, 'secrets.json');
  assert.equal(statSync(secretsFile).mode & 0o777, 0o600);
  const stored = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
  const accessToken = (JSON.parse(stored['upstox.session']!) as { access_token: string }).access_token;
  assert.equal(stored['upstox.api_secret'], SECRET);
  assert.ok(!readFileSync(join(dataDir, 'upstox.json'), 'utf8').includes(SECRET));

  // The index first; the strikes once its price has placed ATM.
  s = await until(status, (v) => v.feed?.state === 'connected' && (v.feed.subscriptions.find((u) => u.mode === 'option_greeks')?.count ?? 0) > 0, 'feed connected with the chain subscribed');
  // 'renew_before_session' when the token dies at 03:30 before the next session (a weekend run).
  assert.ok(['valid', 'renew_before_session'].includes(s.login.state), s.login.state);
  assert.equal(s.login.needed, false);
  assert.equal(s.account?.user_id, 'SIM001');
  assert.ok(s.token!.expires_in_ms > 0 && s.token!.expires_in_ms <= 24.5 * 3_600_000);
  assert.ok(s.banner === null || s.banner.level === 'warn', JSON.stringify(s.banner));
  const full = s.feed!.subscriptions.find((u) => u.mode === 'full')!;
  const greeks = s.feed!.subscriptions.find((u) => u.mode === 'option_greeks')!;
  assert.equal(full.count, 1 + 21 * 2, 'index + ±10 strikes in full');
  // Whole expiry: the simulator lists 121 strikes a series; all but the 21 in full go in option_greeks.
  assert.equal(greeks.count, (121 - 21) * 2, 'the rest of the expiry in option_greeks');
  assert.equal(full.limit, 1500);
  assert.deepEqual((await sim.stats()).subscribed, { full: 43, option_greeks: 200 });
  assert.equal((await sim.stats()).connections, 1, 'one connection per account');
  assert.equal(s.feed!.segments.NSE_FO, 'NORMAL_OPEN');

  // Tokens and secrets never in the log or the status.
  const all = lines.join('\n') + JSON.stringify(s);
  assert.ok(lines.some((l) => /logged in to Upstox as SIM001/.test(l)));
  assert.ok(!all.includes(accessToken), 'access token not logged');
  assert.ok(!all.includes(SECRET), 'API secret not logged');

  // 03:30 IST passes on the broker's side: the next handshake gets 401 and Optick asks for a login.
  simClock += 25 * 3_600_000;
  await sim.dropConnections({ code: 4000 });
  s = await until(status, (v) => v.feed?.state === 'error', 'feed stopped on 401');
  assert.equal(s.login.state, 'rejected');
  assert.equal(s.login.needed, true);
  assert.match(s.banner!.message, /rejected the access token \(HTTP 401\); log in again/);
  const rejectedUpgrades = (await sim.stats()).rejectedUpgrades;
  await sleep(800);
  assert.equal((await sim.stats()).rejectedUpgrades, rejectedUpgrades, 'no retries after 401');

  // Logging in again reconnects.
  const again = await api<{ url: string }>('POST', '/api/upstox/login', {});
  const cb = (await fetch(again.body.url, { redirect: 'manual' })).headers.get('location')!;
  assert.equal((await fetch(cb)).status, 200);
  await until(status, (v) => v.feed?.state === 'connected' && !v.login.needed, 'connected after the new login');

  // Logout forgets the token and disconnects.
  assert.equal((await api('POST', '/api/upstox/logout', {})).status, 200);
  s = await until(status, (v) => v.feed?.state === 'error', 'disconnected after logout');
  assert.equal(s.login.state, 'logged_out');
  assert.equal((JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>)['upstox.session'], undefined);
  assert.ok(lines.some((l) => /no OS keyring in headless mode/.test(l)));
  assert.equal(lines.filter((l) => /no OS keyring/.test(l)).length, 1, 'warned once');
});

test('the upstox.* contract methods answer over the WebSocket dispatcher too', async () => {
  const { default: WebSocket } = await import('ws');
  const ws = new WebSocket(`${host.url.replace('http', 'ws')}/ws?token=${API}`, { headers: { Origin: host.url } });
  await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
  const reply = new Promise<{ id: number; ok: boolean; res: { api_key: string; has_api_secret: boolean } }>((resolve) => {
    ws.on('message', (d) => { const f = JSON.parse(d.toString()); if (f.id === 1) resolve(f); });
  });
  ws.send(JSON.stringify({ id: 1, method: 'upstox.get_settings', req: {} }));
  const r = await reply;
  ws.close();
  assert.equal(r.ok, true);
  assert.equal(r.res.api_key, 'my-app-key');
  assert.equal(r.res.has_api_secret, true);
});

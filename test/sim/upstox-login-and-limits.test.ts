// Simulator parity: the login dialog and token endpoint (single-use codes, wrong client id →
// UDAPI100068), issued tokens accepted until 03:30 IST by the simulator's clock (then 401), and
// Upstox's per-mode key limits enforced (excess keys ignored and counted).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { startSimulator, type SimulatorHandle } from '../../src/main/sim/index.ts';
import { FeedClient } from './feed-client.ts';

const ist = (iso: string): number => Date.parse(`${iso}+05:30`);
let clock = ist('2026-11-21T10:00:00');
let sim: SimulatorHandle;
const REDIRECT = 'http://127.0.0.1:7373/upstox/callback';

before(async () => {
  sim = await startSimulator({ rate: 500, seed: 5, now: () => clock, clientId: 'app-key', clientSecret: 'app-secret' });
});
after(() => sim.close());

const dialog = (params: Record<string, string>) =>
  fetch(`${sim.baseUrl}/v2/login/authorization/dialog?${new URLSearchParams({ response_type: 'code', ...params })}`, { redirect: 'manual' });
const token = (form: Record<string, string>) =>
  fetch(`${sim.baseUrl}/v2/login/authorization/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: new URLSearchParams(form).toString() });
const authorize = (t: string) => fetch(`${sim.baseUrl}/v3/feed/market-data-feed/authorize`, { headers: { Authorization: `Bearer ${t}` } });

async function login(): Promise<string> {
  const d = await dialog({ client_id: 'app-key', redirect_uri: REDIRECT, state: 'st-1' });
  assert.equal(d.status, 302);
  const back = new URL(d.headers.get('location')!);
  assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
  assert.equal(back.searchParams.get('state'), 'st-1');
  const code = back.searchParams.get('code')!;
  const form = { code, client_id: 'app-key', client_secret: 'app-secret', redirect_uri: REDIRECT, grant_type: 'authorization_code' };
  const r = await token(form);
  assert.equal(r.status, 200);
  const body = await r.json() as { access_token: string; user_id: string; broker: string };
  assert.equal(body.broker, 'UPSTOX');
  assert.equal(body.user_id, 'SIM001');
  const again = await token(form);
  assert.equal(again.status, 400, 'codes are single-use');
  assert.match(await again.text(), /UDAPI100057/);
  return body.access_token;
}

test('dialog: a wrong client id or a foreign redirect URI gets UDAPI100068; the right app is approved with a 302', async () => {
  for (const params of [{ client_id: 'other', redirect_uri: REDIRECT }, { client_id: 'app-key', redirect_uri: 'https://evil.example/cb' }]) {
    const r = await dialog(params);
    assert.equal(r.status, 400);
    assert.match(await r.text(), /UDAPI100068/);
  }
  const t = await login();
  assert.ok(t.length >= 20);
});

test('token endpoint: wrong secret or grant type refused', async () => {
  const d = await dialog({ client_id: 'app-key', redirect_uri: REDIRECT });
  const code = new URL(d.headers.get('location')!).searchParams.get('code')!;
  assert.equal((await token({ code, client_id: 'app-key', client_secret: 'nope', redirect_uri: REDIRECT, grant_type: 'authorization_code' })).status, 401);
  assert.equal((await token({ code, client_id: 'app-key', client_secret: 'app-secret', redirect_uri: REDIRECT, grant_type: 'password' })).status, 400);
});

test('an issued token opens authorize and the feed until 03:30 IST by the simulator clock, then 401', async () => {
  clock = ist('2026-11-21T10:00:00');
  const t = await login();
  assert.equal((await authorize(t)).status, 200);
  const c = new FeedClient(sim.feedUrl, t);
  await c.opened();
  c.close();
  clock = ist('2026-11-22T03:29:59');
  assert.equal((await authorize(t)).status, 200);
  clock = ist('2026-11-22T03:30:00');
  assert.equal((await authorize(t)).status, 401);
  const late = new FeedClient(sim.feedUrl, t);
  await assert.rejects(late.opened(), /Unexpected server response: 401/);
  assert.equal((await authorize(sim.token)).status, 200, 'the fixed token never expires');
  assert.equal((await sim.stats()).logins >= 2, true);
});

test('per-mode limits: keys past a limit are ignored and counted, alone and when modes mix', async () => {
  const records = JSON.parse(gunzipSync(Buffer.from(await (await fetch(sim.instrumentsUrl)).arrayBuffer())).toString('utf8')) as { instrument_key: string }[];
  const keys = records.map((r) => r.instrument_key);
  assert.ok(keys.length > 2100, `${keys.length} instruments`);
  const c = new FeedClient(sim.feedUrl, sim.token);
  await c.opened();
  try {
    const base = (await sim.stats()).overLimitKeys;
    c.request('sub', keys.slice(0, 2100), 'full');
    await c.until(() => c.ofType('initial_feed').length >= 1, 'snapshot');
    let s = await sim.stats();
    assert.equal(s.subscribed.full, 2000, 'full alone: 2000');
    assert.equal(s.overLimitKeys - base, 100);
    // Mixing: full must come down to 1500 before another mode fits.
    c.request('sub', [keys[2050]!], 'ltpc');
    // A refused key sends nothing back: wait for the simulator to have counted it (not a fixed sleep).
    for (const end = Date.now() + 10_000; (s = await sim.stats()).overLimitKeys - base < 101 && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
    assert.equal(s.subscribed.ltpc, undefined, 'ltpc refused while full holds 2000');
    assert.equal(s.overLimitKeys - base, 101);
    c.request('unsub', keys.slice(1500, 2000));
    c.request('sub', keys.slice(2000, 2100), 'option_greeks');
    await c.until(() => c.ofType('initial_feed').length >= 2, 'second snapshot');
    s = await sim.stats();
    assert.deepEqual(s.subscribed, { full: 1500, option_greeks: 100 });
    // change_mode is checked key by key: option_greeks stops at its combined 2000 while full is
    // still in use, and the keys past it stay in full.
    c.request('sub', keys.slice(1500, 2000), 'option_greeks');
    await c.until(() => c.ofType('initial_feed').length >= 3, 'third snapshot');
    assert.deepEqual((await sim.stats()).subscribed, { full: 1500, option_greeks: 600 });
    const before = (await sim.stats()).overLimitKeys;
    c.request('change_mode', keys.slice(0, 1500), 'option_greeks');
    await c.until(() => c.ofType('initial_feed').length >= 4, 'fourth snapshot');
    s = await sim.stats();
    assert.deepEqual(s.subscribed, { full: 100, option_greeks: 2000 });
    assert.equal(s.overLimitKeys - before, 100);
  } finally {
    c.close();
  }
});

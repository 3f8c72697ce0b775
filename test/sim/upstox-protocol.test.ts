// The simulator speaks Upstox Market Data Feed V3 as protocols.md §1 describes, checked with a raw ws client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startSimulator } from '../../src/main/sim/index.ts';
import type { SimulatorHandle } from '../../src/main/sim/index.ts';
import { FeedClient } from './feed-client.ts';

let sim: SimulatorHandle;
const NIFTY = 'NSE_INDEX|Nifty 50';
const clients: FeedClient[] = [];
const client = (): FeedClient => {
  const c = new FeedClient(sim.feedUrl, sim.token);
  clients.push(c);
  return c;
};

before(async () => {
  sim = await startSimulator({ rate: 4000, seed: 7, idlePingMs: 150 });
});
after(async () => {
  for (const c of clients) c.close();
  await sim.close();
});

/** Near-the-money option keys of NIFTY's nearest expiry, from the instrument master. */
async function nearKeys(n: number): Promise<string[]> {
  const { gunzipSync } = await import('node:zlib');
  const res = await fetch(sim.instrumentsUrl);
  const records = JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')) as { instrument_key: string; expiry?: number; strike_price?: number; underlying_symbol?: string }[];
  const opts = records.filter((r) => r.underlying_symbol === 'NIFTY');
  const nearest = Math.min(...opts.map((r) => r.expiry!));
  return opts.filter((r) => r.expiry === nearest).sort((a, b) => Math.abs(a.strike_price! - 26000) - Math.abs(b.strike_price! - 26000)).slice(0, n).map((r) => r.instrument_key);
}

function rawUpgrade(path: string, headers: Record<string, string>): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sim.port, path, headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers } });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve({ status: res.statusCode ?? 101, body: '' }); });
    req.on('error', reject);
    req.end();
  });
}

test('REST authorize returns the feeder URL under both key spellings; a bad or missing token gets 401 with an Upstox error body', async () => {
  const ok = await fetch(`${sim.baseUrl}/v3/feed/market-data-feed/authorize`, { headers: { Authorization: `Bearer ${sim.token}`, Accept: 'application/json' } });
  assert.equal(ok.status, 200);
  const body = await ok.json() as { status: string; data: { authorized_redirect_uri: string; authorizedRedirectUri: string } };
  assert.equal(body.status, 'success');
  assert.match(body.data.authorized_redirect_uri, new RegExp(`^ws://127\\.0\\.0\\.1:${sim.port}/market-data-feeder/v3/upstox-developer-api/feeds\\?requestId=[0-9a-f-]{36}&code=[0-9a-f-]{36}$`));
  assert.equal(body.data.authorizedRedirectUri, body.data.authorized_redirect_uri);
  for (const headers of [{ Authorization: 'Bearer wrong' }, {}] as Record<string, string>[]) {
    const bad = await fetch(`${sim.baseUrl}/v3/feed/market-data-feed/authorize`, { headers });
    assert.equal(bad.status, 401);
    const err = await bad.json() as { status: string; errors: { errorCode: string }[] };
    assert.equal(err.status, 'error');
    assert.equal(err.errors[0]?.errorCode, 'UDAPI100050');
  }
});

test('the feed entry answers the upgrade with 302 to the feeder and a fresh one-time code; a bad token gets 401', async () => {
  const a = await rawUpgrade('/v3/feed/market-data-feed', { Authorization: `Bearer ${sim.token}` });
  const b = await rawUpgrade('/v3/feed/market-data-feed', { Authorization: `Bearer ${sim.token}` });
  assert.equal(a.status, 302);
  assert.match(a.location ?? '', /\/market-data-feeder\/v3\/upstox-developer-api\/feeds\?requestId=.+&code=.+/);
  assert.notEqual(new URL(a.location!).searchParams.get('code'), new URL(b.location!).searchParams.get('code'));
  assert.equal((await rawUpgrade('/v3/feed/market-data-feed', { Authorization: 'Bearer nope' })).status, 401);
  assert.equal((await rawUpgrade('/v3/feed/market-data-feed', {})).status, 401);
  const ws = new WebSocket(sim.feedUrl, { headers: { Authorization: 'Bearer nope' }, followRedirects: true });
  const err = await new Promise<Error>((resolve) => ws.on('error', resolve));
  assert.match(err.message, /Unexpected server response: 401/);
});

test('a feeder code works once: the second upgrade with it is refused (403), an unknown code gets 401', async () => {
  const res = await fetch(`${sim.baseUrl}/v3/feed/market-data-feed/authorize`, { headers: { Authorization: `Bearer ${sim.token}` } });
  const uri = ((await res.json()) as { data: { authorized_redirect_uri: string } }).data.authorized_redirect_uri;
  const first = new WebSocket(uri); // no Authorization header: the code is the credential
  await new Promise((resolve, reject) => { first.on('open', resolve); first.on('error', reject); });
  first.terminate();
  const path = uri.slice(uri.indexOf('/market-data-feeder'));
  assert.equal((await rawUpgrade(path, {})).status, 403);
  assert.equal((await rawUpgrade(path.replace(/code=[^&]+/, 'code=00000000-0000-0000-0000-000000000000'), {})).status, 401);
});

test('market_info comes first (binary, NORMAL_OPEN for NSE_FO and NSE_INDEX), then initial_feed after a sub, then live_feed', async () => {
  const c = client();
  await c.opened();
  await c.until(() => c.frames.length >= 1, 'market_info');
  const first = c.frames[0]!;
  assert.equal(first.isBinary, true);
  assert.equal(first.msg.type, 2);
  assert.equal(first.msg.marketInfo?.segmentStatus?.NSE_FO, 2);
  assert.equal(first.msg.marketInfo?.segmentStatus?.NSE_INDEX, 2);
  const keys = [NIFTY, ...(await nearKeys(4))];
  c.request('sub', keys, 'full');
  await c.until(() => c.ofType('initial_feed').length === 1, 'initial_feed');
  const init = c.ofType('initial_feed')[0]!;
  assert.equal(Object.hasOwn(init.msg, 'type'), false, 'initial_feed is type 0: omitted on the wire');
  assert.deepEqual(Object.keys(init.msg.feeds).sort(), [...keys].sort());
  const idx = init.msg.feeds[NIFTY]!;
  assert.equal(idx.requestMode, 1);
  assert.ok((idx.fullFeed?.indexFF?.ltpc?.ltp ?? 0) > 20000);
  const opt = init.msg.feeds[keys[1]!]!.fullFeed!.marketFF!;
  assert.equal(opt.marketLevel?.bidAskQuote?.length, 5);
  assert.ok(opt.optionGreeks?.delta !== undefined && opt.optionGreeks.gamma! > 0 && opt.optionGreeks.vega! > 0 && opt.optionGreeks.theta! < 0);
  assert.deepEqual(opt.marketOHLC?.ohlc?.map((o) => o.interval), ['1d', 'I1', 'I1']);
  assert.ok(opt.iv! > 0.03 && opt.iv! < 1, `iv is a fraction, got ${opt.iv}`);
  assert.ok(opt.vtt! > 0 && opt.oi! > 0 && opt.tbq! > 0 && opt.tsq! > 0 && opt.atp! > 0);
  await c.until(() => c.ofType('live_feed').length >= 3, 'live_feed frames');
  assert.ok(c.frames.indexOf(init) < c.frames.indexOf(c.ofType('live_feed')[0]!));
  for (const f of c.ofType('live_feed')) {
    assert.equal(f.isBinary, true);
    for (const k of Object.keys(f.msg.feeds)) assert.ok(keys.includes(k), `live_feed carries only subscribed keys, got ${k}`);
  }
});

test('sub without a mode is ltpc (no requestMode on the wire); sub or change_mode on a subscribed key changes its mode', async () => {
  const c = client();
  await c.opened();
  const [k] = await nearKeys(1);
  c.request('sub', [k!]);
  await c.until(() => c.ofType('initial_feed').length === 1, 'initial ltpc');
  const ltpc = c.ofType('initial_feed')[0]!.msg.feeds[k!]!;
  assert.equal(Object.hasOwn(ltpc, 'requestMode'), false);
  assert.ok(ltpc.ltpc!.ltp! > 0 && ltpc.ltpc!.cp! > 0);
  c.request('sub', [k!], 'option_greeks');
  await c.until(() => c.ofType('initial_feed').length === 2, 'initial option_greeks');
  const greeks = c.ofType('initial_feed')[1]!.msg.feeds[k!]!;
  assert.equal(greeks.requestMode, 2);
  assert.ok((greeks.firstLevelWithGreeks?.firstDepth?.askP ?? 0) > 0 && greeks.firstLevelWithGreeks?.optionGreeks?.delta !== undefined);
  c.request('change_mode', [k!], 'full');
  await c.until(() => c.ofType('initial_feed').length === 3, 'initial full');
  assert.equal(c.ofType('initial_feed')[2]!.msg.feeds[k!]!.requestMode, 1);
  const from = c.frames.length;
  await c.until(() => c.frames.slice(from).some((f) => f.msg.feeds[k!]), 'a live tick of the key', 8000);
  const live = c.frames.slice(from).find((f) => f.msg.feeds[k!])!.msg.feeds[k!]!;
  assert.ok(live.fullFeed?.marketFF, 'live updates follow the new mode');
});

test('unsub stops updates for the key; unknown keys are ignored and counted; text frames are accepted too', async () => {
  const c = client();
  await c.opened();
  const keys = await nearKeys(3);
  c.request('sub', [...keys, 'NSE_FO|1', 'NSE_FO|bogus'], 'ltpc', true);
  await c.until(() => c.ofType('initial_feed').length === 1, 'initial_feed');
  assert.deepEqual(Object.keys(c.ofType('initial_feed')[0]!.msg.feeds).sort(), [...keys].sort());
  assert.ok(((await sim.stats()).unknownKeys) >= 2);
  c.request('unsub', [keys[0]!]);
  await new Promise((r) => setTimeout(r, 120));
  const from = c.frames.length;
  await new Promise((r) => setTimeout(r, 600));
  const later = c.frames.slice(from);
  assert.ok(later.length > 0, 'other keys keep ticking');
  assert.ok(later.every((f) => !f.msg.feeds[keys[0]!]), 'no update for the unsubscribed key');
});

test('a malformed request is counted and ignored; the connection stays up', async () => {
  const c = client();
  await c.opened();
  const before = (await sim.stats()).badRequests;
  c.ws.send(Buffer.from('{not json'));
  c.ws.send(Buffer.from(JSON.stringify({ guid: 'x', method: 'sub', data: { mode: 'bogus', instrumentKeys: [NIFTY] } })));
  c.request('sub', [NIFTY], 'ltpc');
  await c.until(() => c.ofType('initial_feed').length === 1, 'initial_feed after bad requests');
  assert.equal((await sim.stats()).badRequests, before + 2);
});

test('an idle connection gets WebSocket pings', async () => {
  const c = client();
  await c.opened();
  await c.until(() => c.pings >= 2, 'two pings', 3000);
});

test('stall holds frames and pings, then the feed resumes', async () => {
  const c = client();
  await c.opened();
  c.request('sub', [NIFTY, ...(await nearKeys(10))], 'ltpc');
  await c.until(() => c.ofType('live_feed').length >= 2, 'live feed');
  await sim.stall(500);
  await new Promise((r) => setTimeout(r, 60));
  const n = c.frames.length;
  const pings = c.pings;
  await new Promise((r) => setTimeout(r, 350));
  assert.equal(c.frames.length, n, 'nothing during the stall');
  assert.equal(c.pings, pings);
  await c.until(() => c.frames.length > n, 'frames after the stall', 3000);
});

test('dropConnections closes with a 4000-range code, or resets the TCP connection', async () => {
  const a = client();
  await a.opened();
  await sim.dropConnections({ code: 4001 });
  await a.until(() => a.closeCode !== undefined, 'close');
  assert.equal(a.closeCode, 4001);
  const b = client();
  await b.opened();
  await sim.dropConnections({ reset: true });
  await b.until(() => b.closeCode !== undefined, 'reset');
  assert.equal(b.closeCode, 1006, 'abnormal closure: no close frame');
  await assert.rejects(async () => sim.dropConnections({ code: 1006 }), RangeError);
});

// Issue 10, the HTTP/WebSocket/IPC part: no request, frame or body can take the server down.
// A real server host on loopback (simulator, engine, Upstox account), raw sockets for the
// requests fetch() would refuse to send, a real WebSocket and a real MessagePort.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import WebSocket from 'ws';
import type { HostFrame } from '../../src/shared/api.ts';
import { createDispatcher } from '../../src/main/host/api-dispatch.ts';
import { ClientHub } from '../../src/main/host/client-hub.ts';
import { bridgePort } from '../../src/main/host/port-bridge.ts';
import { startServerHost, type ServerHost } from '../../src/main/host/server.ts';
import type { Router } from '../../src/main/host/http/router.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';
import { rawGet, rawRequest } from '../helpers/raw-http.ts';

const TOKEN = 'hardening-token-0123456789';
let t: TestHost;
let host: ServerHost;
const logged: string[] = [];
const auth = { Authorization: `Bearer ${TOKEN}` };

/** A route module of the test's own whose handlers fail the way a bug would. */
function failingRoutes(r: Router): void {
  r.get('/api/test/throw', () => { throw new TypeError('a bug in a handler'); });
  r.get('/api/test/reject', async () => { await Promise.resolve(); throw new RangeError('a bug after an await'); });
}

before(async () => {
  t = await startTestHost(TOKEN, { feed: { kind: 'sim', seed: 3, rate: 500 } });
  const rendererDir = join(t.dataDir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Optick</title>');
  host = await startServerHost({
    engine: t.runtime.engine, hours: t.runtime.hours.api, upstox: t.runtime.upstox, token: TOKEN, port: 0, rendererDir,
    log: (level, message) => { logged.push(`${level} ${message}`); }, routes: [failingRoutes],
  });
});

after(async () => {
  await host?.close();
  await t?.close();
});

async function alive(): Promise<void> {
  const r = await fetch(`${host.url}/health`);
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { status: 'ok' });
}

describe('malformed requests are a 400, never a crash', () => {
  it('GET /%E0%A4%A without a token answers 400 JSON and the server keeps serving', async () => {
    const a = await rawGet(host.port, '/%E0%A4%A');
    assert.equal(a.status, 400);
    const body = JSON.parse(a.body) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'bad_request');
    assert.match(body.error.message, /malformed percent-encoding/);
    await alive();
    const page = await fetch(`${host.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>Optick<\/title>/);
  });

  it('malformed percent-encoding in API paths is a 400 too (with or without the token)', async () => {
    for (const path of ['/api/option-chain/%E0%A4%A', '/api/expiries/%', '/api/trading-hours/%ZZ', '/api/export/%C0.csv', '/assets/%FF%FE']) {
      const a = await rawGet(host.port, path, auth);
      assert.equal(a.status, 400, `${path}: ${a.head}`);
      assert.equal((JSON.parse(a.body) as { error: { code: string } }).error.code, 'bad_request');
    }
    assert.equal((await rawGet(host.port, '/ws/%E0%A4%A')).status, 400);
    await alive();
  });

  it('odd request targets get an answer: absolute form, NUL, authority-looking paths, upgrades', async () => {
    assert.equal((await rawGet(host.port, `http://127.0.0.1:${host.port}/health`)).status, 200);
    assert.equal((await rawGet(host.port, '/a%00b')).status, 400);
    assert.equal((await rawGet(host.port, '//[/api/underlyings', auth)).status, 200, 'empty segments are ignored');
    assert.equal((await rawGet(host.port, '*')).status, 400);
    const upgrade = await rawRequest(host.port, `GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
    assert.equal(upgrade.status, 400);
    assert.equal((await rawRequest(host.port, 'NOT HTTP AT ALL\r\n\r\n')).status, 400);
    await alive();
  });
});

describe('one error boundary around every handler', () => {
  it('a handler that throws (synchronously or after an await) answers 500 JSON, logged once with method and path', async () => {
    for (const [path, cause] of [['/api/test/throw', 'a bug in a handler'], ['/api/test/reject', 'a bug after an await']] as const) {
      const before = logged.length;
      const r = await fetch(`${host.url}${path}?token=${TOKEN}&x=1`, { headers: auth });
      assert.equal(r.status, 500);
      assert.deepEqual(await r.json(), { error: { code: 'internal', message: cause } });
      const errors = logged.slice(before).filter((l) => l.startsWith('error '));
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0]!, new RegExp(`^error GET ${path.replace(/\//g, '\\/')}: \\w*Error: ${cause}`));
      assert.ok(!errors[0]!.includes(TOKEN), 'the query (and a token in it) never reaches the log');
    }
    await alive();
  });

  it('a wrong method on a known path is a 405 naming the allowed ones; unknown API paths 404', async () => {
    const r = await fetch(`${host.url}/api/underlyings`, { method: 'DELETE', headers: auth });
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET');
    assert.equal((await fetch(`${host.url}/api/nothing-here`, { headers: auth })).status, 404);
    assert.equal((await fetch(`${host.url}/api/nothing-here`)).status, 401, 'no token: not even whether it exists');
  });
});

describe('a bug inside a contract method', () => {
  it('answers internal over IPC and is logged once, with the stack of the original error', async () => {
    const errors: string[] = [];
    const brokenHours = { ...t.runtime.hours.api, call: () => { throw new TypeError('hours exploded'); } };
    const hub = new ClientHub(t.runtime.engine, createDispatcher({ engine: t.runtime.engine, hours: brokenHours }), (level, m) => { if (level === 'error') errors.push(m); });
    const { port1, port2 } = new MessageChannel();
    bridgePort(hub, { post: (f) => port1.postMessage(f), onMessage: (l) => port1.on('message', l), onClose: (l) => port1.on('close', l) });
    const reply = new Promise<HostFrame>((resolve) => port2.on('message', (f: HostFrame) => { if ('id' in f && f.id === 1) resolve(f); }));
    port2.postMessage({ id: 1, method: 'hours.list', req: {} });
    const f = (await reply) as Extract<HostFrame, { ok: false }>;
    port2.close();
    hub.close();
    assert.deepEqual(f.error, { code: 'internal', message: 'hours exploded' });
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /^hours\.list from ipc-[\w-]+: TypeError: hours exploded\n\s+at .*hardening\.test\.ts/);
  });
});

describe('the WebSocket/IPC method table has own methods only', () => {
  const inherited = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];

  it('over WebSocket: inherited object members are unknown methods, answered bad_request, nothing logged as a bug', async () => {
    const before = logged.length;
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/ws?token=${TOKEN}`);
    const replies = new Map<number, HostFrame>();
    ws.on('message', (d) => { const f = JSON.parse(d.toString()) as HostFrame; if ('id' in f) replies.set(f.id, f); });
    await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
    inherited.forEach((method, i) => ws.send(JSON.stringify({ id: i + 1, method, req: {} })));
    ws.send(JSON.stringify({ id: 100, method: 'meta.underlyings', req: {} }));
    for (let i = 0; i < 100 && replies.size < inherited.length + 1; i++) await new Promise((r) => setTimeout(r, 50));
    ws.close();
    inherited.forEach((method, i) => {
      const f = replies.get(i + 1);
      assert.ok(f && 'ok' in f && !f.ok, `${method}: ${JSON.stringify(f)}`);
      assert.equal(f.error.code, 'bad_request');
      assert.match(f.error.message, new RegExp(`unknown method "${method}"`));
    });
    assert.equal((replies.get(100) as { ok: boolean }).ok, true, 'real methods still answer');
    assert.deepEqual(logged.slice(before).filter((l) => l.startsWith('error ')), []);
  });

  it('over a MessagePort (the Electron host path): the same', async () => {
    const errors: string[] = [];
    const hub = new ClientHub(t.runtime.engine, createDispatcher({ engine: t.runtime.engine, hours: t.runtime.hours.api }), (level, m) => { if (level === 'error') errors.push(m); });
    const { port1, port2 } = new MessageChannel();
    bridgePort(hub, { post: (f) => port1.postMessage(f), onMessage: (l) => port1.on('message', l), onClose: (l) => port1.on('close', l) });
    const replies = new Map<number, HostFrame>();
    port2.on('message', (f: HostFrame) => { if ('id' in f) replies.set(f.id, f); });
    inherited.forEach((method, i) => port2.postMessage({ id: i + 1, method, req: {} }));
    port2.postMessage({ id: 99, method: 'status.get' });
    port2.postMessage({ id: 98, method: 'status.get', req: null });
    port2.postMessage('not a frame');
    for (let i = 0; i < 100 && replies.size < inherited.length + 3; i++) await new Promise((r) => setTimeout(r, 50));
    port2.close();
    hub.close();
    for (const [i, method] of inherited.entries()) {
      const f = replies.get(i + 1) as Extract<HostFrame, { ok: false }>;
      assert.equal(f?.error.code, 'bad_request', method);
      assert.match(f.error.message, new RegExp(`"${method}"`));
    }
    assert.equal((replies.get(99) as { ok: boolean }).ok, true, 'an omitted req is an empty one');
    assert.equal((replies.get(98) as Extract<HostFrame, { ok: false }>).error.code, 'bad_request', 'a null req is not');
    assert.equal((replies.get(-1) as Extract<HostFrame, { ok: false }>).error.code, 'bad_request');
    assert.deepEqual(errors, []);
  });
});

describe('bodies must be what the route takes', () => {
  it('PUT /api/upstox/settings with null, an array, a number, a string or nothing → 400, nothing written', async () => {
    const file = join(t.dataDir, 'upstox.json');
    const beforeText = existsSync(file) ? readFileSync(file, 'utf8') : null;
    for (const body of ['null', '[]', '3', '"rest_base"', '', 'true']) {
      const r = await fetch(`${host.url}/api/upstox/settings`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body });
      assert.equal(r.status, 400, `body ${JSON.stringify(body)}`);
      const e = (await r.json()) as { error: { code: string; message: string } };
      assert.equal(e.error.code, 'bad_request');
      assert.match(e.error.message, /request body must be a JSON object/);
    }
    const text = await fetch(`${host.url}/api/upstox/settings`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' });
    assert.equal(text.status, 400, 'a text body is not a JSON object');
    assert.equal(existsSync(file) ? readFileSync(file, 'utf8') : null, beforeText, 'the settings file is untouched');
    assert.equal((await fetch(`${host.url}/api/upstox/settings`, { headers: auth })).status, 200);
  });

  it('over WebSocket too: upstox.put_settings with null, an array or a number is bad_request, nothing written', async () => {
    const file = join(t.dataDir, 'upstox.json');
    const beforeText = existsSync(file) ? readFileSync(file, 'utf8') : null;
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/ws?token=${TOKEN}`);
    const replies = new Map<number, HostFrame>();
    ws.on('message', (d) => { const f = JSON.parse(d.toString()) as HostFrame; if ('id' in f) replies.set(f.id, f); });
    await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
    const bad = [null, [], 3, 'x', true];
    bad.forEach((req, i) => ws.send(JSON.stringify({ id: i + 1, method: 'upstox.put_settings', req })));
    ws.send(JSON.stringify({ id: 50, method: 'status.get' }));
    for (let i = 0; i < 100 && replies.size < bad.length + 1; i++) await new Promise((r) => setTimeout(r, 50));
    ws.close();
    bad.forEach((req, i) => {
      const f = replies.get(i + 1) as Extract<HostFrame, { ok: false }>;
      assert.equal(f?.error.code, 'bad_request', JSON.stringify(req));
      assert.match(f.error.message, /request of upstox.put_settings must be an object/);
    });
    assert.equal((replies.get(50) as { ok: boolean }).ok, true, 'an omitted req is an empty one');
    assert.equal(existsSync(file) ? readFileSync(file, 'utf8') : null, beforeText);
  });

  it('a body that is not JSON, or over 1 MiB, is a 400', async () => {
    const r = await fetch(`${host.url}/api/pricing/greeks`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"cases": [' });
    assert.equal(r.status, 400);
    const big = await rawRequest(host.port, `POST /api/pricing/iv HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\nConnection: close\r\n\r\n${'['.repeat(2 * 1024 * 1024)}`);
    assert.equal(big.status, 400);
    await alive();
  });
});

describe('the API token: a header for scripts, ?token= only where a header cannot be sent, then a cookie', () => {
  const cookieOf = (setCookie: string | null): string => (setCookie ?? '').split(';')[0]!;

  it('the first page load with ?token= sets an HttpOnly, SameSite=Strict, Path=/ cookie that is not the token', async () => {
    const page = await fetch(`${host.url}/?token=${TOKEN}&view=chain`);
    assert.equal(page.status, 200);
    const set = page.headers.get('set-cookie');
    assert.match(set ?? '', new RegExp(`^optick-token-${host.port}=[A-Za-z0-9_-]{20,}; HttpOnly; SameSite=Strict; Path=/$`));
    assert.ok(!set!.includes(TOKEN), 'the cookie holds a derived value, not the token');
    assert.equal((await fetch(`${host.url}/?token=wrong`)).headers.get('set-cookie'), null, 'a wrong token sets nothing');
    assert.equal((await fetch(`${host.url}/`)).headers.get('set-cookie'), null);
  });

  it('the cookie authenticates API requests and the WebSocket; ?token= on /api does not', async () => {
    const cookie = cookieOf((await fetch(`${host.url}/?token=${TOKEN}`)).headers.get('set-cookie'));
    assert.equal((await fetch(`${host.url}/api/underlyings`, { headers: { Cookie: cookie } })).status, 200);
    assert.equal((await fetch(`${host.url}/api/underlyings`, { headers: { Cookie: `other=1; ${cookie}; x=y` } })).status, 200);
    assert.equal((await fetch(`${host.url}/api/underlyings`, { headers: { Cookie: `optick-token-${host.port}=forged` } })).status, 401);
    assert.equal((await fetch(`${host.url}/api/underlyings`, { headers: { Cookie: `optick-token-${host.port}=${TOKEN}` } })).status, 401, 'the raw token is not a cookie');
    assert.equal((await fetch(`${host.url}/api/underlyings?token=${TOKEN}`)).status, 401, 'scripts send the header');
    assert.equal((await fetch(`${host.url}/api/underlyings`, { headers: auth })).status, 200);
    const open = (url: string, headers: Record<string, string>) => new Promise<number>((resolve) => {
      const ws = new WebSocket(url, { headers: { Origin: host.url, ...headers } });
      ws.once('open', () => { ws.close(); resolve(101); });
      ws.once('unexpected-response', (_q, res) => resolve(res.statusCode!));
    });
    const wsUrl = `${host.url.replace('http', 'ws')}/ws`;
    assert.equal(await open(wsUrl, { Cookie: cookie }), 101, 'the cookie opens the socket');
    assert.equal(await open(`${wsUrl}?token=${TOKEN}`, {}), 101, 'so does ?token= (a WebSocket cannot send a header)');
    assert.equal(await open(wsUrl, {}), 401);
  });
});

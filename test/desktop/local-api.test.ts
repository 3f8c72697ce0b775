// Issue 12: the local API inside the desktop app is the real server host on 127.0.0.1 (the
// engine of a running Optick behind it); a port in use leaves the app running without it and
// says why; the settings turn it off, on and onto another port.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appLayout } from '../../src/main/app-paths.ts';
import { loadApiToken } from '../../src/main/host/api-token.ts';
import { LocalApi, listenFailure } from '../../src/main/host/desktop/local-api.ts';
import { startServerHost } from '../../src/main/host/server.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';
import { recordingLogger } from './fake-surface.ts';

let t: TestHost;
let blocker: Server;
let busyPort = 0;
const log = recordingLogger();

before(async () => {
  t = await startTestHost('unused-test-token-0123456789');
  blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  busyPort = (blocker.address() as { port: number }).port;
});
after(async () => {
  blocker.close();
  await t.close();
});

function localApi(): LocalApi {
  const { runtime, dataDir } = t;
  const token = () => loadApiToken(dataDir, {});
  return new LocalApi({
    start: (port) => startServerHost({ engine: runtime.engine, hours: runtime.hours.api, upstox: runtime.upstox, token: token(), port, rendererDir: appLayout().renderer, log }),
    token, tokenFile: join(dataDir, 'api-token'), log,
  });
}

describe('local API in the desktop app', () => {
  it('a port in use: the API is off with the reason, the engine runs on; another port then works', async () => {
    const api = localApi();
    const failed = await api.apply({ api_enabled: true, api_port: busyPort });
    assert.equal(failed.state, 'failed');
    assert.equal(failed.url, null);
    assert.match(failed.error!, new RegExp(`port ${busyPort} on 127.0.0.1 is in use by another program.*runs without its local API`));
    assert.ok(log.lines.some((l) => l.level === 'warn' && l.message.includes(`port ${busyPort}`)));
    assert.ok(t.runtime.engine.status().feeds.length > 0, 'the engine is untouched');

    const ok = await api.apply({ api_enabled: true, api_port: 0 });
    assert.equal(ok.state, 'running');
    assert.equal(ok.error, null);
    assert.equal(ok.token, loadApiToken(t.dataDir, {}), 'the token of the data directory, for the Settings copy button');
    assert.equal(ok.token_file, join(t.dataDir, 'api-token'));
    const health = await fetch(`${ok.url}/health`);
    assert.equal(health.status, 200);
    const chain = await fetch(`${ok.url}/api/underlyings`, { headers: { Authorization: `Bearer ${ok.token}` } });
    assert.equal(chain.status, 200, 'the same API as optick serve, same token');
    assert.equal((await fetch(`${ok.url}/api/underlyings`)).status, 401, 'and it needs the token');

    const off = await api.apply({ api_enabled: false, api_port: 0 });
    assert.equal(off.state, 'off');
    await assert.rejects(fetch(`${ok.url}/health`), 'closed when turned off');
  });

  it('moving the port closes the old listener', async () => {
    const api = localApi();
    const a = await api.apply({ api_enabled: true, api_port: 0 });
    const b = await api.apply({ api_enabled: true, api_port: 0 });
    assert.notEqual(a.url, b.url);
    await assert.rejects(fetch(`${a.url}/health`));
    assert.equal((await fetch(`${b.url}/health`)).status, 200);
    await api.close();
    await assert.rejects(fetch(`${b.url}/health`));
  });

  it('says why in words for the usual listen errors', () => {
    assert.match(listenFailure(Object.assign(new Error('x'), { code: 'EACCES' }), 80), /not allowed to listen on port 80/);
    assert.match(listenFailure(new Error('boom'), 9), /could not start on port 9: boom/);
  });
});

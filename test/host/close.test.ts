// Closing the server host never waits on a client: an open Server-Sent Events stream and an idle
// keep-alive socket are ended with it (an open /api/events once made close() hang for good).
import assert from 'node:assert/strict';
import { request, Agent } from 'node:http';
import { after, it } from 'node:test';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

const TOKEN = 'close-test-token-0123456789';
let t: TestHost | null = null;
after(async () => { await t?.close(); });

it('close() returns within 2 s with an SSE stream and a keep-alive socket open, and ends the stream', async () => {
  t = await startTestHost(TOKEN, { underlyings: ['NIFTY'] });
  const ended = new Promise<string>((resolve, reject) => {
    const req = request(`${t!.host.url}/api/events`, { headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
      assert.equal(res.statusCode, 200);
      res.resume();
      res.on('close', () => resolve('closed'));
    });
    req.on('error', (e) => (/socket hang up|ECONNRESET/.test(e.message) ? resolve('reset') : reject(e)));
    req.end();
  });
  const agent = new Agent({ keepAlive: true });
  const r = await new Promise<number>((resolve, reject) => {
    request(`${t!.host.url}/health`, { agent }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode!)); }).on('error', reject).end();
  });
  assert.equal(r, 200);
  await new Promise((r) => setTimeout(r, 300)); // the stream is open and the keep-alive socket idle
  const started = Date.now();
  await Promise.race([t.host.close(), new Promise((_, reject) => setTimeout(() => reject(new Error('host.close() still waiting after 2 s')), 2000))]);
  assert.ok(Date.now() - started < 2000);
  assert.match(await ended, /closed|reset/);
  agent.destroy();
  await t.runtime.stop();
  t = { ...t, close: async () => {} };
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LocalApiStatus } from '../../src/shared/desktop.ts';
import { apiLine, curlExample, parsePort } from '../../src/renderer/components/desktop/desktop-view.ts';

const base: LocalApiStatus = { state: 'off', port: 7373, url: null, token: 't0k3n', token_file: '/d/api-token', error: null };

test('desktop view: the local API line says running at which URL, or why not', () => {
  assert.deepEqual(apiLine({ ...base, state: 'running', url: 'http://127.0.0.1:7373' }).pill, 'running');
  assert.match(apiLine({ ...base, state: 'running', url: 'http://127.0.0.1:7373' }).text, /http:\/\/127\.0\.0\.1:7373/);
  const failed = apiLine({ ...base, state: 'failed', error: 'port 7373 on 127.0.0.1 is in use by another program' });
  assert.equal(failed.level, 'bad');
  assert.equal(failed.text, 'port 7373 on 127.0.0.1 is in use by another program');
  assert.equal(apiLine(base).pill, 'off');
});

test('desktop view: the port field takes 1–65535 only; the curl line reads the token file', () => {
  assert.deepEqual(parsePort(' 8080 '), { port: 8080 });
  for (const bad of ['', '0', '65536', '80a', '-1', '1.5']) assert.ok('error' in parsePort(bad), bad);
  assert.equal(curlExample(base), null);
  assert.equal(curlExample({ ...base, state: 'running', url: 'http://127.0.0.1:7373' }), `curl -H "Authorization: Bearer $(cat '/d/api-token')" http://127.0.0.1:7373/api/underlyings`);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { socketUrl, takeToken, TOKEN_STORAGE_KEY } from '../../src/renderer/api/token.ts';
import type { TokenStorage } from '../../src/renderer/api/token.ts';

function sessionStore(): TokenStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => { data.set(k, v); } };
}

test('the token in the URL is kept for reloads and stripped from the address bar', () => {
  const storage = sessionStore();
  const taken = takeToken('http://127.0.0.1:7373/?token=s3cr%2Bt&view=chain#top', storage);
  assert.equal(taken.token, 's3cr+t');
  assert.equal(taken.cleanHref, 'http://127.0.0.1:7373/?view=chain#top');
  assert.equal(storage.data.get(TOKEN_STORAGE_KEY), 's3cr+t');
});

test('after a reload the stored token is used and the URL left alone', () => {
  const storage = sessionStore();
  storage.setItem(TOKEN_STORAGE_KEY, 'dev');
  assert.deepEqual(takeToken('http://127.0.0.1:7373/', storage), { token: 'dev', cleanHref: null });
  assert.deepEqual(takeToken('http://127.0.0.1:7373/', sessionStore()), { token: null, cleanHref: null });
});

test('the socket goes back to the host that served the page, wss under https', () => {
  assert.equal(socketUrl({ protocol: 'http:', host: '127.0.0.1:7373' }, 'a b'), 'ws://127.0.0.1:7373/ws?token=a%20b');
  assert.equal(socketUrl({ protocol: 'https:', host: 'box:443' }, 'dev'), 'wss://box:443/ws?token=dev');
  assert.equal(socketUrl({ protocol: 'http:', host: 'h:1' }, null), 'ws://h:1/ws');
});

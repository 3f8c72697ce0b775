import { test } from 'node:test';
import assert from 'node:assert/strict';
import { socketUrl, strippedTokenHref } from '../../src/renderer/api/token.ts';

test('the token is stripped from the address bar, the rest of the URL kept', () => {
  assert.equal(strippedTokenHref('http://127.0.0.1:7373/?token=s3cr%2Bt&view=chain#top'), 'http://127.0.0.1:7373/?view=chain#top');
  assert.equal(strippedTokenHref('http://127.0.0.1:7373/?token=a'), 'http://127.0.0.1:7373/');
});

test('a URL without a token is left alone', () => {
  assert.equal(strippedTokenHref('http://127.0.0.1:7373/'), null);
  assert.equal(strippedTokenHref('http://127.0.0.1:7373/?view=chain'), null);
});

test('the socket goes back to the host that served the page, wss under https, with no token in the URL', () => {
  assert.equal(socketUrl({ protocol: 'http:', host: '127.0.0.1:7373' }), 'ws://127.0.0.1:7373/ws');
  assert.equal(socketUrl({ protocol: 'https:', host: 'box:443' }), 'wss://box:443/ws');
});

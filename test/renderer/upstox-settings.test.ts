import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UpstoxSettings } from '../../src/shared/upstox.ts';
import { changesOf, draftOf, errorsByField } from '../../src/renderer/components/upstox/settings-draft.ts';

const stored: UpstoxSettings = {
  api_key: 'abc', has_api_secret: true, redirect_uri: 'http://127.0.0.1:7373/upstox/callback', rest_base: 'https://api.upstox.com',
  feed_url: 'wss://api.upstox.com/v3/feed/market-data-feed', instruments_url: 'https://assets.upstox.com/x.json.gz', depth_strikes: 10, stall_ms: 30_000,
};

test('an untouched form sends nothing and never carries the stored secret', () => {
  const d = draftOf(stored);
  assert.equal(d.api_secret, '');
  assert.equal(d.depth_strikes, '10');
  assert.deepEqual(changesOf(d, stored), {});
});

test('only changed fields go out, trimmed; numbers as numbers (grouping allowed), a new secret when typed', () => {
  const d = { ...draftOf(stored), api_key: ' new-key ', stall_ms: '45,000', api_secret: ' s3cret ' };
  assert.deepEqual(changesOf(d, stored), { api_key: 'new-key', stall_ms: 45_000, api_secret: 's3cret' });
});

test('a number field that is not a number is sent as typed so the host names the field', () => {
  assert.deepEqual(changesOf({ ...draftOf(stored), depth_strikes: 'ten' }, stored), { depth_strikes: 'ten' });
  assert.deepEqual(changesOf({ ...draftOf(stored), depth_strikes: '' }, stored), { depth_strikes: '' });
  assert.deepEqual(changesOf({ ...draftOf(stored), depth_strikes: '2.5' }, stored), { depth_strikes: 2.5 });
});

test('errors are keyed by field; two on one field are joined', () => {
  assert.deepEqual(errorsByField([
    { field: 'stall_ms', message: 'stall_ms must be an integer from 100 to 600000' },
    { field: 'feed_url', message: 'a' }, { field: 'feed_url', message: 'b' },
  ]), { stall_ms: 'stall_ms must be an integer from 100 to 600000', feed_url: 'a; b' });
});

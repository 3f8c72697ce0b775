import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineStatus, FeedStatus, UnderlyingStatus } from '../../src/shared/status.ts';
import { createScreenStore, feedMessageOf, feedStateOf } from '../../src/renderer/stores/screen-store.ts';

const feed = (over: Partial<FeedStatus>): FeedStatus => ({
  feed: 'upstox', state: 'connected', message: null, subscribed: { full: 83 }, frames_received: 10, ticks_received: 100,
  ticks_processed: 100, ticks_dropped: 0, decode_errors: 0, reconnects: 0, last_tick_age_ms: 12, segments: {},
  rejected: {}, fields_dropped: {}, crossed_quotes: 0, frames_rejected: {}, ...over,
});
const line = (underlying: string, feed_state: UnderlyingStatus['feed_state']): UnderlyingStatus => ({
  underlying, feed: 'upstox', feed_state, subscribed: {}, ticks_received: 0, ticks_processed: 0, ticks_dropped: 0,
  decode_errors: 0, last_tick_age_ms: null, uptime_ms: 0,
});
const status = (feeds: FeedStatus[], underlyings: UnderlyingStatus[]): EngineStatus => ({ uptime_ms: 1000, ticks_per_s: 120, feeds, underlyings, notices: [] });

test('the header shows the feed state of the shown underlying, else the first feed, else nothing', () => {
  const s = status([feed({ state: 'connected' })], [line('NIFTY', 'stalled'), line('BANKNIFTY', 'connected')]);
  assert.equal(feedStateOf(s, 'NIFTY'), 'stalled');
  assert.equal(feedStateOf(s, 'SPY'), 'connected');
  assert.equal(feedStateOf(status([], []), 'NIFTY'), null);
  assert.equal(feedStateOf(null, 'NIFTY'), null);
});

test('the status bar shows the first feed message with its feed named', () => {
  assert.equal(feedMessageOf(status([feed({}), feed({ feed: 'sim', message: 'socket closed by peer (1006)' })], [])), 'sim: socket closed by peer (1006)');
  assert.equal(feedMessageOf(status([feed({})], [])), null);
});

test('a new screen store starts loading with the link state it was given', () => {
  const store = createScreenStore('browser', { state: 'connecting', attempt: 0, retryInMs: null, message: null });
  const s = store.getState();
  assert.equal(s.loading, true);
  assert.equal(s.connection.state, 'connecting');
  assert.deepEqual([s.underlying, s.expiry, s.head, s.error], [null, null, null, null]);
});

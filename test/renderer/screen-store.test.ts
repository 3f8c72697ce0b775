import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineStatus, FeedStatus, UnderlyingStatus } from '../../src/shared/status.ts';
import { createScreenStore, feedMessageOf, feedStateOf, pageBehindOf } from '../../src/renderer/stores/screen-store.ts';
import type { ScreenLatencyFigures } from '../../src/renderer/stores/screen-latency.ts';
import type { LatencySummary } from '../../src/shared/latency.ts';

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

test('the page is behind when its own part (sent → painted) has p99 over 1 s in the last 5 s, or a delta has waited over 1 s unshown', () => {
  const sum = (p99: number | null): LatencySummary => ({ p50: p99, p99, max: p99, samples: p99 === null ? 0 : 10, window_ms: 5000 });
  const figures = (p99: number | null, waiting: number | null): ScreenLatencyFigures => ({
    socket_to_painted: sum(3000), socket_to_applied: sum(3000), tick_to_painted: sum(3000), sent_to_painted_recent: sum(p99), oldest_waiting_ms: waiting,
  });
  assert.equal(pageBehindOf(null), null);
  assert.equal(pageBehindOf(figures(40, 10)), null, 'an end-to-end 3 s (the engine behind) is not the page behind');
  assert.equal(pageBehindOf(figures(null, null)), null);
  assert.deepEqual(pageBehindOf(figures(1200, null)), { lagMs: 1200, windowMs: 5000 });
  assert.deepEqual(pageBehindOf(figures(30, 1500)), { lagMs: 1500, windowMs: 5000 }, 'a delta waiting unshown');
});

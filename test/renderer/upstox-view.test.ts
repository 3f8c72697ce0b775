import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeedStatus } from '../../src/shared/status.ts';
import type { UpstoxConnectionStatus } from '../../src/shared/upstox.ts';
import {
  accountLabel, bannerFor, feedView, formatAge, formatCountdown, formatIstDateTime, segmentLabel, subscriptionRows,
} from '../../src/renderer/components/upstox/upstox-view.ts';

const NOW = Date.UTC(2026, 10, 21, 8, 0); // 13:30 IST
const engineFeed = (over: Partial<FeedStatus> = {}): FeedStatus => ({
  feed: 'upstox', state: 'connected', message: null, subscribed: { full: 86, option_greeks: 96 }, frames_received: 10, ticks_received: 100,
  ticks_processed: 100, ticks_dropped: 0, decode_errors: 0, reconnects: 2, last_tick_age_ms: 40, segments: { NSE_FO: 'NORMAL_OPEN' },
  rejected: {}, fields_dropped: {}, crossed_quotes: 0, frames_rejected: {}, ...over,
});
const upstox = (over: Partial<UpstoxConnectionStatus> = {}): UpstoxConnectionStatus => ({
  now: NOW, configured: true, feed_selected: true, secret_protection: 'file', account: null, token: null,
  login: { state: 'valid', needed: false, message: 'logged in', login_from: null, login_by: null, pending_until: null, last_error: null },
  feed: {
    state: 'connected', message: null, reconnects: 1, stalls: 3, last_frame_age_ms: 120, last_activity_age_ms: 80, connected_since: NOW - 60_000,
    subscriptions: [
      { mode: 'ltpc', count: 0, limit: 2000, alone: 5000, combined: 2000 },
      { mode: 'option_greeks', count: 1800, limit: 2000, alone: 3000, combined: 2000 },
      { mode: 'full', count: 1600, limit: 1500, alone: 2000, combined: 1500 },
    ],
    refused_plan: null, segments: { NSE_FO: 'NORMAL_OPEN' }, stall_ms: 30_000,
  },
  instruments: null, banner: null, ...over,
});

test('subscriptions: the Upstox feed\'s own usage, with fill capped at the limit and overs flagged', () => {
  const rows = subscriptionRows(upstox(), engineFeed());
  assert.deepEqual(rows.map((r) => [r.mode, r.count, r.limit, r.over]), [['ltpc', 0, 2000, false], ['option_greeks', 1800, 2000, false], ['full', 1600, 1500, true]]);
  assert.equal(rows[1]!.fill, 0.9);
  assert.equal(rows[2]!.fill, 1);
});

test('subscriptions on the simulator: engine counts against the combined limits when modes mix, alone otherwise', () => {
  const mixed = subscriptionRows(upstox({ feed: null, feed_selected: false }), engineFeed());
  assert.deepEqual(mixed.map((r) => [r.mode, r.count, r.limit]), [['ltpc', 0, 2000], ['option_greeks', 96, 2000], ['full', 86, 1500], ['full_d30', 0, 50]]);
  const alone = subscriptionRows(null, engineFeed({ subscribed: { full: 40 } }));
  assert.deepEqual(alone.map((r) => r.limit), [5000, 3000, 2000, 50]);
  assert.equal(alone[2]!.fill, 0.02);
  const unknown = subscriptionRows(null, engineFeed({ subscribed: { full_d99: 5 } }));
  assert.deepEqual(unknown.at(-1), { mode: 'full_d99', label: 'full_d99', count: 5, limit: null, alone: null, combined: null, fill: 0, over: false });
  assert.deepEqual(subscriptionRows(null, undefined).map((r) => r.count), [0, 0, 0, 0]);
});

test('feed view: Upstox feed info when it runs, else the engine feed status', () => {
  assert.equal(feedView(upstox(), engineFeed()).stalls, 3);
  const sim = feedView(upstox({ feed: null }), engineFeed({ state: 'stalled', message: 'silent 30 s' }));
  assert.deepEqual([sim.state, sim.message, sim.reconnects, sim.stalls, sim.lastFrameAgeMs], ['stalled', 'silent 30 s', 2, null, 40]);
  assert.equal(feedView(null, undefined).state, null);
});

test('banner: the account service first, login offered only when it helps; then a feed that is down', () => {
  const expired = upstox({
    banner: { level: 'error', message: 'the Upstox token expired at 03:30 IST; log in again' },
    login: { state: 'expired', needed: true, message: 'expired', login_from: NOW, login_by: null, pending_until: null, last_error: null },
  });
  assert.deepEqual(bannerFor(expired, engineFeed(), true), { level: 'error', message: 'the Upstox token expired at 03:30 IST; log in again', login: true });
  const refused = upstox({ banner: { level: 'error', message: 'Upstox allows 1500 instruments' } });
  assert.equal(bannerFor(refused, engineFeed(), true)!.login, false);
  const renew = upstox({ banner: { level: 'warn', message: 'renew' }, login: { ...upstox().login, state: 'renew_before_session' } });
  assert.equal(bannerFor(renew, engineFeed(), true)!.login, false, 'a login now would end at the same 03:30');
  assert.deepEqual(bannerFor(null, engineFeed({ state: 'reconnecting', message: 'closed 1006' }), true),
    { level: 'warn', message: 'Feed reconnecting: closed 1006. Prices on screen are not live.', login: false });
  assert.equal(bannerFor(null, engineFeed({ state: 'error' }), true)!.level, 'error');
  assert.equal(bannerFor(upstox(), engineFeed(), true), null);
  assert.equal(bannerFor(expired, engineFeed({ state: 'error' }), false), null, 'stale statuses while the link is down');
});

test('countdown and ages read as a trader says them', () => {
  assert.equal(formatCountdown(13 * 3_600_000 + 5 * 60_000 + 12_345), '13h 05m 12s');
  assert.equal(formatCountdown(59_999), '0m 59s');
  assert.equal(formatCountdown(26 * 3_600_000 + 10 * 60_000), '1d 02h 10m');
  assert.equal(formatCountdown(0), 'expired');
  assert.equal(formatCountdown(null), '—');
  assert.equal(formatAge(440), '0.4 s');
  assert.equal(formatAge(9_990), '9.9 s');
  assert.equal(formatAge(12_700), '12 s');
  assert.equal(formatAge(185_000), '3 m 05 s');
  assert.equal(formatAge(7_800_000), '2 h 10 m');
  assert.equal(formatAge(null), '—');
  assert.equal(formatAge(-5), '0.0 s');
});

test('instants in IST with the day; segment statuses in words', () => {
  assert.equal(formatIstDateTime(Date.UTC(2026, 10, 21, 22, 0)), 'Sun 22 Nov, 03:30 IST');
  assert.equal(formatIstDateTime(null), '—');
  assert.deepEqual(segmentLabel('NORMAL_OPEN'), { text: 'open', tone: 'good' });
  assert.deepEqual(segmentLabel('PRE_OPEN_START'), { text: 'pre-open start', tone: 'warn' });
  assert.deepEqual(segmentLabel('NORMAL_CLOSE'), { text: 'close', tone: 'idle' });
});

test('account line: the user when logged in, "simulator" when the simulator is the source, else not logged in', () => {
  assert.equal(accountLabel(upstox({ feed_selected: false })), 'simulator · no login needed');
  assert.equal(accountLabel(upstox({ feed_selected: true })), 'not logged in');
  const account = { user_id: 'AB1234', user_name: 'A Trader', email: '', exchanges: ['NSE'], products: [], broker: 'UPSTOX', active: true };
  assert.equal(accountLabel(upstox({ account: account as never })), 'A Trader · AB1234');
});

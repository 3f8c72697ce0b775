import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionScheduler, type SchedulerOptions } from '../../src/main/engine/schedule/scheduler.ts';
import type { TradingHoursTemplate } from '../../src/shared/trading-hours.ts';
import { FakeTime, ist, iso, RecordingFeed, type FeedEvent } from './fake-time.ts';
import { crypto, nse, us } from './templates.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function rig(template: TradingHoursTemplate, start: number, opts: Partial<SchedulerOptions> = {}) {
  const time = new FakeTime(start);
  const feed = new RecordingFeed(time);
  const logs: string[] = [];
  const scheduler = new SessionScheduler({ clock: time, timers: time, log: (level, msg) => logs.push(`${level} ${msg}`), ...opts });
  scheduler.setFeed('upstox', template, feed);
  scheduler.start();
  return { time, feed, scheduler, logs };
}
const ev = (action: FeedEvent['action'], t: number): FeedEvent => ({ action, at: iso(t) });
const nseDay = (date: string, open = '09:00', lastEnd = '16:00', lead = 5): FeedEvent[] => [
  ev('connect', ist(date, open) - lead * 60_000), ev('activate', ist(date, open)), ev('disconnect', ist(date, lastEnd) + lead * 60_000),
];

test('NSE week with Muhurat Sunday and the Balipratipada holiday: exact connects and disconnects', () => {
  const { time, feed } = rig(nse, ist('2026-11-02', '00:00'));
  time.advanceTo(ist('2026-11-16', '00:00'));
  assert.deepEqual(feed.events, [
    ...nseDay('2026-11-02'), ...nseDay('2026-11-03'), ...nseDay('2026-11-04'), ...nseDay('2026-11-05'), ...nseDay('2026-11-06'),
    // Sat 7 Nov nothing; Sun 8 Nov Muhurat: pre-open 13:30, normal to 14:45.
    ...nseDay('2026-11-08', '13:30', '14:45'),
    ...nseDay('2026-11-09'),
    // Tue 10 Nov Diwali Balipratipada: nothing.
    ...nseDay('2026-11-11'), ...nseDay('2026-11-12'), ...nseDay('2026-11-13'),
  ]);
});

test('a whole 2026 year: connects exactly on NSE trading days, never on a holiday or weekend', () => {
  // A long heartbeat keeps the run short; transitions still wake the scheduler exactly.
  const { time, feed } = rig(nse, ist('2026-01-01', '00:00'), { heartbeatMs: 6 * HOUR });
  time.advanceTo(ist('2027-01-01', '00:00'));
  const connectDays = feed.events.filter((e) => e.action === 'connect').map((e) => new Date(Date.parse(e.at) + 5.5 * HOUR).toISOString().slice(0, 10));
  const holidays = new Set(nse.holidays.filter((h) => h.kind === 'full').map((h) => h.date));
  const expected: string[] = [];
  for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += DAY) {
    const date = new Date(t).toISOString().slice(0, 10);
    const wd = new Date(t).getUTCDay();
    if ((wd !== 0 && wd !== 6 && !holidays.has(date)) || date === '2026-02-01' || date === '2026-11-08') expected.push(date);
  }
  assert.deepEqual(connectDays, expected);
  assert.equal(expected.length, 247); // 261 weekdays − 16 weekday holidays + 2 Sunday sessions
  const counts = { connect: 0, activate: 0, disconnect: 0 };
  for (const e of feed.events) counts[e.action]++;
  assert.deepEqual(counts, { connect: 247, activate: 247, disconnect: 247 });
});

test('US DST weekend: Friday connects 09:25 EST, Monday 09:25 EDT', () => {
  const { time, feed } = rig(us, Date.parse('2026-03-06T00:00:00Z'));
  time.advanceTo(Date.parse('2026-03-10T00:00:00Z'));
  assert.deepEqual(feed.events, [
    { action: 'connect', at: '2026-03-06T14:25:00.000Z' }, { action: 'activate', at: '2026-03-06T14:30:00.000Z' },
    { action: 'disconnect', at: '2026-03-06T21:05:00.000Z' },
    { action: 'connect', at: '2026-03-09T13:25:00.000Z' }, { action: 'activate', at: '2026-03-09T13:30:00.000Z' },
    { action: 'disconnect', at: '2026-03-09T20:05:00.000Z' },
  ]);
});

test('lead and lag are configurable; the gap between sessions keeps the feed up', () => {
  const { time, feed } = rig(nse, ist('2026-11-19', '00:00'), { leadMinutes: 15, lagMinutes: 2 });
  time.advanceTo(ist('2026-11-20', '00:00'));
  assert.deepEqual(feed.events, [ev('connect', ist('2026-11-19', '08:45')), ev('activate', ist('2026-11-19', '09:00')), ev('disconnect', ist('2026-11-19', '16:02'))]);
});

test('sleep through the close: on resume the feed is disconnected within a heartbeat and the jump recorded', () => {
  const { time, feed, scheduler, logs } = rig(nse, ist('2026-11-19', '10:00'));
  assert.deepEqual(feed.events, [ev('connect', ist('2026-11-19', '10:00')), ev('activate', ist('2026-11-19', '10:00'))]);
  time.advanceTo(ist('2026-11-19', '12:00'));
  time.sleep(20 * HOUR); // lid closed 12:00, opened next day 08:00
  time.advanceTo(ist('2026-11-20', '08:02'));
    // The heartbeat pending at 12:00 fires one minute of timer time after resume: 08:01.
  assert.deepEqual(feed.events.slice(2), [ev('disconnect', ist('2026-11-20', '08:01'))]);
  time.advanceTo(ist('2026-11-20', '09:30'));
  assert.deepEqual(feed.events.slice(3), nseDay('2026-11-20').slice(0, 2));
  const jumps = scheduler.status().clock_jumps;
  assert.equal(jumps.length, 1);
  assert.ok(jumps[0]!.actual_ms - jumps[0]!.expected_ms >= 20 * HOUR - 60_000);
  assert.ok(logs.some((l) => l.startsWith('warn') && l.includes('clock jumped')));
});

test('sleep over a whole weekend and holiday makes no spurious connection', () => {
  const { time, feed } = rig(nse, ist('2026-11-20', '17:00'));
  time.sleep(3 * DAY + 14 * HOUR); // Fri 17:00 → Tue 24 Nov (Gurpurb) 07:00
  time.advanceTo(ist('2026-11-24', '23:00'));
  assert.deepEqual(feed.events, []);
  time.advanceTo(ist('2026-11-25', '12:00'));
  assert.deepEqual(feed.events, nseDay('2026-11-25').slice(0, 2));
});

test('wake in the middle of a session (resume at 10:00): connect and subscribe at once', () => {
  const { time, feed } = rig(nse, ist('2026-11-19', '07:00'));
  time.sleep(3 * HOUR);
  time.advanceTo(ist('2026-11-19', '10:05'));
  assert.equal(feed.events.length, 2);
  assert.deepEqual(feed.events.map((e) => e.action), ['connect', 'activate']);
  assert.ok(Date.parse(feed.events[0]!.at) <= ist('2026-11-19', '10:01'));
});

test('clock set back before the connect time: resync disconnects, then the plan runs again', () => {
  const { time, feed, scheduler } = rig(nse, ist('2026-11-19', '10:00'));
  time.sleep(-2 * HOUR); // clock set back to 08:00: plan says offline before 08:55
  scheduler.resync('system clock changed');
  assert.deepEqual(feed.events.map((e) => e.action), ['connect', 'activate', 'disconnect']);
  time.advanceTo(ist('2026-11-19', '09:00'));
  assert.deepEqual(feed.events.slice(3).map((e) => e.action), ['connect', 'activate']);
});

test('force connect off-hours, force disconnect in session, and back to the plan', () => {
  const { time, feed, scheduler } = rig(nse, ist('2026-11-21', '11:00')); // Saturday
  scheduler.force('upstox', 'connect');
  assert.deepEqual(feed.events.map((e) => e.action), ['connect', 'activate']);
  time.advanceTo(ist('2026-11-21', '18:00'));
  assert.equal(feed.events.length, 2, 'forced connection survives the heartbeat');
  assert.equal(scheduler.status().feeds[0]!.forced, 'connect');
  scheduler.force('upstox', null);
  assert.equal(feed.events.at(-1)!.action, 'disconnect');
  time.advanceTo(ist('2026-11-23', '10:00'));
  scheduler.force('upstox', 'disconnect');
  time.advanceTo(ist('2026-11-23', '17:00'));
  assert.deepEqual(feed.events.slice(3).map((e) => e.action), ['connect', 'activate', 'disconnect']);
  scheduler.force('upstox', null);
  time.advanceTo(ist('2026-11-24', '23:59')); // Tuesday 24 Nov is a holiday
  assert.equal(feed.events.length, 6);
});

test('24x7 connects once and never disconnects over a week', () => {
  const { time, feed, scheduler } = rig(crypto, Date.parse('2026-11-16T12:00:00Z'));
  time.advanceTo(Date.parse('2026-11-23T12:00:00Z'));
  assert.deepEqual(feed.events.map((e) => e.action), ['connect', 'activate']);
  const s = scheduler.status().feeds[0]!;
  assert.equal(s.planned, 'active');
  assert.equal(s.next_action, null);
  assert.equal(s.session.next, null);
});

test('a failing connect is logged, reported and retried at the next heartbeat', () => {
  const time = new FakeTime(ist('2026-11-19', '08:00'));
  const feed = new RecordingFeed(time);
  const logs: string[] = [];
  const s = new SessionScheduler({ clock: time, timers: time, log: (l, m) => logs.push(`${l} ${m}`) });
  feed.failNext = 2;
  s.setFeed('upstox', nse, feed);
  s.start();
  time.advanceTo(ist('2026-11-19', '08:55'));
  assert.deepEqual(feed.events, []);
  assert.match(s.status().feeds[0]!.last_error ?? '', /connect failed: socket refused/);
  time.advanceTo(ist('2026-11-19', '08:58'));
  assert.deepEqual(feed.events, [ev('connect', ist('2026-11-19', '08:57'))]);
  assert.equal(s.status().feeds[0]!.last_error, null);
  assert.equal(logs.filter((l) => l.startsWith('error')).length, 2);
});

test('status: plan, window and next action per feed; template swap re-plans at once', () => {
  const { time, feed, scheduler } = rig(nse, ist('2026-11-20', '08:00'));
  const st = scheduler.status().feeds[0]!;
  assert.equal(st.planned, 'offline');
  assert.deepEqual(st.next_action, { at: ist('2026-11-20', '08:55'), action: 'connect' });
  assert.deepEqual(st.window, { connect_at: ist('2026-11-20', '08:55'), activate_at: ist('2026-11-20', '09:00'), disconnect_at: ist('2026-11-20', '16:05') });
  assert.equal(scheduler.isInSession('upstox', ist('2026-11-20', '09:20')), true);
  scheduler.setTemplate('upstox', crypto);
  assert.deepEqual(feed.events.map((e) => e.action), ['connect', 'activate']);
  time.advanceTo(ist('2026-11-20', '09:00'));
  assert.throws(() => scheduler.force('kite', 'connect'), /unknown feed 'kite' \(known: upstox\)/);
  scheduler.removeFeed('upstox');
  assert.equal(feed.events.at(-1)!.action, 'disconnect');
  scheduler.stop();
  assert.equal(time.pending(), 0);
});

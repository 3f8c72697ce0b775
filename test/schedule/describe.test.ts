import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionAt } from '../../src/main/engine/schedule/clock.ts';
import { describeSession, formatDuration, whenLabel, zoneAbbrev } from '../../src/renderer/components/trading-hours/describe.ts';
import { ist } from './fake-time.ts';
import { crypto, nse, us } from './templates.ts';

const say = (tpl: typeof nse, t: number) => describeSession(sessionAt(tpl, t), tpl.time_zone, t);

test('durations round up to the minute and read like a trader says them', () => {
  assert.equal(formatDuration(72 * 60_000), '1 h 12 m');
  assert.equal(formatDuration(71 * 60_000 + 1), '1 h 12 m');
  assert.equal(formatDuration(60 * 60_000), '1 h');
  assert.equal(formatDuration(35_000), '35 s');
  assert.equal(formatDuration(51 * 3_600_000), '2 d 3 h');
});

test('zone names: IST, EST/EDT, UTC', () => {
  assert.equal(zoneAbbrev('Asia/Kolkata', Date.parse('2026-11-20T00:00:00Z')), 'IST');
  assert.equal(zoneAbbrev('America/New_York', Date.parse('2026-01-05T15:00:00Z')), 'EST');
  assert.equal(zoneAbbrev('America/New_York', Date.parse('2026-07-06T15:00:00Z')), 'EDT');
  assert.equal(zoneAbbrev('UTC', 0), 'UTC');
});

test('live state lines for NSE: session, holiday, weekend, before the open, after the close, Muhurat', () => {
  assert.equal(say(nse, ist('2026-11-20', '14:18')), 'Normal market — closes in 1 h 12 m');
  assert.equal(say(nse, ist('2026-11-20', '09:03')), 'Pre-open — ends in 5 m');
  assert.equal(say(nse, ist('2026-11-20', '15:35')), 'Closed — closing session at 15:40 IST');
  assert.equal(say(nse, ist('2026-11-20', '17:00')), 'Closed for the day — next open Mon 09:15 IST');
  assert.equal(say(nse, ist('2026-11-21', '11:00')), 'Weekend — next open Mon 09:15 IST');
  assert.equal(say(nse, ist('2026-11-10', '11:00')), 'Holiday: Diwali Balipratipada — next open Wed 09:15 IST');
  assert.equal(say(nse, ist('2026-11-08', '10:00')), 'Diwali Laxmi Pujan (Muhurat trading): special session, pre-open at 13:30 IST');
  assert.equal(say(nse, ist('2026-11-08', '14:00')), 'Normal market (Diwali Laxmi Pujan (Muhurat trading)) — closes in 45 m');
});

test('US and 24x7 lines, and dates beyond the week', () => {
  const now = Date.parse('2026-11-26T15:00:00Z'); // Thanksgiving
  assert.equal(say(us, now), "Holiday: Thanksgiving Day — next open Fri 09:30 EST");
  assert.equal(say(crypto, now), 'Normal market — open around the clock');
  assert.equal(whenLabel('Asia/Kolkata', ist('2026-12-07', '09:15'), ist('2026-11-21', '10:00')), 'Mon 7 Dec 09:15 IST');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInSession, nextTransition, sessionAt } from '../../src/main/engine/schedule/clock.ts';
import { zonedInstant } from '../../src/main/engine/schedule/zone.ts';
import { validateTemplate } from '../../src/main/engine/schedule/validate.ts';
import type { TradingHoursTemplate } from '../../src/shared/trading-hours.ts';
import { ist, iso } from './fake-time.ts';
import { crypto, nse, us } from './templates.ts';

const FULL_HOLIDAYS_2026 = [
  '2026-01-15', '2026-01-26', '2026-02-15', '2026-03-03', '2026-03-21', '2026-03-26', '2026-03-31', '2026-04-03',
  '2026-04-14', '2026-05-01', '2026-05-28', '2026-06-26', '2026-08-15', '2026-09-14', '2026-10-02', '2026-10-20',
  '2026-11-10', '2026-11-24', '2026-12-25',
];

test('NSE template carries every 2026 holiday of quant.md §3 and the two special sessions', () => {
  assert.deepEqual(nse.holidays.filter((h) => h.kind === 'full').map((h) => h.date), FULL_HOLIDAYS_2026);
  assert.deepEqual(nse.holidays.filter((h) => h.kind === 'special').map((h) => h.date), ['2026-02-01', '2026-11-08']);
});

test('NSE weekday: phases at every boundary, end exclusive', () => {
  const d = '2026-11-19';
  const cases: [string, string][] = [
    ['08:59', 'closed'], ['09:00', 'pre_open'], ['09:07', 'pre_open'], ['09:08', 'closed'], ['09:14', 'closed'],
    ['09:15', 'normal'], ['15:29', 'normal'], ['15:30', 'closed'], ['15:40', 'closing'], ['15:59', 'closing'], ['16:00', 'closed'],
  ];
  for (const [hhmm, phase] of cases) {
    assert.equal(sessionAt(nse, ist(d, hhmm)).phase, phase, `${d} ${hhmm} IST`);
    assert.equal(isInSession(nse, ist(d, hhmm)), phase !== 'closed', `isInSession ${hhmm}`);
  }
  assert.equal(isInSession(nse, ist(d, '15:30') - 1), true);
});

test('NSE transitions through one day, then over the weekend', () => {
  const chain: string[] = [];
  let t = ist('2026-11-20', '08:00');
  for (let i = 0; i < 7; i++) {
    const n = nextTransition(nse, t);
    assert.ok(n);
    chain.push(`${iso(n.at)} ${n.from}->${n.to}`);
    t = n.at;
  }
  assert.deepEqual(chain, [
    `${iso(ist('2026-11-20', '09:00'))} closed->pre_open`,
    `${iso(ist('2026-11-20', '09:08'))} pre_open->closed`,
    `${iso(ist('2026-11-20', '09:15'))} closed->normal`,
    `${iso(ist('2026-11-20', '15:30'))} normal->closed`,
    `${iso(ist('2026-11-20', '15:40'))} closed->closing`,
    `${iso(ist('2026-11-20', '16:00'))} closing->closed`,
    `${iso(ist('2026-11-23', '09:00'))} closed->pre_open`,
  ]);
});

test('every 2026 NSE full holiday is closed all day and names the holiday', () => {
  for (const date of FULL_HOLIDAYS_2026) {
    for (let m = 0; m < 24 * 60; m += 15) {
      const t = ist(date, `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
      assert.equal(isInSession(nse, t), false, `${date} +${m} min`);
    }
    const s = sessionAt(nse, ist(date, '12:00'));
    assert.equal(s.day_type, 'holiday', date);
    assert.equal(s.holiday?.date, date);
    assert.ok(s.holiday?.description);
    assert.deepEqual(s.today, []);
    assert.ok(s.next && s.next.at > ist(date, '23:59'), `${date}: next open is on a later day`);
  }
});

test('a Monday holiday pushes the next open to Tuesday (Republic Day 26 Jan 2026)', () => {
  const s = sessionAt(nse, ist('2026-01-23', '16:30'));
  assert.deepEqual(s.next, { at: ist('2026-01-27', '09:00'), from: 'closed', to: 'pre_open' });
  assert.equal(s.next_open, ist('2026-01-27', '09:15'));
});

test('Muhurat session on Sunday 8 Nov 2026 and the Sunday budget session on 1 Feb 2026', () => {
  const m = sessionAt(nse, ist('2026-11-08', '12:00'));
  assert.equal(m.day_type, 'special');
  assert.match(m.holiday?.description ?? '', /Muhurat/);
  assert.deepEqual(m.next, { at: ist('2026-11-08', '13:30'), from: 'closed', to: 'pre_open' });
  assert.equal(sessionAt(nse, ist('2026-11-08', '14:00')).phase, 'normal');
  assert.equal(sessionAt(nse, ist('2026-11-08', '14:45')).phase, 'closed');
  // Monday 9 Nov trades normally, Tuesday 10 Nov is Balipratipada.
  assert.equal(sessionAt(nse, ist('2026-11-09', '10:00')).phase, 'normal');
  assert.equal(sessionAt(nse, ist('2026-11-10', '10:00')).phase, 'closed');
  const b = sessionAt(nse, ist('2026-02-01', '11:00'));
  assert.equal(b.phase, 'normal');
  assert.equal(b.day_type, 'special');
  assert.equal(sessionAt(nse, ist('2026-02-08', '11:00')).phase, 'closed', 'an ordinary Sunday stays closed');
});

test('US options open 09:30 New York time across both 2026 DST changes', () => {
  const openAt = (date: string) => sessionAt(us, Date.parse(`${date}T12:00:00Z`)).today[0]?.start;
  assert.equal(iso(openAt('2026-03-06')!), '2026-03-06T14:30:00.000Z', 'Fri before DST: EST');
  assert.equal(iso(openAt('2026-03-09')!), '2026-03-09T13:30:00.000Z', 'Mon after DST: EDT');
  assert.equal(iso(openAt('2026-10-30')!), '2026-10-30T13:30:00.000Z', 'Fri before fall-back: EDT');
  assert.equal(iso(openAt('2026-11-02')!), '2026-11-02T14:30:00.000Z', 'Mon after fall-back: EST');
  const sunday = sessionAt(us, Date.parse('2026-03-08T12:00:00Z'));
  assert.equal(sunday.day_end - sunday.day_start, 23 * 3_600_000, 'the spring-forward day has 23 hours');
  // Over the spring weekend, the next transition from Friday's close is Monday 09:30 EDT.
  assert.deepEqual(nextTransition(us, Date.parse('2026-03-06T21:00:00Z')), { at: Date.parse('2026-03-09T13:30:00Z'), from: 'closed', to: 'normal' });
  // Early close the day after Thanksgiving: 13:00 EST = 18:00Z; Thanksgiving itself closed.
  assert.equal(sessionAt(us, Date.parse('2026-11-26T16:00:00Z')).phase, 'closed');
  const fri = sessionAt(us, Date.parse('2026-11-27T15:00:00Z'));
  assert.equal(fri.day_type, 'special');
  assert.equal(fri.next?.at, Date.parse('2026-11-27T18:00:00Z'));
});

test('zone math: DST gap maps forward, repeated hour maps to its first occurrence', () => {
  assert.equal(iso(zonedInstant('America/New_York', '2026-03-08', 150)), '2026-03-08T07:30:00.000Z'); // 02:30 skipped -> 03:30 EDT
  assert.equal(iso(zonedInstant('America/New_York', '2026-11-01', 90)), '2026-11-01T05:30:00.000Z'); // 01:30 EDT, first of two
  assert.equal(iso(zonedInstant('Asia/Kolkata', '2026-11-21', 1440)), '2026-11-21T18:30:00.000Z'); // 24:00 = next midnight
});

test('24x7 is always in session, with no transition, even in a zone with 23- and 25-hour days', () => {
  const ny24 = validateTemplate({ ...crypto, id: 'ny-24x7', time_zone: 'America/New_York' });
  assert.ok(ny24.ok);
  for (const tpl of [crypto, ny24.value] as TradingHoursTemplate[]) {
    for (let t = Date.parse('2026-03-07T00:00:00Z'); t < Date.parse('2026-03-10T00:00:00Z'); t += 17 * 60_000) {
      assert.equal(isInSession(tpl, t), true, `${tpl.id} ${iso(t)}`);
    }
    for (let t = Date.parse('2026-10-31T00:00:00Z'); t < Date.parse('2026-11-03T00:00:00Z'); t += 17 * 60_000) {
      assert.equal(isInSession(tpl, t), true, `${tpl.id} ${iso(t)}`);
    }
    const s = sessionAt(tpl, Date.parse('2026-03-08T06:59:00Z'));
    assert.equal(s.phase, 'normal');
    assert.equal(s.next, null);
  }
});

test('isInSession (cached between transitions) agrees with sessionAt at random instants, in random order', () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const tpl of [nse, us, crypto]) {
    for (let i = 0; i < 1500; i++) {
      const t = Date.parse('2026-01-01T00:00:00Z') + Math.floor(rnd() * 365 * 86_400) * 1000;
      assert.equal(isInSession(tpl, t), sessionAt(tpl, t).phase !== 'closed', `${tpl.id} ${iso(t)}`);
    }
  }
});

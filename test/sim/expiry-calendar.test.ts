import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  nseExpiries, nseListedExpiries, parseHolidayFile, tradingHolidays, zonedEpochMs, zonedDate, expiryCloseMs, ExpiryCalendarError,
} from '../../src/main/engine/instruments/expiry-calendar.ts';

const file = new URL('../../resources/trading-hours/nse.json', import.meta.url);
const entries = parseHolidayFile((JSON.parse(readFileSync(file, 'utf8')) as { holidays: unknown }).holidays, 'nse.json holidays');
const holidays = tradingHolidays(entries);

test('the NSE template lists every 2026 NSE holiday from quant.md, weekend ones included, plus the special sessions', () => {
  const full = ['2026-01-15', '2026-01-26', '2026-03-03', '2026-03-26', '2026-03-31', '2026-04-03', '2026-04-14', '2026-05-01',
    '2026-05-28', '2026-06-26', '2026-09-14', '2026-10-02', '2026-10-20', '2026-11-10', '2026-11-24', '2026-12-25',
    '2026-02-15', '2026-03-21', '2026-08-15'];
  assert.deepEqual([...holidays].sort(), full.sort());
  const special = entries.filter((e) => e.kind === 'special');
  assert.deepEqual(special.map((e) => e.date), ['2026-02-01', '2026-11-08']);
  // Sunday 8 Nov (Diwali) is a special day (Muhurat session), not a full holiday; it is a weekend day for expiries anyway.
  assert.equal(holidays.has('2026-11-08'), false);
  assert.equal(holidays.has('2026-02-01'), false, 'the Sunday budget session is not a holiday');
});

test('NIFTY from 2026-11-21: the November monthly moves to Monday 23 Nov (24 Nov is a holiday), then weekly Tuesdays', () => {
  assert.deepEqual(nseExpiries('NIFTY', '2026-11-21', 6, holidays), [
    { date: '2026-11-23', weekly: false },
    { date: '2026-12-01', weekly: true },
    { date: '2026-12-08', weekly: true },
    { date: '2026-12-15', weekly: true },
    { date: '2026-12-22', weekly: true },
    { date: '2026-12-29', weekly: false },
  ]);
});

test('Tuesday holidays in March 2026 move NIFTY expiries to the Monday before', () => {
  const march = nseExpiries('NIFTY', '2026-03-01', 5, holidays).map((e) => e.date);
  assert.deepEqual(march, ['2026-03-02', '2026-03-10', '2026-03-17', '2026-03-24', '2026-03-30']);
  assert.deepEqual(nseExpiries('NIFTY', '2026-03-25', 1, holidays), [{ date: '2026-03-30', weekly: false }]);
});

test('BANKNIFTY is monthly only: Nov 2026 on Mon 23 Nov, Dec on 29 Dec', () => {
  assert.deepEqual(nseExpiries('BANKNIFTY', '2026-11-21', 2, holidays), [
    { date: '2026-11-23', weekly: false },
    { date: '2026-12-29', weekly: false },
  ]);
});

test('an expiry day itself is included; a Tuesday holiday after fromDate whose expiry moved before it is not', () => {
  assert.equal(nseExpiries('NIFTY', '2026-12-01', 1, holidays)[0]?.date, '2026-12-01');
  assert.equal(nseExpiries('NIFTY', '2026-11-24', 1, holidays)[0]?.date, '2026-12-01');
});

test('listed expiries: NIFTY 4 weeklies + 3 monthlies, BANKNIFTY 3 monthlies', () => {
  const nifty = nseListedExpiries('NIFTY', '2026-11-21', holidays);
  // The third monthly falls in 2027, whose holidays are not in resources yet: check only its shape.
  assert.deepEqual(nifty.slice(0, 6).map((e) => `${e.date}${e.weekly ? 'W' : 'M'}`),
    ['2026-11-23M', '2026-12-01W', '2026-12-08W', '2026-12-15W', '2026-12-22W', '2026-12-29M']);
  assert.equal(nifty.length, 7);
  assert.match(nifty[6]?.date ?? '', /^2027-01-2\d$/);
  assert.equal(nifty[6]?.weekly, false);
  assert.equal(nseListedExpiries('BANKNIFTY', '2026-11-21', holidays).length, 3);
});

test('bad input gets a typed error naming the field', () => {
  assert.throws(() => nseExpiries('NIFTY', '2026-02-30', 1, holidays), ExpiryCalendarError);
  assert.throws(() => nseExpiries('NIFTY', '21-11-2026', 1, holidays), /not YYYY-MM-DD/);
  assert.throws(() => nseExpiries('NIFTY', '2026-11-21', -1, holidays), /count for NIFTY/);
  assert.throws(() => parseHolidayFile([{ date: '2026-01-26', description: 'x', kind: 'half' }], 'f.json'), /f.json\[0\] \(2026-01-26\): 'kind'/);
  assert.throws(() => parseHolidayFile({}, 'f.json'), /expected a JSON array/);
});

test('exchange clock: 15:30 IST is 10:00 UTC; dates follow Asia/Kolkata, not the host zone', () => {
  assert.equal(expiryCloseMs('2026-11-23'), Date.UTC(2026, 10, 23, 10, 0, 0));
  assert.equal(zonedEpochMs('2024-01-25', '23:59:59'), 1706207399000);
  assert.equal(zonedDate(Date.UTC(2026, 10, 20, 18, 30)), '2026-11-21');
  assert.equal(zonedDate(Date.UTC(2026, 10, 20, 18, 29, 59)), '2026-11-20');
  assert.equal(zonedEpochMs('2026-03-08', '02:30', 'America/New_York'), Date.UTC(2026, 2, 8, 7, 30));
});

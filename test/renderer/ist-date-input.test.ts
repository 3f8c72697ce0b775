import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayMonthToWall, wallToDayMonth } from '../../src/renderer/components/history/ist-date-input.ts';

test('export and calculator dates: IST day/month/year, 24-hour clock, both ways', () => {
  assert.equal(wallToDayMonth('2026-11-24T09:15'), '24/11/2026 09:15');
  assert.equal(wallToDayMonth('2026-11-24T15:30'), '24/11/2026 15:30', '24-hour, no AM/PM');
  assert.equal(dayMonthToWall('24/11/2026 15:30'), '2026-11-24T15:30');
  assert.equal(dayMonthToWall('4.3.2026 9:05'), '2026-03-04T09:05', 'day first, whatever the separator');
  assert.equal(dayMonthToWall('11/24/2026 09:15'), null, 'US month/day order is not a date here');
  assert.equal(dayMonthToWall('30/02/2026 09:15'), null);
  assert.equal(dayMonthToWall('24/11/2026 24:00'), null);
  assert.equal(dayMonthToWall('tomorrow'), null);
  for (const wall of ['2026-01-01T00:00', '2026-12-31T23:59']) assert.equal(dayMonthToWall(wallToDayMonth(wall)), wall);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHolidayCsv } from '../../src/main/engine/schedule/csv.ts';

test('NSE download format: Sr. No, Date (26-Jan-2026), Day, Description, quoted commas', () => {
  const csv = 'Sr. No,Date,Day,Description\r\n1,15-Jan-2026,Thursday,"Municipal Corporation Election, Maharashtra"\r\n2,26-Jan-2026,Monday,Republic Day\r\n';
  assert.deepEqual(parseHolidayCsv(csv), {
    holidays: [
      { date: '2026-01-15', description: 'Municipal Corporation Election, Maharashtra', kind: 'full' },
      { date: '2026-01-26', description: 'Republic Day', kind: 'full' },
    ],
    errors: [],
  });
});

test("Optick's own columns without a header, with a special session", () => {
  const csv = '2026-11-08,Diwali Laxmi Pujan,,13:30,13:38,13:45,14:45,,,Muhurat\n2026-12-25,Christmas\n';
  const r = parseHolidayCsv(csv);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.holidays[0], {
    date: '2026-11-08', description: 'Diwali Laxmi Pujan', kind: 'special',
    sessions: { pre_open: { start: '13:30', end: '13:38' }, normal: { start: '13:45', end: '14:45' } }, note: 'Muhurat',
  });
  assert.equal(r.holidays[1]?.kind, 'full');
});

test('errors name the CSV line and field; nothing is imported when any row is bad', () => {
  const csv = 'date,description,kind,normal_start,normal_end\n2026-01-26,Republic Day\n31-Feb-2026,Nope\n2026-11-27,Early close,special,09:30,25:00\n2026-01-26,Again\n';
  const r = parseHolidayCsv(csv);
  assert.deepEqual(r.holidays, []);
  assert.deepEqual(r.errors.map((e) => e.field), ['csv line 3: date', 'csv line 4: sessions.normal.end', 'csv line 5: date']);
  assert.match(r.errors[2]!.message, /already listed/);
});

test('a header without a date column is refused; empty text is refused', () => {
  assert.deepEqual(parseHolidayCsv('when,what\nx,y').errors.map((e) => e.message), ["header has no 'date' column (found: when, what)", "header has no 'description' column (found: when, what)"]);
  assert.equal(parseHolidayCsv('\n\n').errors[0]?.message, 'the CSV has no rows');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateTemplate } from '../../src/main/engine/schedule/validate.ts';
import type { FieldError } from '../../src/shared/trading-hours.ts';
import { crypto, nse, us } from './templates.ts';

const clone = <T>(x: T): T => structuredClone(x);
const errorsOf = (input: unknown): FieldError[] => {
  const r = validateTemplate(input);
  assert.equal(r.ok, false, 'expected validation to fail');
  return r.ok ? [] : r.errors;
};
const fields = (input: unknown) => errorsOf(input).map((e) => e.field);

test('built-in templates validate and round-trip unchanged', () => {
  for (const t of [nse, us, crypto]) {
    const r = validateTemplate(JSON.parse(JSON.stringify(t)));
    assert.ok(r.ok);
    assert.deepEqual(r.value, t);
  }
});

test('unknown time zone and bad id are named', () => {
  const t = { ...clone(nse), time_zone: 'Asia/Bombay-ish', id: 'NSE FO' };
  const errs = errorsOf(t);
  assert.deepEqual(errs.map((e) => e.field).sort(), ['id', 'time_zone']);
  assert.match(errs.find((e) => e.field === 'time_zone')!.message, /IANA.*Asia\/Bombay-ish/);
});

test('invalid times name the exact field', () => {
  const t = clone(nse);
  t.week.mon.normal = { start: '25:00', end: '15:30' };
  t.week.tue.pre_open = { start: '09:00', end: '9:08' };
  t.week.wed.closing = { start: '24:00', end: '24:00' };
  assert.deepEqual(fields(t), ['week.mon.normal.start', 'week.tue.pre_open.end', 'week.wed.closing.start']);
});

test('end before start, sessions out of order and overlapping', () => {
  const t = clone(nse);
  t.week.mon.normal = { start: '15:30', end: '09:15' };
  t.week.tue.normal = { start: '09:05', end: '15:30' }; // overlaps pre-open 09:00-09:08
  t.week.wed.closing = { start: '15:00', end: '16:00' }; // before normal ends
  const errs = errorsOf(t);
  assert.deepEqual(errs.map((e) => e.field), ['week.mon.normal.end', 'week.tue.normal.start', 'week.wed.closing.start']);
  assert.match(errs[1]!.message, /pre_open \(09:08\)/);
});

test('a trading weekday needs a session; a closed one may keep its times', () => {
  const t = clone(nse);
  t.week.mon = { trades: true };
  t.week.tue = { ...t.week.tue, trades: false };
  assert.deepEqual(fields(t), ['week.mon']);
});

test('holiday errors: date, kind, special without times, full with times, duplicates, unknown fields', () => {
  const t = clone(nse);
  t.holidays = [
    { date: '2026-02-30', description: 'x', kind: 'full' },
    { date: '2026-03-03', description: 'Holi', kind: 'half' as 'full' },
    { date: '2026-11-08', description: 'Muhurat', kind: 'special' },
    { date: '2026-12-25', description: 'Christmas', kind: 'full', sessions: { normal: { start: '09:15', end: '12:00' } } },
    { date: '2026-12-25', description: 'again', kind: 'full' },
    { date: '2026-10-02', description: '', kind: 'full', colour: 'red' } as never,
  ];
  assert.deepEqual(fields(t), [
    'holidays[0].date', 'holidays[1].kind', 'holidays[2].sessions', 'holidays[3].sessions', 'holidays[4].date',
    'holidays[5].colour', 'holidays[5].description',
  ]);
});

test('a typo in a session name is caught rather than dropped', () => {
  const t = clone(us) as unknown as { week: Record<string, Record<string, unknown>> };
  t.week.fri!.normall = { start: '09:30', end: '16:00' };
  assert.deepEqual(fields(t), ['week.fri.normall']);
});

test('missing weekday, non-object input and expiry overrides', () => {
  const t = clone(nse) as unknown as Record<string, unknown>;
  delete (t.week as Record<string, unknown>).sun;
  t.expiry_overrides = [{ date: '2026-12-29', description: 'Monthly expiry', sessions: { normal: { start: '09:15', end: '16:15' }, closing: { start: '16:00', end: '16:30' } } }];
  assert.deepEqual(fields(t), ['week.sun', 'expiry_overrides[0].sessions.closing.start']);
  assert.deepEqual(fields(null), ['']);
  assert.deepEqual(fields([]), ['']);
});

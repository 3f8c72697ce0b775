// Bar alignment to the exchange session in the exchange's zone, whatever the host's zone.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { bucketStart } from '../../src/main/engine/candles/bucket.ts';
import { NSE_SESSION, SessionClock, SessionError, type SessionSpec } from '../../src/main/engine/candles/session.ts';

// 2026-11-20 (a Friday) in IST is UTC+05:30: 09:15 IST = 03:45Z.
const at = (iso: string): number => Date.parse(iso);

test('NSE intraday bars start at 09:15 IST and step by the interval', () => {
  assert.equal(bucketStart(at('2026-11-20T09:15:00+05:30'), '5m', NSE_SESSION), at('2026-11-20T09:15:00+05:30'));
  assert.equal(bucketStart(at('2026-11-20T09:24:59.999+05:30'), '5m', NSE_SESSION), at('2026-11-20T09:20:00+05:30'));
  assert.equal(bucketStart(at('2026-11-20T10:14:59+05:30'), '1h', NSE_SESSION), at('2026-11-20T09:15:00+05:30'));
  assert.equal(bucketStart(at('2026-11-20T10:15:00+05:30'), '1h', NSE_SESSION), at('2026-11-20T10:15:00+05:30'));
  assert.equal(bucketStart(at('2026-11-20T15:29:59.999+05:30'), '1h', NSE_SESSION), at('2026-11-20T15:15:00+05:30'));
  assert.equal(bucketStart(at('2026-11-20T11:02:00+05:30'), '3m', NSE_SESSION), at('2026-11-20T11:00:00+05:30'));
  assert.equal(bucketStart(at('2026-11-20T09:44:59+05:30'), '30m', NSE_SESSION), at('2026-11-20T09:15:00+05:30'));
  assert.equal(bucketStart(at('2026-11-20T09:45:00+05:30'), '30m', NSE_SESSION), at('2026-11-20T09:45:00+05:30'));
  assert.equal(bucketStart(at('2026-11-20T12:00:07.400+05:30'), '5s', NSE_SESSION), at('2026-11-20T12:00:05+05:30'));
  assert.equal(bucketStart(at('2026-11-20T12:00:07.400+05:30'), '1s', NSE_SESSION), at('2026-11-20T12:00:07+05:30'));
});

test('1d is the trading day, stamped with the session open', () => {
  assert.equal(bucketStart(at('2026-11-20T15:29:00+05:30'), '1d', NSE_SESSION), at('2026-11-20T09:15:00+05:30'));
  assert.equal(bucketStart(at('2026-11-20T09:15:00+05:30'), '1d', NSE_SESSION), at('2026-11-20T09:15:00+05:30'));
});

test('outside [09:15, 15:30) IST there is no bar: pre-open, the 15:30:00 print and after', () => {
  for (const t of ['2026-11-20T09:14:59.999+05:30', '2026-11-20T09:07:00+05:30', '2026-11-20T15:30:00+05:30', '2026-11-20T23:59:00+05:30', '2026-11-20T00:00:00+05:30']) {
    for (const interval of ['1s', '1m', '1h', '1d'] as const) assert.equal(bucketStart(at(t), interval, NSE_SESSION), null, `${t} ${interval}`);
  }
});

test('a US session follows daylight saving: 09:30 New York is 13:30Z in summer, 14:30Z in winter', () => {
  const us: SessionSpec = { timeZone: 'America/New_York', open: '09:30', close: '16:00' };
  assert.equal(bucketStart(at('2026-07-01T14:07:00Z'), '15m', us), at('2026-07-01T14:00:00Z'));
  assert.equal(bucketStart(at('2026-12-01T15:07:00Z'), '15m', us), at('2026-12-01T15:00:00Z'));
  assert.equal(bucketStart(at('2026-12-01T14:29:00Z'), '1m', us), null);
  // The day the clocks go back (2026-11-01 is a Sunday; take the Monday after and the Friday before).
  assert.equal(bucketStart(at('2026-10-30T13:30:00Z'), '1d', us), at('2026-10-30T13:30:00Z'));
  assert.equal(bucketStart(at('2026-11-02T14:30:00Z'), '1d', us), at('2026-11-02T14:30:00Z'));
});

test('the host zone does not matter: the same answers under TZ=America/New_York, UTC and Asia/Tokyo', () => {
  const script = `
    import { bucketStart } from ${JSON.stringify(new URL('../../src/main/engine/candles/bucket.ts', import.meta.url).href)};
    import { NSE_SESSION } from ${JSON.stringify(new URL('../../src/main/engine/candles/session.ts', import.meta.url).href)};
    const ts = [Date.parse('2026-11-20T09:15:00+05:30'), Date.parse('2026-11-20T13:37:42+05:30'), Date.parse('2026-03-09T15:29:59+05:30'), Date.parse('2026-11-20T09:00:00+05:30')];
    const out = [];
    for (const t of ts) for (const i of ['1m', '5m', '1h', '1d']) out.push(bucketStart(t, i, NSE_SESSION));
    console.log(JSON.stringify(out));`;
  const run = (tz: string): string => execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }).trim();
  const reference = run('Asia/Kolkata');
  const parsed = JSON.parse(reference) as (number | null)[];
  assert.equal(parsed[0], at('2026-11-20T09:15:00+05:30'));
  assert.equal(parsed[5], at('2026-11-20T13:35:00+05:30'));
  assert.equal(parsed[15], null);
  for (const tz of ['America/New_York', 'UTC', 'Asia/Tokyo']) assert.equal(run(tz), reference, `host TZ=${tz}`);
});

test('bad session specs and zones are rejected with the cause', () => {
  assert.throws(() => new SessionClock({ timeZone: 'Mars/Olympus', open: '09:15', close: '15:30' }), (e: unknown) => e instanceof SessionError && /Mars\/Olympus/.test(e.message));
  assert.throws(() => new SessionClock({ timeZone: 'Asia/Kolkata', open: '9:15', close: '15:30' }), /open '9:15'/);
  assert.throws(() => new SessionClock({ timeZone: 'Asia/Kolkata', open: '15:30', close: '09:15' }), /not before close/);
  assert.throws(() => new SessionClock(NSE_SESSION).day(Number.NaN), /not a finite/);
});

test('session day bounds: local date and midnights in IST', () => {
  const d = new SessionClock(NSE_SESSION).day(at('2026-11-20T01:00:00+05:30'));
  assert.equal(d.date, '2026-11-20');
  assert.equal(d.dayStart, at('2026-11-20T00:00:00+05:30'));
  assert.equal(d.dayEnd, at('2026-11-21T00:00:00+05:30'));
  assert.equal(d.close, at('2026-11-20T15:30:00+05:30'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  daysToExpiry, formatChange, formatStrike, formatChangePercent, formatExpiry, formatGreek, formatIv, formatPrice, formatQty, formatRate, formatTimeIst, isoDateIst,
} from '../../src/renderer/format.ts';

test('prices: 2 decimals, Indian grouping, decimal (not binary) rounding, no negative zero', () => {
  assert.equal(formatPrice(24512.345), '24,512.35');
  assert.equal(formatPrice(1234567.5), '12,34,567.50');
  assert.equal(formatPrice(1.005), '1.01', 'toFixed would print 1.00');
  assert.equal(formatPrice(0.05), '0.05');
  assert.equal(formatPrice(-0.004), '0.00');
  assert.equal(formatPrice(-12.5), '-12.50');
});

test('strikes show decimals only when the strike has them', () => {
  assert.equal(formatStrike(24500), '24,500');
  assert.equal(formatStrike(212.5), '212.5');
  assert.equal(formatStrike(100000), '1,00,000');
  assert.equal(formatStrike(null), '');
});

test('missing values are blank cells, never 0 or NaN', () => {
  for (const f of [formatPrice, formatChange, formatQty, formatIv, formatGreek, formatRate, formatTimeIst]) {
    assert.equal(f(null), '');
    assert.equal(f(undefined), '');
    assert.equal(f(Number.NaN), '');
    assert.equal(f(Number.POSITIVE_INFINITY), '');
  }
  assert.equal(formatChangePercent(null, 5), '');
});

test('quantities use lakh/crore grouping and keep NSE fractional OI', () => {
  assert.equal(formatQty(12345678), '1,23,45,678');
  assert.equal(formatQty(100000), '1,00,000');
  assert.equal(formatQty(65), '65');
  assert.equal(formatQty(319.5), '319.5');
  assert.equal(formatQty(0), '0');
});

test('changes carry their sign; a change rounding to zero shows none', () => {
  assert.equal(formatChange(12.3), '+12.30');
  assert.equal(formatChange(-153.14999999999998), '-153.15');
  assert.equal(formatChange(-0.001), '0.00');
  assert.equal(formatChangePercent(17022.5, 122.5), '+0.72%');
  assert.equal(formatChangePercent(100, -5), '-4.76%');
});

test('IV is shown in percent points with 2 decimals, Delta with 3', () => {
  assert.equal(formatIv(0.1534), '15.34');
  assert.equal(formatIv(0.12345), '12.35', 'rounds the decimal 12.345, not the binary 12.3449…');
  assert.equal(formatIv(1.5), '150.00');
  assert.equal(formatGreek(0.5234), '0.523');
  assert.equal(formatGreek(-0.4775), '-0.478');
  assert.equal(formatGreek(1), '1.000');
});

test('ticks per second: one decimal below 10, whole and grouped above', () => {
  assert.equal(formatRate(3.25), '3.3');
  assert.equal(formatRate(0), '0');
  assert.equal(formatRate(123456.7), '1,23,457');
});

test('times are the NSE wall clock whatever the host zone', () => {
  assert.equal(formatTimeIst(Date.UTC(2026, 10, 21, 9, 59, 59)), '15:29:59');
  assert.equal(formatTimeIst(Date.UTC(2026, 10, 20, 18, 30, 0)), '00:00:00');
  assert.equal(isoDateIst(Date.UTC(2026, 10, 20, 19, 0)), '2026-11-21', '00:30 IST is already the next day');
});

test('expiries read like "23 Nov 2026 (Mon)"; malformed dates pass through unchanged', () => {
  assert.equal(formatExpiry('2026-11-23'), '23 Nov 2026 (Mon)');
  assert.equal(formatExpiry('2026-09-01'), '01 Sep 2026 (Tue)');
  assert.equal(formatExpiry('2026-02-30'), '2026-02-30');
  assert.equal(formatExpiry('next week'), 'next week');
});

test('days to expiry count IST calendar days', () => {
  const saturdayEveningIst = Date.UTC(2026, 10, 21, 13, 0);
  assert.equal(daysToExpiry('2026-11-23', saturdayEveningIst), 2);
  assert.equal(daysToExpiry('2026-11-21', saturdayEveningIst), 0);
  assert.equal(daysToExpiry('2026-11-23', Date.UTC(2026, 10, 22, 19, 0)), 0, '00:30 IST on the 23rd is expiry day');
  assert.equal(daysToExpiry('bad', saturdayEveningIst), null);
});

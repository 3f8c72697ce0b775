import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseQuote, forwardFromParity, nearestStrike, yearsToExpiry, zonedEpochMs } from '../../src/main/engine/pricing/conventions.ts';
import { createChainInput, ivErrorName, ivSourceName, priceChain } from '../../src/main/engine/pricing/chain-pricing.ts';
import { black76 } from '../../src/main/engine/pricing/greeks.ts';

const NSE = { timeZone: 'Asia/Kolkata', expiryTime: '15:30', basis: 'calendar' as const };

test('time to expiry: to 15:30 IST on expiry day, 365-day years, to the second, whatever the host zone', () => {
  // 2026-11-21 09:15:00 IST = 03:45:00 UTC; expiry Tue 2026-11-24 15:30 IST (a holiday in 2026,
  // but the date passed is the contract's expiry date as listed).
  const now = Date.UTC(2026, 10, 21, 3, 45, 0);
  assert.equal(zonedEpochMs('2026-11-24', '15:30', 'Asia/Kolkata'), Date.UTC(2026, 10, 24, 10, 0, 0));
  assert.equal(yearsToExpiry('2026-11-24', now, NSE), (3 * 86400 + 6 * 3600 + 15 * 60) / (365 * 86400));
  assert.equal(yearsToExpiry('2026-11-24', now + 999, NSE), (3 * 86400 + 6 * 3600 + 15 * 60 - 1) / (365 * 86400), 'whole seconds');
  assert.equal(yearsToExpiry('2026-11-20', now, NSE), 0, 'expired');
  // US options across the DST change (1 Nov 2026): 16:00 New York on 2026-11-06 is 21:00 UTC
  assert.equal(zonedEpochMs('2026-11-06', '16:00', 'America/New_York'), Date.UTC(2026, 10, 6, 21, 0, 0));
  assert.equal(zonedEpochMs('2026-10-30', '16:00', 'America/New_York'), Date.UTC(2026, 9, 30, 20, 0, 0));
  assert.throws(() => yearsToExpiry('24-11-2026', now, NSE), /not YYYY-MM-DD/);
});

test('trading-time basis counts session seconds on trading days over 252 sessions', () => {
  const opts = { ...NSE, basis: 'trading' as const, sessionOpen: '09:15', holidays: ['2026-11-24'] };
  // Fri 2026-11-20 12:30 IST → Wed 2026-11-25 15:30: rest of Fri (3 h) + Mon (6.25 h) + Tue holiday + Wed (6.25 h)
  const now = zonedEpochMs('2026-11-20', '12:30', 'Asia/Kolkata');
  const sessions = (3 + 6.25 + 6.25) / 6.25;
  assert.ok(Math.abs(yearsToExpiry('2026-11-25', now, opts) - sessions / 252) < 1e-15);
});

test('quote choice: mid when two-sided and sane, else LTP, flagged', () => {
  assert.deepEqual(chooseQuote(100, 101, 99), { price: 100.5, source: 'mid' });
  assert.deepEqual(chooseQuote(0.05, 0.1, 0.05), { price: 0.07500000000000001, source: 'mid' }, 'one tick wide is sane');
  assert.deepEqual(chooseQuote(100, 160, 120), { price: 120, source: 'ltp' }, 'spread too wide');
  assert.deepEqual(chooseQuote(0, 101, 99), { price: 99, source: 'ltp' }, 'one-sided book');
  assert.deepEqual(chooseQuote(102, 101, 99), { price: 99, source: 'ltp' }, 'crossed book');
  assert.equal(chooseQuote(NaN, null, 0), null);
});

test('forward from put-call parity at the strikes nearest the money', () => {
  const T = 7 / 365; const r = 0.065; const F = 24037.5;
  const quotes = [23900, 24000, 24100, 24200].map((K) => ({ strike: K, call: black76(true, F, K, T, 0.13, r).price, put: black76(false, F, K, T, 0.13, r).price }));
  const got = forwardFromParity(quotes, T, r);
  assert.ok(got && Math.abs(got.forward - F) < 1e-9);
  assert.deepEqual(got!.strikes.slice().sort(), [23900, 24000, 24100]);
  assert.equal(forwardFromParity([{ strike: 100, call: null, put: 3 }], T, r), null);
  assert.equal(nearestStrike([23900, 24000, 24100], 24049.9), 24000);
  assert.equal(nearestStrike([23900, 24000, 24100], 24050), 24000, 'tie goes to the lower strike');
});

test('chain pricing: OTM-side IV on both legs, future overrides parity, typed errors per strike', () => {
  const T = 5 / 365; const r = 0.065; const F = 24010; const strikes = [23800, 23900, 24000, 24100, 24200, 24300];
  const vol = (K: number): number => 0.13 + 0.4 * Math.log(K / F) ** 2;
  const input = createChainInput(strikes.length, T, r);
  strikes.forEach((K, i) => {
    const c = black76(true, F, K, T, vol(K), r).price; const p = black76(false, F, K, T, vol(K), r).price;
    input.strikes[i] = K;
    input.ceBid[i] = c - 0.05; input.ceAsk[i] = c + 0.05; input.ceLtp[i] = c + 3;
    input.peBid[i] = p - 0.05; input.peAsk[i] = p + 0.05; input.peLtp[i] = p - 3;
  });
  // strike 24300: one-sided call book and no LTP on the OTM side → the ITM put's mid is used
  input.ceBid[5] = NaN; input.ceLtp[5] = NaN;
  const res = priceChain(input.buffer);
  assert.equal(res.forwardSource, 'parity');
  assert.ok(Math.abs(res.forward - F) < 1e-9, `forward ${res.forward}`);
  assert.equal(res.atmStrike, 24000);
  for (let i = 0; i < 5; i++) {
    assert.ok(Math.abs(res.ce.iv[i]! - vol(strikes[i]!)) < 1e-12, `K=${strikes[i]} iv ${res.ce.iv[i]}`);
    assert.equal(res.pe.iv[i], res.ce.iv[i]);
    assert.equal(ivSourceName(res.ce.ivSource[i]!), 'mid');
    const g = black76(false, F, strikes[i]!, T, vol(strikes[i]!), r);
    assert.ok(Math.abs(res.pe.delta[i]! - g.delta) < 1e-9 && Math.abs(res.pe.theta[i]! - g.theta) < 1e-9);
  }
  assert.equal(ivSourceName(res.ce.ivSource[5]!), 'mid');
  assert.ok(Math.abs(res.ce.iv[5]! - vol(24300)) < 1e-9, 'solved from the ITM put, to what its price carries');

  input.buffer[2] = 24020; // a listed future of this expiry
  const withFuture = priceChain(input.buffer);
  assert.equal(withFuture.forwardSource, 'future');
  assert.equal(withFuture.forward, 24020);

  const empty = createChainInput(2, T, r);
  empty.strikes.set([100, 200]);
  const none = priceChain(empty.buffer);
  assert.equal(none.forwardSource, null);
  assert.equal(ivErrorName(none.ce.ivError[0]!), 'no_quote');
  assert.ok(Number.isNaN(none.pe.gamma[1]!));
  assert.throws(() => priceChain(new Float64Array([0.1, 0.06, NaN, 3, 1, 2])), /does not match 3 strikes/);
});

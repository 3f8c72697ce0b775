// The mode plan (depth near the centre, quote outside, change of mode on re-centring), the
// per-mode limits, and the stall rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionChain } from '../../src/main/engine/chain/option-chain.ts';
import type { FeedMode } from '../../src/main/engine/feeds/feed.ts';
import { checkUpstoxLimits, modeUsage } from '../../src/main/engine/feeds/upstox/limits.ts';
import { countModes, DEFAULT_MODE_PLAN, strikeMode } from '../../src/main/engine/feeds/common/subscription-plan.ts';
import { isStalled, stallCheckEveryMs } from '../../src/main/engine/feeds/common/stall.ts';
import type { StrikePair } from '../../src/main/engine/instruments/registry.ts';
import type { UnderlyingInfo } from '../../src/shared/market.ts';

const NIFTY: UnderlyingInfo = { name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' };

function pairs(n: number, first: number, step: number): StrikePair[] {
  return Array.from({ length: n }, (_, i) => {
    const strike = first + i * step;
    const leg = (side: 'CE' | 'PE') => ({ key: `NSE_FO|${strike}${side}`, symbol: `NIFTY${strike}${side}`, underlying: 'NIFTY', expiry: '2026-11-24', strike, side, lotSize: 65, tickSize: 0.05 });
    return { strike, CE: leg('CE'), PE: leg('PE') };
  });
}

test('strikeMode: within depthStrikes either side → near mode, beyond → outer mode', () => {
  assert.equal(strikeMode(0, DEFAULT_MODE_PLAN), 'depth');
  assert.equal(strikeMode(-10, DEFAULT_MODE_PLAN), 'depth');
  assert.equal(strikeMode(11, DEFAULT_MODE_PLAN), 'quote');
  assert.equal(strikeMode(3, { depthStrikes: 2, nearMode: 'quote', outerMode: 'ltp' }), 'ltp');
});

test('OptionChain subscriptions: index and ±depthStrikes in depth, outer strikes in quote; re-centring re-modes the boundary strikes', () => {
  // A variable, not a literal: option fields other engineers add (e.g. an ATM band) take their defaults here.
  const opts = { halfWidth: 20, margin: 2, optionMode: 'depth' as const, depthStrikes: 10, atmBand: 0 };
  const chain = new OptionChain('c', NIFTY, '2026-11-24', pairs(121, 23000, 50), opts);
  chain.onUnderlyingPrice(26000);
  const a = new Map<string, FeedMode>();
  chain.subscriptions(a);
  assert.equal(a.get(NIFTY.key), 'depth');
  assert.deepEqual(countModes(a), { depth: 1 + 21 * 2, quote: 24 * 2 });
  assert.equal(a.get('NSE_FO|26500CE'), 'depth');
  assert.equal(a.get('NSE_FO|26550CE'), 'quote');
  // Within the margin: nothing moves. Three strikes up: the window re-centres.
  assert.equal(chain.onUnderlyingPrice(26100), false);
  assert.equal(chain.onUnderlyingPrice(26150), true);
  const b = new Map<string, FeedMode>();
  chain.subscriptions(b);
  const remoded = [...b].filter(([k, m]) => a.has(k) && a.get(k) !== m).map(([k, m]) => `${k}:${m}`).sort();
  assert.deepEqual(remoded, ['NSE_FO|25500CE:quote', 'NSE_FO|25500PE:quote', 'NSE_FO|25550CE:quote', 'NSE_FO|25550PE:quote', 'NSE_FO|25600CE:quote', 'NSE_FO|25600PE:quote',
    'NSE_FO|26550CE:depth', 'NSE_FO|26550PE:depth', 'NSE_FO|26600CE:depth', 'NSE_FO|26600PE:depth', 'NSE_FO|26650CE:depth', 'NSE_FO|26650PE:depth']);
});

test('limits: alone vs combined, with a message naming the mode and the counts', () => {
  assert.equal(checkUpstoxLimits({ full: 2000 }), null);
  assert.match(checkUpstoxLimits({ full: 2001 })!, /2000 instruments in 'full' mode; the plan asks for 2001/);
  assert.equal(checkUpstoxLimits({ full: 1500, option_greeks: 2000 }), null);
  assert.match(checkUpstoxLimits({ full: 1501, option_greeks: 10 })!, /1500 instruments in 'full' mode when modes are mixed/);
  assert.match(checkUpstoxLimits({ ltpc: 2001, full: 1 })!, /'ltpc'/);
  assert.equal(checkUpstoxLimits({ ltpc: 5000 }), null);
  assert.deepEqual(modeUsage({ full: 43, option_greeks: 48 }).map((u) => [u.mode, u.count, u.limit]), [['ltpc', 0, 2000], ['option_greeks', 48, 2000], ['full', 43, 1500], ['full_d30', 0, 50]]);
  assert.deepEqual(modeUsage({ option_greeks: 48 }).map((u) => u.limit), [5000, 3000, 2000, 50]);
});

test('stall rule: silence ≥ stallMs counts only in session, measured from the later of connect and last activity', () => {
  const base = { connectedAt: 1000, stallMs: 500, inSession: true };
  assert.equal(isStalled({ ...base, lastActivityAt: null, now: 1499 }), false);
  assert.equal(isStalled({ ...base, lastActivityAt: null, now: 1500 }), true);
  assert.equal(isStalled({ ...base, lastActivityAt: 1400, now: 1899 }), false);
  assert.equal(isStalled({ ...base, lastActivityAt: 1400, now: 1900 }), true);
  assert.equal(isStalled({ ...base, lastActivityAt: 200, now: 1200 }), false, 'activity before this connection does not count against it');
  assert.equal(isStalled({ ...base, inSession: false, lastActivityAt: 0, now: 1_000_000 }), false);
  assert.equal(stallCheckEveryMs(30_000), 1000);
  assert.equal(stallCheckEveryMs(300), 75);
});

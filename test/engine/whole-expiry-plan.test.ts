// Whole-expiry subscriptions: every strike of each open chain's expiry is subscribed (window in
// its modes, the rest in option_greeks), within Upstox's limits; over a limit, the farther
// expiries are cut back to their window, named in status and a notice, and the plan the feed
// receives never passes a limit (the real UpstoxFeed, which refuses over-limit plans, says so).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../src/main/engine/engine.ts';
import type { FeedMode } from '../../src/main/engine/feeds/feed.ts';
import { RecordingUpstox } from '../helpers/idle-feed.ts';
import { planWholeExpiry } from '../../src/main/engine/feeds/common/subscription-plan.ts';
import { upstoxPlanProblem, UPSTOX_MODE_OF } from '../../src/main/engine/feeds/upstox/mode-plan.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import type { OptionContract, UnderlyingInfo } from '../../src/shared/market.ts';
import { UPSTOX_LIMITS } from '../../src/shared/upstox.ts';

const NOW = Date.parse('2026-12-01T05:00:00Z');
const NIFTY: UnderlyingInfo = { name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' };

function registry(expiries: string[], strikesPerExpiry: number): InstrumentRegistry {
  const options: OptionContract[] = [];
  let token = 1;
  for (const expiry of expiries) {
    for (let i = 0; i < strikesPerExpiry; i++) {
      const strike = 26000 + (i - Math.floor(strikesPerExpiry / 2)) * 50;
      for (const side of ['CE', 'PE'] as const) {
        options.push({ key: `NSE_FO|${token++}`, symbol: `NIFTY${expiry}${strike}${side}`, underlying: 'NIFTY', expiry, strike, side, lotSize: 65, tickSize: 0.05 });
      }
    }
  }
  return new InstrumentRegistry([NIFTY], options);
}

/** The real Upstox adapter (never connected), recording each plan it is given. */

function counts(plan: ReadonlyMap<string, FeedMode>): Record<string, number> {
  const c: Record<string, number> = {};
  for (const m of plan.values()) c[UPSTOX_MODE_OF[m]] = (c[UPSTOX_MODE_OF[m]] ?? 0) + 1;
  return c;
}

describe('whole-expiry subscription plan', () => {
  it('subscribes every strike of the open chain: 41+margin rows in depth/quote, the rest in option_greeks', () => {
    const feed = new RecordingUpstox();
    const engine = new Engine({ feed, registry: registry(['2026-12-08'], 121), now: () => NOW });
    engine.ingest([{ key: NIFTY.key, exchangeTs: NOW, receiveTs: NOW, ltp: 26010 }]);
    engine.start('active');
    const plan = feed.plans.at(-1)!;
    assert.equal(plan.size, 1 + 121 * 2, 'underlying + every CE and PE of the expiry');
    assert.equal(counts(plan).full, 1 + 21 * 2, 'underlying + ±10 strikes around the centre in full');
    assert.equal(counts(plan).option_greeks, 121 * 2 - 21 * 2);
    assert.deepEqual(engine.status().subscription_plan, { whole_expiry: ['NIFTY|2026-12-08'], cut: [], reason: null });
    assert.equal(feed.inner.info().refused_plan, null);
    void engine.stop();
  });

  it('over a limit: farther expiries are cut to their window, named in status and a notice; the plan sent fits', () => {
    const expiries = ['2026-12-08', '2026-12-15', '2026-12-22', '2026-12-29'];
    const feed = new RecordingUpstox();
    const engine = new Engine({ feed, registry: registry(expiries, 400), now: () => NOW }); // 800 keys per expiry
    engine.ingest([{ key: NIFTY.key, exchangeTs: NOW, receiveTs: NOW, ltp: 26010 }]);
    engine.start('active');
    for (const e of expiries.slice(1)) engine.watch('client-1', 'NIFTY', e);
    const plan = feed.plans.at(-1)!;
    assert.equal(upstoxPlanProblem(plan), null, 'the plan sent fits every limit');
    assert.equal(feed.inner.info().refused_plan, null);
    const status = engine.status();
    // Mixed modes: option_greeks ≤ 2000 and full ≤ 1500. Two whole expiries (≈1,600 keys) fit, a third does not.
    assert.deepEqual(status.subscription_plan!.whole_expiry, ['NIFTY|2026-12-08', 'NIFTY|2026-12-15']);
    assert.deepEqual(status.subscription_plan!.cut, ['NIFTY|2026-12-22', 'NIFTY|2026-12-29']);
    assert.match(status.subscription_plan!.reason!, new RegExp(`Upstox allows ${UPSTOX_LIMITS.option_greeks.combined} instruments in 'option_greeks'`));
    const notice = status.notices.find((n) => n.id === 'subscriptions:whole-expiry');
    assert.ok(notice, 'a notice names the cut expiries');
    assert.match(notice.message, /NIFTY 2026-12-22, NIFTY 2026-12-29/);
    // Closing the far chains brings the plan back whole and clears the notice.
    for (const e of expiries.slice(2)) engine.unwatch('client-1', 'NIFTY', e);
    assert.deepEqual(engine.status().subscription_plan!.cut, []);
    assert.equal(engine.status().notices.find((n) => n.id === 'subscriptions:whole-expiry'), undefined);
    void engine.stop();
  });

  it('planWholeExpiry keeps windows first and adds whole expiries in order while they fit', () => {
    const w = (prefix: string, n: number, mode: FeedMode) => new Map(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, mode] as [string, FeedMode]));
    const a = { id: 'A', window: w('a', 10, 'depth'), whole: new Map([...w('a', 10, 'depth'), ...w('ax', 1500, 'quote')]) };
    const b = { id: 'B', window: w('b', 10, 'depth'), whole: new Map([...w('b', 10, 'depth'), ...w('bx', 1500, 'quote')]) };
    const p = planWholeExpiry([a, b], upstoxPlanProblem);
    assert.deepEqual(p.whole, ['A']);
    assert.deepEqual(p.cut, ['B']);
    assert.equal(p.wanted.size, 1510 + 10);
    assert.equal(upstoxPlanProblem(p.wanted), null);
  });
});

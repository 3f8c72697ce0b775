// IV rules evaluated when their chain's pricing result arrives (real worker pool, no timer), and
// what positions and rules open for themselves (an expiry chain, an instrument subscription)
// released when the last position or rule needing it is deleted or has fired.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AlertLogEntry } from '../../src/shared/alerts.ts';
import type { OptionContract, Tick, UnderlyingInfo } from '../../src/shared/market.ts';
import type { AdapterStatus } from '../../src/shared/status.ts';
import { AlertService } from '../../src/main/engine/alerts/alert-service.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import type { FeedAdapter, FeedMode } from '../../src/main/engine/feeds/feed.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import { black76Price } from '../../src/main/engine/pricing/black76.ts';
import { PricingPool } from '../../src/main/engine/pricing/pool.ts';

const NIFTY: UnderlyingInfo = { name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' };
const NEAR = '2026-12-29';
const FAR = '2027-01-26';
const options: OptionContract[] = [];
for (const [expiry, tag] of [[NEAR, '29DEC26'], [FAR, '26JAN27']] as const) {
  for (let k = 23000; k <= 25000; k += 50) {
    for (const side of ['CE', 'PE'] as const) options.push({ key: `NSE_FO|${expiry}-${k}${side}`, symbol: `NIFTY${tag}${k}${side}`, underlying: 'NIFTY', expiry, strike: k, side, lotSize: 65, tickSize: 0.05 });
  }
}
const BANKNIFTY: UnderlyingInfo = { name: 'BANKNIFTY', key: 'NSE_INDEX|Nifty Bank', exchange: 'NSE', strikeStep: 100, lotSize: 30, timeZone: 'Asia/Kolkata' };
for (const k of [52000, 52100]) for (const side of ['CE', 'PE'] as const) options.push({ key: `NSE_FO|BN${k}${side}`, symbol: `BANKNIFTY29DEC26${k}${side}`, underlying: 'BANKNIFTY', expiry: NEAR, strike: k, side, lotSize: 30, tickSize: 0.05 });
const registry = new InstrumentRegistry([NIFTY, BANKNIFTY], options);
const FAR_CE = 'NIFTY26JAN2724000CE';
const FAR_KEY = `NSE_FO|${FAR}-24000CE`;
const FAR_CHAIN = ['NIFTY', FAR];

class HandFeed implements FeedAdapter {
  readonly id = 'hand';
  wanted: ReadonlyMap<string, FeedMode> = new Map();
  start(): void {}
  async stop(): Promise<void> {}
  setSubscriptions(w: ReadonlyMap<string, FeedMode>): void { this.wanted = w; }
  status(): AdapterStatus {
    return { feed: 'hand', state: 'connected', message: null, subscribed: {}, frames_received: 0, ticks_received: 0, ticks_processed: 0, ticks_dropped: 0, decode_errors: 0, reconnects: 0, last_tick_age_ms: null, segments: {} };
  }
}

const clock = Date.UTC(2026, 11, 3, 5, 0);
const now = () => clock;
let dir: string;
let pool: PricingPool;
const tick = (key: string, ltp: number, spread = 0.5): Tick => ({ key, ltp, exchangeTs: clock, receiveTs: clock, bids: [{ price: ltp - spread / 2, qty: 65 }], asks: [{ price: ltp + spread / 2, qty: 65 }] });
/** The FAR expiry's calls and puts 23,800..24,200 around a forward of 24,000, each with time value `tv` (so put-call parity gives the forward). */
const farBook = (tv: number, expiry = FAR): Tick[] => {
  const out: Tick[] = [];
  for (let k = 23800; k <= 24200; k += 50) {
    out.push(tick(`NSE_FO|${expiry}-${k}CE`, Math.max(24000 - k, 0) + tv), tick(`NSE_FO|${expiry}-${k}PE`, Math.max(k - 24000, 0) + tv));
  }
  return out;
};
const settle = () => new Promise((r) => setImmediate(r));
const until = async (what: string, ok: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

function open() {
  const feed = new HandFeed();
  const engine = new Engine({ feed, registry, now, pricing: { pool, rate: 0.065, basis: 'calendar', expiryTime: '15:30' } });
  engine.start('active');
  // A timer period of an hour: nothing here may depend on it.
  const alerts = new AlertService({ dataDir: dir, engine, now, timerMs: 3_600_000 });
  const fired: AlertLogEntry[] = [];
  alerts.onAlert((e) => fired.push(e));
  const farOpen = () => engine.openChains().some(([u, e]) => u === FAR_CHAIN[0] && e === FAR_CHAIN[1]);
  return { feed, engine, alerts, fired, farOpen, close: async () => { alerts.close(); await engine.stop(); } };
}

before(() => { dir = mkdtempSync(join(tmpdir(), 'optick-alerts-iv-')); pool = new PricingPool({ workers: 1 }); });
after(async () => { await pool.close(); rmSync(dir, { recursive: true, force: true }); });

describe('IV rules and what positions and rules hold open', () => {
  it("an IV rule on a chain nobody shows fires on the chain's pricing result, not on a timer", async () => {
    const a = open();
    assert.equal(a.farOpen(), false);
    a.engine.ingest([tick(NIFTY.key, 24000, 0)]);
    const r = a.alerts.addRule({ symbol: FAR_CE, field: 'iv', op: 'above', level: 0.3, repeat: false });
    assert.equal(a.farOpen(), true, 'the IV rule holds its expiry chain open (it prices the IV)');
    a.engine.ingest(farBook(400));
    await until('the option IV from the chain', () => (a.engine.optionLeg(FAR_KEY)?.leg.iv ?? null) !== null);
    const before = a.engine.optionLeg(FAR_KEY)!.leg.iv!;
    assert.ok(before > 0.05 && before < 0.3, `IV at a premium of 400: ${before}`);
    assert.equal(a.alerts.rules()[0]!.last_value, before);
    a.engine.ingest(farBook(1500));
    await until('the IV rule firing', () => a.fired.length > 0);
    const e = a.fired[0]!;
    assert.equal(e.rule_id, r.id);
    assert.equal(e.field, 'iv');
    assert.ok(e.price >= 0.3, `fired at IV ${e.price}`);
    await settle();
    assert.equal(a.farOpen(), false, 'fired once: nothing holds the chain any more, it closed');
    assert.equal(a.feed.wanted.has(FAR_KEY), false, 'and its option left the feed plan');
    a.alerts.removeRule(r.id);
    await a.close();
  });

  it("a position opens its expiry's chain and subscribes its instrument; deleting it releases both", async () => {
    const a = open();
    const p = a.alerts.addPosition({ symbol: FAR_CE, side: 'long', lots: 1, entry_price: 500 });
    assert.equal(a.farOpen(), true);
    assert.equal(a.feed.wanted.has(FAR_KEY), true);
    const level = a.alerts.addRule({ symbol: FAR_CE, field: 'ltp', op: 'above', level: 900 });
    a.alerts.removePosition(p.id);
    assert.equal(a.farOpen(), false, 'the chain was only held for the position: closed');
    assert.equal(a.feed.wanted.get(FAR_KEY), 'quote', 'the level rule still watches the option');
    a.alerts.removeRule(level.id);
    assert.equal(a.feed.wanted.has(FAR_KEY), false, 'the last rule gone: unsubscribed');
    await a.close();
  });

  it('a chain a window also shows stays open when the position holding it goes', async () => {
    const a = open();
    const p = a.alerts.addPosition({ symbol: FAR_CE, side: 'short', lots: 2, entry_price: 500 });
    a.engine.watch('client-1', 'NIFTY', FAR);
    a.alerts.removePosition(p.id);
    assert.equal(a.farOpen(), true, 'still watched');
    a.engine.unwatch('client-1', 'NIFTY', FAR);
    assert.equal(a.farOpen(), false);
    await a.close();
  });

  it("payoff per underlying; over two expiries each leg is priced with its own chain's time, forward and IV", async () => {
    const a = open();
    const near = a.alerts.addPosition({ symbol: 'NIFTY29DEC2624000CE', side: 'short', lots: 1, entry_price: 300 });
    const far = a.alerts.addPosition({ symbol: FAR_CE, side: 'long', lots: 1, entry_price: 420 });
    const bank = a.alerts.addPosition({ symbol: 'BANKNIFTY29DEC2652000CE', side: 'long', lots: 2, entry_price: 500 });
    a.engine.ingest([tick(NIFTY.key, 24000, 0), ...farBook(300, NEAR), ...farBook(420)]);
    await until('both NIFTY legs priced', () => [`NSE_FO|${NEAR}-24000CE`, FAR_KEY].every((k) => (a.engine.optionLeg(k)?.leg.iv ?? null) !== null));
    const first = a.alerts.payoff();
    assert.deepEqual(first.underlyings, ['BANKNIFTY', 'NIFTY']);
    assert.equal(first.underlying, 'BANKNIFTY');
    assert.equal(first.sampled, false);
    const p = a.alerts.payoff(undefined, 'NIFTY');
    assert.equal(p.underlying, 'NIFTY');
    assert.equal(p.expiry, NEAR);
    assert.equal(p.sampled, true, 'two expiries: the expiry curve is drawn at the nearest one');
    const n = a.engine.optionLeg(`NSE_FO|${NEAR}-24000CE`)!, f = a.engine.optionLeg(FAR_KEY)!;
    assert.ok(n.pricing!.years < f.pricing!.years);
    const at = p.points[Math.floor(p.points.length / 2)]!;
    const value = (leg: typeof n, strike: number) => black76Price(true, at.price * leg.pricing!.basis!, strike, leg.pricing!.years, leg.leg.iv!, leg.pricing!.rate);
    const expect = 65 * (value(f, 24000) - 420) - 65 * (value(n, 24000) - 300);
    assert.ok(Math.abs(at.today! - expect) < 1e-6, `today at ${at.price}: ${at.today} vs ${expect}`);
    assert.throws(() => a.alerts.payoff(undefined, 'SENSEX'), (e: Error & { field?: string }) => e.field === 'underlying' && /BANKNIFTY, NIFTY/.test(e.message));
    for (const x of [near, far, bank]) a.alerts.removePosition(x.id);
    await a.close();
  });

  it('a once rule that fired leaves the feed plan; a repeating one on the same instrument keeps it', async () => {
    const a = open();
    const once = a.alerts.addRule({ symbol: FAR_CE, field: 'ltp', op: 'above', level: 600 });
    const again = a.alerts.addRule({ symbol: 'NIFTY26JAN2724000PE', field: 'ltp', op: 'above', level: 600, repeat: true });
    a.engine.ingest([tick(FAR_KEY, 550), tick(FAR_KEY, 610)]);
    await settle();
    assert.deepEqual(a.fired.map((e) => e.rule_id), [once.id]);
    assert.equal(a.feed.wanted.has(FAR_KEY), false);
    assert.equal(a.feed.wanted.has(`NSE_FO|${FAR}-24000PE`), true);
    a.alerts.removeRule(once.id);
    a.alerts.removeRule(again.id);
    await a.close();
  });
});

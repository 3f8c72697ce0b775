// The alerts service on an engine fed by hand (real SQLite in a temp dir): firing on the tick
// path into the log, exactly once; restart; bad input saves nothing; CSV all-or-nothing; a
// corrupt file is kept; subscriptions of instruments outside the chain and the plan limit;
// stale and feed_down; pause; P&L and Greeks of a position.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AlertLogEntry } from '../../src/shared/alerts.ts';
import type { OptionContract, Tick, UnderlyingInfo } from '../../src/shared/market.ts';
import type { AdapterStatus } from '../../src/shared/status.ts';
import { AlertService } from '../../src/main/engine/alerts/alert-service.ts';
import { AlertStoreError } from '../../src/main/engine/alerts/alert-store-node.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import type { FeedAdapter, FeedMode } from '../../src/main/engine/feeds/feed.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';

const NIFTY: UnderlyingInfo = { name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' };
const EXPIRY = '2099-12-31';
const FAR = '2099-06-30';
const options: OptionContract[] = [];
for (const [expiry, tag] of [[EXPIRY, '31DEC99'], [FAR, '30JUN99']] as const) {
  for (let k = 23000; k <= 25000; k += 50) {
    for (const side of ['CE', 'PE'] as const) options.push({ key: `NSE_FO|${expiry}-${k}${side}`, symbol: `NIFTY${tag}${k}${side}`, underlying: 'NIFTY', expiry, strike: k, side, lotSize: 65, tickSize: 0.05 });
  }
}
const registry = new InstrumentRegistry([NIFTY], options);
const CE = 'NIFTY31DEC9924000CE';
const CE_KEY = `NSE_FO|${EXPIRY}-24000CE`;
const OUTSIDE = 'NIFTY30JUN9925000PE';

class HandFeed implements FeedAdapter {
  readonly id = 'hand';
  wanted: ReadonlyMap<string, FeedMode> = new Map();
  state: AdapterStatus['state'] = 'connected';
  start(): void {}
  async stop(): Promise<void> {}
  setSubscriptions(w: ReadonlyMap<string, FeedMode>): void { this.wanted = w; }
  status(): AdapterStatus {
    return { feed: 'hand', state: this.state, message: this.state === 'connected' ? null : 'upstream closed', subscribed: {}, frames_received: 0, ticks_received: 0, ticks_processed: 0, ticks_dropped: 0, decode_errors: 0, reconnects: 0, last_tick_age_ms: null, segments: {} };
  }
}

let dir: string;
let clock = Date.UTC(2026, 11, 3, 5, 0);
const now = () => clock;
const dirs: string[] = [];
const tick = (key: string, ltp: number, extra: Partial<Tick> = {}): Tick => ({ key, ltp, exchangeTs: clock, receiveTs: clock, ...extra });
const settle = () => new Promise((r) => setImmediate(r));

function open(opts: { checkPlan?: (w: ReadonlyMap<string, FeedMode>) => string | null; isMarketOpen?: () => boolean } = {}) {
  const feed = new HandFeed();
  const engine = new Engine({ feed, registry, now });
  engine.start('active');
  const alerts = new AlertService({ dataDir: dir, engine, now, timerMs: 3_600_000, ...opts });
  const fired: AlertLogEntry[] = [];
  alerts.onAlert((e) => fired.push(e));
  return { feed, engine, alerts, fired, close: async () => { alerts.close(); await engine.stop(); } };
}

before(() => { dir = mkdtempSync(join(tmpdir(), 'optick-alerts-')); dirs.push(dir); });
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('alerts service', () => {
  it('a target just above the LTP fires once on the crossing tick, into the log, with the P&L then', async () => {
    const a = open();
    a.engine.ingest([tick(NIFTY.key, 24010), tick(CE_KEY, 120)]);
    const p = a.alerts.addPosition({ symbol: CE, side: 'long', lots: 2, entry_price: 118, target: { kind: 'price', value: 121 }, stop_loss: { kind: 'points', value: 18 } });
    assert.equal(p.lot_size, 65);
    assert.equal(p.pnl, (120 - 118) * 130);
    const rules = a.alerts.rules();
    assert.deepEqual(rules.map((r) => [r.kind, r.op, r.level]).sort(), [['stop_loss', 'below', 100], ['target', 'above', 121]]);
    a.engine.ingest([tick(CE_KEY, 120.5)]);
    clock += 200;
    a.engine.ingest([tick(CE_KEY, 121.2, { exchangeTs: clock })]);
    a.engine.ingest([tick(CE_KEY, 121.4), tick(CE_KEY, 120.9), tick(CE_KEY, 121.5)]);
    await settle();
    assert.equal(a.fired.length, 1);
    const e = a.fired[0]!;
    assert.equal(e.symbol, CE);
    assert.equal(e.price, 121.2);
    assert.equal(e.level, 121);
    assert.equal(e.time, clock);
    assert.equal(e.kind, 'target');
    assert.ok(Math.abs(e.pnl! - 3.2 * 130) < 1e-9, `pnl at the firing ${e.pnl}`);
    assert.match(e.message, /NIFTY31DEC9924000CE LTP crossed above 121 at 121\.2 — target of long 2 lots from 118/);
    assert.deepEqual(a.alerts.log().map((l) => [l.rule_id, l.price]), [[e.rule_id, 121.2]]);
    assert.equal(a.alerts.rules().find((r) => r.kind === 'target')!.state, 'fired');
    assert.equal(a.alerts.summary().armed, 1);
    assert.equal(a.alerts.summary().unseen, true);
    assert.equal(a.alerts.markSeen().unseen, false);
    await a.close();
  });

  it('positions, rules, their state and the log survive a restart', async () => {
    const a = open();
    assert.equal(a.alerts.positions().length, 1);
    const rules = a.alerts.rules();
    assert.equal(rules.length, 2);
    assert.equal(rules.find((r) => r.kind === 'target')!.armed, false, 'a fired once-rule stays disarmed');
    assert.equal(a.alerts.log().length, 1);
    assert.equal(a.alerts.summary().last.length, 1);
    // The stop still works after the restart (the first tick is the baseline).
    a.engine.ingest([tick(CE_KEY, 104)]);
    a.engine.ingest([tick(CE_KEY, 99.5)]);
    await settle();
    assert.equal(a.fired.length, 1);
    assert.equal(a.fired[0]!.kind, 'stop_loss');
    await a.close();
  });

  it('bad input: unknown symbol named, SL above target, negative lots, non-numeric level — nothing saved', async () => {
    const a = open();
    const before = [a.alerts.positions().length, a.alerts.rules().length];
    assert.throws(() => a.alerts.addPosition({ symbol: 'NIFTY01JAN0011111CE', side: 'long', lots: 1, entry_price: 10 }), /symbol: unknown symbol 'NIFTY01JAN0011111CE'/);
    assert.throws(() => a.alerts.addPosition({ symbol: CE, side: 'long', lots: 1, entry_price: 100, stop_loss: 150, target: 130 }), (e: Error & { field?: string }) => e.field === 'stop_loss' && /below its target/.test(e.message));
    assert.throws(() => a.alerts.addPosition({ symbol: CE, side: 'long', lots: -2, entry_price: 100 }), (e: Error & { field?: string }) => e.field === 'lots');
    assert.throws(() => a.alerts.addRule({ symbol: CE, field: 'ltp', op: 'above', level: 'high', repeat: false }), (e: Error & { field?: string }) => e.field === 'level' && /must be a number/.test(e.message));
    assert.throws(() => a.alerts.addRule({ symbol: CE, field: 'ltq', op: 'above', level: 1 }), (e: Error & { field?: string }) => e.field === 'field');
    assert.deepEqual([a.alerts.positions().length, a.alerts.rules().length], before);
    await a.close();
  });

  it('CSV import: errors by line and nothing imported; a clean file imports every line', async () => {
    const a = open();
    const n = a.alerts.positions().length;
    const bad = a.alerts.importCsv(`symbol,side,lots,entry_price\n${CE},long,1,100\nNOPE,short,1,5\n${CE},sideways,1,5\n`);
    assert.equal(bad.imported, 0);
    assert.deepEqual(bad.errors.map((e) => e.line), [3, 4]);
    assert.match(bad.errors[0]!.message, /unknown symbol 'NOPE'/);
    assert.equal(a.alerts.positions().length, n);
    const good = a.alerts.importCsv(`Symbol,Side,Lots,Entry Price,Note,Stop Loss,Target\n${CE},short,1,100,"hedge, weekly",130,60\nNIFTY,long,1,24000,,,\n`);
    assert.deepEqual(good, { imported: 2, errors: [] });
    const ps = a.alerts.positions();
    assert.equal(ps.length, n + 2);
    assert.equal(ps.find((p) => p.note === 'hedge, weekly')!.stop_loss!.value, 130);
    await a.close();
  });

  it('a rule outside the shown chain is subscribed and fires; a plan over the limit is refused with the message', async () => {
    const a = open({ checkPlan: (w) => (w.size > 2000 ? `the plan asks for ${w.size}` : null) });
    const key = registry.option(`NSE_FO|${FAR}-25000PE`)!.key;
    const r = a.alerts.addRule({ symbol: OUTSIDE, field: 'ltp', op: 'below', level: 50, repeat: false });
    assert.equal(a.feed.wanted.get(key), 'quote', 'the rule instrument is in the feed plan');
    a.engine.ingest([tick(key, 55)]);
    a.engine.ingest([tick(key, 49)]);
    await settle();
    assert.deepEqual(a.fired.map((e) => e.rule_id), [r.id]);
    a.alerts.removeRule(r.id);
    assert.equal(a.feed.wanted.has(key), false, 'removed rules leave the plan');
    await a.close();
    const tight = open({ checkPlan: (w) => (w.has(key) ? "Upstox allows 2000 instruments in 'full' mode; the plan asks for 2001" : null) });
    assert.throws(() => tight.alerts.addRule({ symbol: OUTSIDE, field: 'ltp', op: 'below', level: 50 }), /cannot watch NIFTY30JUN9925000PE: subscription plan refused: Upstox allows 2000/);
    await tight.close();
  });

  it('stale after 60 s without a tick while open; feed_down on every rule while the feed is out; back to armed', async () => {
    const a = open();
    const r = a.alerts.addRule({ symbol: 'NIFTY', field: 'ltp', op: 'above', level: 30000, repeat: true });
    a.engine.ingest([tick(NIFTY.key, 24000)]);
    clock += 61_000;
    assert.equal(a.alerts.rules().find((x) => x.id === r.id)!.state, 'stale');
    a.feed.state = 'reconnecting';
    assert.ok(a.alerts.rules().filter((x) => x.armed).every((x) => x.state === 'feed_down' && /reconnecting: upstream closed/.test(x.state_reason!)));
    a.feed.state = 'connected';
    a.engine.ingest([tick(NIFTY.key, 24001)]);
    assert.equal(a.alerts.rules().find((x) => x.id === r.id)!.state, 'armed');
    a.alerts.removeRule(r.id);
    await a.close();
  });

  it('repeat with cooldown on the underlying; pause swallows crossings; mid and P&L rules', async () => {
    const a = open();
    const rep = a.alerts.addRule({ symbol: CE, field: 'underlying', op: 'above', level: 24100, repeat: true, cooldown_ms: 10_000 });
    const feedU = (...v: number[]) => { for (const x of v) { clock += 1000; a.engine.ingest([tick(NIFTY.key, x)]); } };
    feedU(24050, 24100, 24090, 24120, 24000);
    clock += 10_000;
    feedU(24101);
    await settle();
    assert.equal(a.fired.filter((e) => e.rule_id === rep.id).length, 2);
    a.alerts.setPaused(true);
    assert.equal(a.alerts.rules().find((x) => x.id === rep.id)!.state, 'paused');
    clock += 20_000;
    feedU(24000, 24200);
    await settle();
    assert.equal(a.fired.filter((e) => e.rule_id === rep.id).length, 2, 'paused: no firing');
    a.alerts.setPaused(false);
    const pos = a.alerts.positions().find((p) => p.symbol === CE && p.side === 'long')!;
    const pnl = a.alerts.addRule({ symbol: CE, field: 'pnl', op: 'below', level: -1000, position_id: pos.id });
    const mid = a.alerts.addRule({ symbol: CE, field: 'mid', op: 'above', level: 130 });
    a.engine.ingest([tick(CE_KEY, 115, { bids: [{ price: 128, qty: 65 }], asks: [{ price: 129, qty: 65 }] })]);
    a.engine.ingest([tick(CE_KEY, 100, { bids: [{ price: 130, qty: 65 }], asks: [{ price: 131, qty: 65 }] })]);
    await settle();
    const byRule = new Map(a.fired.map((e) => [e.rule_id, e]));
    assert.equal(byRule.get(pnl.id)!.price, (100 - 118) * 130);
    assert.equal(byRule.get(mid.id)!.price, 130.5);
    await a.close();
  });

  it('a target the price has already passed since the entry fires on the first tick', async () => {
    const a = open();
    const p = a.alerts.addPosition({ symbol: CE, side: 'short', lots: 1, entry_price: 150, target: { kind: 'points', value: 5 } });
    a.engine.ingest([tick(CE_KEY, 140)]);
    await settle();
    assert.deepEqual(a.fired.map((e) => [e.kind, e.level, e.price]), [['target', 145, 140]]);
    a.alerts.removePosition(p.id);
    await a.close();
  });

  it('a rule made while the market has a price starts from it: a gap through the level on the next tick fires', async () => {
    const a = open();
    a.engine.ingest([tick(CE_KEY, 200)]);
    await settle();
    const below = a.alerts.addRule({ symbol: CE, field: 'ltp', op: 'below', level: 199.9, repeat: false });
    const above = a.alerts.addRule({ symbol: CE, field: 'ltp', op: 'above', level: 200.1, repeat: false });
    a.engine.ingest([tick(CE_KEY, 150)]);
    await settle();
    assert.deepEqual(a.fired.map((e) => [e.rule_id, e.price]), [[below.id, 150]], 'the first tick after the rule is a crossing, not a baseline');
    const moved = a.alerts.updateRule({ id: above.id, level: 149 });
    assert.equal(moved.last_value, 150);
    a.engine.ingest([tick(CE_KEY, 148)]);
    a.engine.ingest([tick(CE_KEY, 149.5)]);
    await settle();
    assert.deepEqual(a.fired.map((e) => e.rule_id), [below.id, above.id], 'an updated level starts from the value now too');
    for (const r of [below, above]) a.alerts.removeRule(r.id);
    await a.close();
  });

  it('P&L and Greeks of the book from the chain; a trailing stop follows the best price', async () => {
    const a = open();
    const t = a.alerts.addPosition({ symbol: CE, side: 'long', lots: 1, entry_price: 100, trailing_stop: { kind: 'points', value: 10 } });
    const trail = a.alerts.rules().find((r) => r.position_id === t.id && r.kind === 'trailing_stop')!;
    assert.equal(trail.level, 90);
    for (const v of [100, 115, 112]) a.engine.ingest([tick(CE_KEY, v, { prevClose: 95 })]);
    assert.equal(a.alerts.rules().find((r) => r.id === trail.id)!.level, 105);
    const view = a.alerts.positions().find((p) => p.id === t.id)!;
    assert.equal(view.pnl, 12 * 65);
    assert.equal(view.day_change, 17 * 65);
    a.engine.ingest([tick(CE_KEY, 104.5)]);
    await settle();
    assert.ok(a.fired.some((e) => e.rule_id === trail.id && e.level === 105));
    const book = a.alerts.book();
    assert.equal(book.totals.pnl, book.positions.reduce((s, p) => s + (p.pnl ?? 0), 0));
    const u = book.positions.find((p) => p.symbol === 'NIFTY')!;
    assert.equal(u.delta, 65, 'an underlying position: delta 1 per unit');
    await a.close();
  });

  it('a corrupt alerts.db: a clear error, the file kept byte for byte, the service unavailable', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'optick-alerts-bad-'));
    dirs.push(bad);
    const file = join(bad, 'alerts.db');
    const junk = Buffer.from('this is not a database, it is a trader\'s notes '.repeat(200));
    writeFileSync(file, junk);
    const feed = new HandFeed();
    const engine = new Engine({ feed, registry, now });
    const alerts = new AlertService({ dataDir: bad, engine, now, timerMs: 3_600_000 });
    assert.match(alerts.error!, /alerts\.db: cannot open the positions and alerts database \(file is not a database\); the file is kept as it is/);
    assert.throws(() => alerts.positions(), /alerts\.db: cannot open/);
    assert.throws(() => alerts.addPosition({ symbol: CE, side: 'long', lots: 1, entry_price: 1 }), (e: Error & { code?: string }) => e.code === 'unavailable');
    assert.equal(alerts.summary().error, alerts.error);
    assert.deepEqual(readFileSync(file), junk);
    alerts.close();
    assert.ok(AlertStoreError);
  });
});

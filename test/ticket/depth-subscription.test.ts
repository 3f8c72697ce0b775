// The ticket's 30-level depth: the contract a ticket is open on is subscribed in depth30 (Upstox
// full_d30) within Upstox's limits, falls back to 'depth' when full_d30 has no room, and goes back
// to the mode the chains want (or out of the plan) when the ticket moves away or closes. The
// engine, the ticket service and the plan the real (never connected) UpstoxFeed is given.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../src/main/engine/engine.ts';
import type { FeedMode } from '../../src/main/engine/feeds/feed.ts';
import { RecordingUpstox } from '../helpers/idle-feed.ts';
import { upstoxPlanProblem, UPSTOX_MODE_OF } from '../../src/main/engine/feeds/upstox/mode-plan.ts';
import { checkUpstoxLimits } from '../../src/main/engine/feeds/upstox/limits.ts';
import { OPENALGO_MODE_OF } from '../../src/main/engine/feeds/openalgo/plan.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import { TicketService } from '../../src/main/engine/ticket/ticket-service.ts';
import type { OptionContract, UnderlyingInfo } from '../../src/shared/market.ts';
import { UPSTOX_LIMITS } from '../../src/shared/upstox.ts';

const NOW = Date.parse('2026-12-01T05:00:00Z');
const NIFTY: UnderlyingInfo = { name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' };
const NEAR = '2026-12-08', FAR = '2026-12-15';

function registry(): InstrumentRegistry {
  const options: OptionContract[] = [];
  let token = 1;
  for (const expiry of [NEAR, FAR]) {
    for (let i = -30; i <= 30; i++) {
      const strike = 26000 + i * 50;
      for (const side of ['CE', 'PE'] as const) options.push({ key: `NSE_FO|${token++}`, symbol: `NIFTY${expiry.replaceAll('-', '')}${strike}${side}`, underlying: 'NIFTY', expiry, strike, side, lotSize: 65, tickSize: 0.05, freezeQty: 1755 });
    }
  }
  return new InstrumentRegistry([NIFTY], options);
}


function stand(checkPlan = upstoxPlanProblem) {
  const feed = new RecordingUpstox();
  const reg = registry();
  const engine = new Engine({ feed, registry: reg, now: () => NOW });
  engine.ingest([{ key: NIFTY.key, exchangeTs: NOW, receiveTs: NOW, ltp: 26010 }]);
  engine.start('active');
  const ticket = new TicketService(engine, checkPlan);
  const contract = (expiry: string, strike: number) => reg.strikes('NIFTY', expiry).find((p) => p.strike === strike)!.CE!;
  return { feed, engine, ticket, contract, stop: () => { ticket.stop(); void engine.stop(); } };
}

describe('the ticket contract in full_d30', () => {
  it('Optick modes map to Upstox full_d30 / OpenAlgo depth; full_d30 is held to 50 keys', () => {
    assert.equal(UPSTOX_MODE_OF.depth30, 'full_d30');
    assert.equal(UPSTOX_MODE_OF.depth, 'full');
    assert.equal(OPENALGO_MODE_OF.depth30, OPENALGO_MODE_OF.depth, 'OpenAlgo has one depth mode: it keeps what it has');
    assert.equal(checkUpstoxLimits({ full_d30: UPSTOX_LIMITS.full_d30.alone }), null);
    assert.match(checkUpstoxLimits({ full_d30: 51 })!, /Upstox allows 50 instruments in 'full_d30' mode; the plan asks for 51/);
    assert.match(checkUpstoxLimits({ full: 100, full_d30: 51 })!, /allows 50 instruments in 'full_d30' mode when modes are mixed/);
  });

  it('a ticket on a chain row: depth → depth30 while open, back to depth after close', () => {
    const s = stand();
    const atm = s.contract(NEAR, 26000);
    assert.equal(s.feed.last.get(atm.key), 'depth', 'the chain window wants full');
    s.ticket.quote('c1', { symbol: atm.symbol, side: 'buy', lots: 1 });
    assert.equal(s.feed.last.get(atm.key), 'depth30');
    assert.equal(s.feed.inner.info().refused_plan, null, 'the real UpstoxFeed takes the plan');
    s.ticket.close('c1');
    assert.equal(s.feed.last.get(atm.key), 'depth', 'its previous mode');
    s.stop();
  });

  it('moving the ticket: the old contract goes back (or out), the new one gets depth30; other clients keep theirs', () => {
    const s = stand();
    const atm = s.contract(NEAR, 26000), outer = s.contract(NEAR, 27400), unwatched = s.contract(FAR, 26000);
    assert.equal(s.feed.last.get(outer.key), 'quote');
    assert.equal(s.feed.last.has(unwatched.key), false);
    s.ticket.quote('c1', { symbol: outer.symbol, side: 'buy', lots: 1 });
    assert.equal(s.feed.last.get(outer.key), 'depth30');
    s.ticket.quote('c2', { symbol: atm.symbol, side: 'sell', lots: 2 });
    s.ticket.quote('c1', { symbol: unwatched.symbol, side: 'buy', lots: 1 });
    assert.equal(s.feed.last.get(outer.key), 'quote', 'back to the whole-expiry mode');
    assert.equal(s.feed.last.get(unwatched.key), 'depth30');
    assert.equal(s.feed.last.get(atm.key), 'depth30', 'c2 still has its ticket open');
    s.ticket.close('c1');
    assert.equal(s.feed.last.has(unwatched.key), false, 'nobody else wants it: unsubscribed');
    s.ticket.close('c2');
    assert.equal(s.feed.last.get(atm.key), 'depth');
    s.stop();
  });

  it('no room for full_d30: the ticket takes full (5 levels); no room for either: a field error naming the limit', () => {
    const noDeep = (plan: ReadonlyMap<string, FeedMode>) => ([...plan.values()].includes('depth30') ? "Upstox allows 0 instruments in 'full_d30' mode" : upstoxPlanProblem(plan));
    const s = stand(noDeep);
    const unwatched = s.contract(FAR, 26000);
    s.ticket.quote('c1', { symbol: unwatched.symbol, side: 'buy', lots: 1 });
    assert.equal(s.feed.last.get(unwatched.key), 'depth');
    s.stop();
    const full = stand(() => "Upstox allows 1500 instruments in 'full' mode when modes are mixed; the plan asks for 1501");
    const other = full.contract(FAR, 26050);
    assert.throws(() => full.ticket.quote('c1', { symbol: other.symbol, side: 'buy', lots: 1 }), (e: Error & { field?: string }) => e.field === 'symbol' && /cannot subscribe the depth of .*1501/.test(e.message));
    assert.equal(full.feed.last.has(other.key), false);
    full.stop();
  });
});

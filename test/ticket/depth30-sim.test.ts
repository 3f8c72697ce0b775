// The ticket's 30-level book end to end: the simulator's Upstox V3 server over a real loopback
// WebSocket, the real UpstoxFeed and engine, the server host's REST routes. Opening a ticket
// subscribes its contract in full_d30 and 30 levels arrive (real protobuf, MarketLevel with 30
// Quotes); the VWAP walks all of them; closing it sends the contract back to full (5 levels).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import type { EngineStatus } from '../../src/shared/status.ts';
import type { TicketView } from '../../src/shared/ticket.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';
import { until } from '../history/helpers.ts';

const TOKEN = 'ticket-depth30-token-0123456789';
let t: TestHost;

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(`${t.host.url}${path}`, { method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: r.status, body: (await r.json()) as T };
}
const subscribed = async () => (await t.json<EngineStatus>('/api/option-chain/status')).feeds[0]!.subscribed;

before(async () => { t = await startTestHost(TOKEN, { feed: { kind: 'sim', seed: 30, rate: 1500 }, underlyings: ['NIFTY'] }); });
after(async () => { await t?.close(); });

describe('ticket depth on the simulator', () => {
  it('opening a ticket brings 30 levels (full_d30); the VWAP walks past the fifth; closing it goes back to the mode it had', async () => {
    const chain = await until('the NIFTY chain', async () => {
      const c = await t.json<OptionChainModel>('/api/option-chain/NIFTY');
      return c.options.some((r) => r.tag === 'ATM' && r.ce_data?.symbol) ? c : null;
    });
    const atmRow = chain.options.find((r) => r.tag === 'ATM')!;
    // A call 50 strikes out of the money (beyond the chain's window, subscribed for the whole
    // expiry in option_greeks): its simulated levels hold at most 4 lots each, so 27 lots (the
    // freeze quantity) always walk past the fifth level.
    const strikes = t.runtime.engine.registry.strikes('NIFTY', chain.expiry);
    const i = strikes.findIndex((p) => p.strike === atmRow.strike);
    const atm = strikes[Math.min(strikes.length - 1, i + 50)]!.CE!;
    assert.ok(atm.strike - atmRow.strike >= 40 * 50, `a far call exists (${atm.strike} vs ATM ${atmRow.strike})`);
    const before = await until('full subscriptions', async () => ((await subscribed()).full ?? 0) > 0 ? await subscribed() : null);
    assert.equal(before.full_d30 ?? 0, 0, 'no full_d30 before a ticket');
    const ticket = await until('30 levels for the ticket', async () => {
      const r = await call<TicketView>('POST', '/api/ticket', { symbol: atm.symbol, side: 'buy', lots: 27 });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.asks.length === 30 ? r.body : null;
    }, 20_000);
    assert.equal(ticket.depth_levels, 30);
    assert.equal((await subscribed()).full_d30, 1, 'exactly the ticket contract in full_d30');
    for (let k = 1; k < 30; k++) assert.ok(ticket.asks[k]!.price > ticket.asks[k - 1]!.price, `asks rise level by level (${k})`);
    for (let k = 1; k < ticket.bids.length; k++) assert.ok(ticket.bids[k]!.price < ticket.bids[k - 1]!.price, `bids fall level by level (${k})`);
    let left = ticket.qty, cost = 0, used = 0;
    for (const l of ticket.asks) { if (!left) break; const take = Math.min(left, l.qty); cost += take * l.price; left -= take; used++; }
    assert.ok(used > 5, `27 lots take ${used} levels: the walk goes past the 5 of full mode`);
    assert.equal(ticket.levels_used, used);
    assert.equal(ticket.filled_qty, ticket.qty - left);
    assert.ok(Math.abs(ticket.vwap! - cost / (ticket.qty - left)) < 1e-3, `vwap ${ticket.vwap} vs ${cost / (ticket.qty - left)}`);
    assert.ok(ticket.liquidity.depth_within_k > 0);
    // Closing the ticket returns the contract to the mode it had (option_greeks: the touch only).
    assert.equal((await call('DELETE', '/api/ticket')).status, 200);
    await until('full_d30 released', async () => ((await subscribed()).full_d30 ?? 0) === 0 ? true : null);
    const book = await until('the touch only again in market state', () => {
      const q = t.runtime.engine.market.get(atm.key);
      return q && q.asks.length === 1 ? q : null;
    }, 20_000);
    assert.ok(book.bids.length <= 1);
  });
});

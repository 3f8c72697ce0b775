// The simulator keeps the hours of the trading-hours template its feed follows: it trades only
// in the normal session and reports the phase in market_info (issue 6). And through the whole
// runtime, the feed connects and disconnects by the template that is active for it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TradingHoursTemplate } from '../../src/shared/trading-hours.ts';
import { zonedEpochMs } from '../../src/main/engine/instruments/expiry-calendar.ts';
import { loadBuiltInTemplates } from '../../src/main/engine/schedule/builtins-node.ts';
import { planAt } from '../../src/main/engine/schedule/plan.ts';
import { MarketHours } from '../../src/main/sim/market-hours.ts';
import { startSimulator } from '../../src/main/sim/index.ts';
import { startTestHost } from '../helpers/test-host.ts';
import { FeedClient } from './feed-client.ts';

const templates = loadBuiltInTemplates();
const nse = templates.find((t) => t.id === 'nse-fo')! as TradingHoursTemplate;
const always = templates.find((t) => t.id === 'crypto-24x7')! as TradingHoursTemplate;
const NORMAL_OPEN = 2, NORMAL_CLOSE = 3, PRE_OPEN_START = 0;

describe('simulated exchange hours', () => {
  it('follows the NSE template: pre-open, normal, closed; weekend and holiday closed', () => {
    const h = new MarketHours(nse);
    const at = (date: string, time: string) => h.at(zonedEpochMs(date, time)).state;
    assert.deepEqual([at('2026-11-23', '09:03').phase, at('2026-11-23', '09:03').segmentStatus.NSE_FO], ['pre_open', PRE_OPEN_START]);
    assert.deepEqual([at('2026-11-23', '10:00').trading, at('2026-11-23', '10:00').segmentStatus.NSE_FO], [true, NORMAL_OPEN]);
    assert.deepEqual([at('2026-11-23', '15:35').trading, at('2026-11-23', '15:35').segmentStatus.NSE_FO], [false, NORMAL_CLOSE]);
    assert.equal(at('2026-11-21', '10:00').trading, false, 'Saturday');
    assert.equal(at('2026-11-24', '10:00').trading, false, 'Tuesday 24 Nov 2026 is a holiday');
    assert.equal(new MarketHours(always).at(zonedEpochMs('2026-11-21', '03:00')).state.trading, true);
  });

  it('a closed simulated market reports NORMAL_CLOSE and sends no ticks; reopening broadcasts market_info and ticks flow', async () => {
    const saturday = zonedEpochMs('2026-11-21', '11:00');
    const sim = await startSimulator({ rate: 5000, hours: nse, now: () => saturday });
    try {
      const c = new FeedClient(sim.feedUrl, sim.token);
      await c.opened();
      await c.until(() => c.ofType('market_info').length >= 1, 'market_info');
      assert.equal(c.ofType('market_info')[0]!.msg.marketInfo!.segmentStatus!.NSE_FO, NORMAL_CLOSE);
      c.request('sub', ['NSE_INDEX|Nifty 50'], 'full');
      await c.until(() => c.ofType('initial_feed').length >= 1, 'initial_feed (a snapshot is sent even when closed)');
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(c.ofType('live_feed').length, 0, 'no live ticks while closed');
      sim.setHours(always);
      await c.until(() => c.ofType('market_info').length >= 2, 'market_info on reopening');
      assert.equal(c.ofType('market_info')[1]!.msg.marketInfo!.segmentStatus!.NSE_FO, NORMAL_OPEN);
      await c.until(() => c.ofType('live_feed').length >= 1, 'live_feed after reopening');
      c.close();
    } finally {
      await sim.close();
    }
  });

  it('through the runtime: the simulator follows the NSE template with its clock running 24×7, shown as "simulator: always open"', async () => {
    const t = await startTestHost('hours-token-0123456789', { underlyings: ['NIFTY'] });
    try {
      const engine = t.runtime.engine;
      await until(() => engine.feedPhase === 'active', 'active whatever the NSE plan says now');
      type Status = { feeds: { feed: string; template_id: string; applied: string; always_open?: string | null; next_action: unknown; session: { phase: string } }[] };
      let sim = (await t.json<Status>('/api/trading-hours/status')).feeds.find((f) => f.feed === 'sim')!;
      assert.equal(sim.template_id, 'nse-fo', 'the NSE template by default');
      assert.equal(sim.always_open, 'simulator: always open');
      assert.equal(sim.applied, 'active');
      assert.equal(sim.next_action, null, 'no connect/disconnect planned: the clock runs 24×7');
      const nsePhase = planAt(nse, Date.now(), { leadMs: 5 * 60_000, lagMs: 5 * 60_000 }).phase;
      assert.ok(['offline', 'connected', 'active'].includes(nsePhase), 'the NSE plan is still computed for the sessions shown');
      const activate = (template_id: string) => t.post('/api/trading-hours/activate', { feed: 'sim', template_id });
      assert.equal((await activate('crypto-24x7')).status, 200);
      sim = (await t.json<Status>('/api/trading-hours/status')).feeds.find((f) => f.feed === 'sim')!;
      assert.equal(sim.template_id, 'crypto-24x7');
      assert.equal(sim.always_open, 'simulator: always open');
      await until(() => engine.feedPhase === 'active', 'still active');
      assert.equal((await t.post('/api/trading-hours/force', { feed: 'sim', mode: 'disconnect' })).status, 200);
      await until(() => engine.feedPhase === 'offline', 'a force still overrides always-open');
      assert.equal((await t.post('/api/trading-hours/force', { feed: 'sim', mode: null })).status, 200);
      await until(() => engine.feedPhase === 'active', 'back to always open');
    } finally {
      await t.close();
    }
  });
});

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

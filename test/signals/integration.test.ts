// Signals end to end on the simulator: the real Upstox V3 feed on loopback, the engine, real
// SQLite (signals.db in a temp data dir), the server host's REST routes and SSE stream. The
// simulator is told to make each event (sim/inject.ts) — nothing waits on the random walk.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { OptionChainModel, OptionLeg } from '../../src/shared/chain.ts';
import type { Signal, SignalThresholds, SignalType } from '../../src/shared/signals.ts';
import type { PositionView, RuleView } from '../../src/shared/alerts.ts';
import type { PaperFill, TicketView } from '../../src/shared/ticket.ts';
import type { InjectSpec } from '../../src/main/sim/inject.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';
import { until } from '../history/helpers.ts';

const TOKEN = 'signals-test-token-0123456789';
let t: TestHost;
const streams: { close(): void }[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(`${t.host.url}${path}`, {
    method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: (await r.json()) as T };
}
/** `event: signal` blocks of /api/events (the `?token=` form an EventSource uses), with their arrival time. */
function followSignals(): { got: { signal: Signal; at: number }[]; close(): void } {
  const got: { signal: Signal; at: number }[] = [];
  const req = request(`${t.host.url}/api/events?token=${TOKEN}`, (res) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!block.startsWith('event: signal\n')) continue;
        got.push({ signal: JSON.parse(block.slice(block.indexOf('data: ') + 6)) as Signal, at: Date.now() });
      }
    });
  });
  req.on('error', () => {});
  req.end();
  const stream = { got, close: () => req.destroy() };
  streams.push(stream);
  return stream;
}

// Short windows so the detectors are warm within seconds; the rest of the defaults stand.
const FAST: Partial<SignalThresholds> = { volume_window_ms: 1000, volume_windows: 3, volume_min_lots: 300, spread_median_samples: 3, price_move_pct: 1000, oi_spike_pct: 1000, iv_jump_points: 1000 };

before(async () => {
  t = await startTestHost(TOKEN, { feed: { kind: 'sim', seed: 16, rate: 2000 }, underlyings: ['NIFTY'] });
});
after(async () => { for (const s of streams) s.close(); await t?.close(); });

describe('signals on the simulator', () => {
  let chain: OptionChainModel;
  const leg = (offset: number, side: 'ce_data' | 'pe_data'): OptionLeg => {
    const i = chain.options.findIndex((r) => r.tag === 'ATM');
    return chain.options[i + offset]![side]!;
  };

  it('thresholds: defaults per underlying, a change is kept, a bad one is a field error', async () => {
    const all = (await api<Record<string, SignalThresholds>>('GET', '/api/signals/thresholds')).body;
    assert.equal(all.NIFTY!.volume_k, 3);
    assert.equal(all.NIFTY!.cooldown_ms, 60_000);
    const bad = await api<{ error: { field: string } }>('PUT', '/api/signals/thresholds/NIFTY', { volume_k: -1 });
    assert.deepEqual([bad.status, bad.body.error.field], [400, 'volume_k']);
    const unknown = await api<{ error: { field: string } }>('PUT', '/api/signals/thresholds/NIFTY', { nope: 1 });
    assert.deepEqual([unknown.status, unknown.body.error.field], [400, 'nope']);
    const set = await api<SignalThresholds>('PUT', '/api/signals/thresholds/NIFTY', FAST);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.volume_window_ms, 1000);
    assert.equal(set.body.volume_k, 3);
    assert.equal((await api('GET', '/api/signals?type=nope')).status, 400);
    assert.equal((await api('GET', '/api/signals?underlying=NOPE')).status, 400);
  });

  it('each injected event gives its signal within 1 s, over SSE and GET /api/signals', async () => {
    chain = await until('a priced NIFTY chain with books', async () => {
      const c = (await api<OptionChainModel>('GET', '/api/option-chain/NIFTY')).body;
      return c.options.length > 10 && c.options.filter((r) => r.ce_data?.iv != null && r.ce_data.bid != null).length > 20 ? c : null;
    });
    // Detectors warm: three 1 s windows and three 1 s spread samples of ticks.
    await sleep(5000);
    const events = followSignals();
    const cases: { spec: Omit<InjectSpec, 'key'>; leg: OptionLeg; type: SignalType }[] = [
      { spec: { kind: 'volume_burst', lots: 2000 }, leg: leg(0, 'ce_data'), type: 'volume_spike' },
      { spec: { kind: 'spread_collapse', duration_ms: 3000 }, leg: leg(-1, 'ce_data'), type: 'spread_tightening' },
      // An in-the-money call: its strike's IV comes from the put, so only this contract's quote is off.
      { spec: { kind: 'mispriced_quote', pct: 30, duration_ms: 3000 }, leg: leg(-3, 'ce_data'), type: 'fair_value_divergence' },
    ];
    for (const c of cases) {
      if (c.type === 'spread_tightening') assert.ok((c.leg.spread ?? 0) >= 0.15, `${c.leg.symbol} quotes a spread of ≥ 3 ticks (${c.leg.spread})`);
      const sent = Date.now();
      const inj = await t.runtime.simulator!.inject({ ...c.spec, key: c.leg.instrument_key });
      const hit = await until(`${c.type} on ${c.leg.symbol}`, () => events.got.find((g) => g.signal.type === c.type && g.signal.symbol === c.leg.symbol && g.at >= sent), 10_000);
      assert.ok(hit.at - sent <= 1000, `${c.type}: SSE ${hit.at - sent} ms after the injection`);
      // The tick's exchange time: the burst's trade time; a quote-only update carries the last trade's time (Upstox ltt).
      if (c.type === 'volume_spike') assert.ok(hit.signal.time >= inj.at, `stamped ${hit.signal.time} with the burst's trade time ≥ ${inj.at}`);
      const listed = (await api<Signal[]>('GET', `/api/signals?underlying=NIFTY&type=${c.type}&since=${inj.at - 1000}`)).body;
      const same = listed.find((s) => s.id === hit.signal.id);
      assert.ok(same, `${c.type} listed by GET /api/signals`);
      assert.deepEqual(same, hit.signal);
      for (const k of ['type', 'symbol', 'time', 'figures'] as const) assert.ok(k in same);
    }
    const mine = (i: number) => events.got.find((g) => g.signal.type === cases[i]!.type && g.signal.symbol === cases[i]!.leg.symbol)!.signal;
    const burst = mine(0);
    assert.ok(burst.figures.window_lots! >= 2000, JSON.stringify(burst.figures));
    const fv = mine(2);
    assert.equal(fv.direction, 'up');
    assert.ok(fv.figures.divergence_pct! > 20 && fv.figures.divergence_pct! < 40, JSON.stringify(fv.figures));
    await sleep(1500);
    for (const c of cases) {
      const n = events.got.filter((g) => g.signal.type === c.type && g.signal.symbol === c.leg.symbol).length;
      assert.equal(n, 1, `${c.type} on ${c.leg.symbol} once per cooldown (held ${c.spec.duration_ms ?? 0} ms)`);
    }
    events.close();
  });

  it('a signal makes an alert rule; the CSV export lists the signals', async () => {
    const s = (await api<Signal[]>('GET', '/api/signals?type=volume_spike')).body[0]!;
    const made = await api<{ rule_id: string; field: string; op: string; level: number }>('POST', `/api/signals/${s.id}/alert-rule`);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const rule = (await api<RuleView>('GET', `/api/alerts/rules/${made.body.rule_id}`)).body;
    assert.deepEqual([rule.symbol, rule.field, rule.op, rule.level], [s.symbol, 'ltp', s.direction === 'up' ? 'above' : 'below', s.figures.ltp]);
    assert.equal((await api('POST', '/api/signals/999999/alert-rule')).status, 400);
    const csv = await (await t.get('/api/signals.csv?underlying=NIFTY')).text();
    assert.match(csv, /^id,time,time_ms,type,symbol,underlying,instrument_key,direction,figures,message\r\n/);
    assert.match(csv, new RegExp(`\\r\\n${s.id},\\d{4}-\\d\\d-\\d\\dT[^,]+\\+05:30,${s.time},volume_spike,${s.symbol},NIFTY,`));
  });

  it('order ticket for the ATM call: VWAP from the ladder it returns, field errors, paper buy opens a paper position', async () => {
    const atm = leg(0, 'ce_data');
    const ticket = await until('a two-sided 30-level book for the ATM call (full_d30)', async () => {
      const r = await api<TicketView>('POST', '/api/ticket', { symbol: atm.symbol, side: 'buy', lots: 2 });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.mid !== null && r.body.depth_levels === 30 ? r.body : null;
    });
    assert.equal(ticket.analysis_only, true);
    assert.equal(ticket.qty, 2 * ticket.lot_size);
    assert.equal(ticket.freeze_qty, 65 * 27, 'from the instrument master');
    assert.equal(ticket.asks.length, 30);
    // The VWAP is the ladder's, walked by hand.
    let left = ticket.qty, cost = 0;
    for (const l of ticket.asks) { const take = Math.min(left, l.qty); cost += take * l.price; left -= take; if (!left) break; }
    assert.ok(Math.abs(ticket.vwap! - cost / (ticket.qty - left)) < 1e-3, `vwap ${ticket.vwap} vs ${cost / (ticket.qty - left)}`);
    assert.ok(Math.abs(ticket.slippage!.inr_per_unit - (ticket.vwap! - ticket.mid!)) < 1e-3);
    assert.ok(ticket.suggested_limit! <= ticket.best_ask! && ticket.suggested_limit! >= ticket.best_bid!);
    for (const [lots, why] of [[1.5, /whole number/], [0, /at least 1 lot/], [28, /freeze quantity 1,755 units \(27 lots\)/]] as const) {
      const bad = await api<{ error: { field: string; message: string } }>('POST', '/api/ticket', { symbol: atm.symbol, side: 'buy', lots });
      assert.deepEqual([bad.status, bad.body.error.field], [400, 'lots']);
      assert.match(bad.body.error.message, why);
    }
    const unknown = await api<{ error: { field: string } }>('POST', '/api/ticket', { symbol: 'NIFTYNOPE', side: 'buy', lots: 1 });
    assert.deepEqual([unknown.status, unknown.body.error.field], [400, 'symbol']);
    const fill = await api<PaperFill>('POST', '/api/ticket/paper', { symbol: atm.symbol, side: 'buy', lots: 1 });
    assert.equal(fill.status, 201, JSON.stringify(fill.body));
    assert.equal(fill.body.price, fill.body.ticket.vwap);
    const positions = (await api<PositionView[]>('GET', '/api/positions')).body;
    const p = positions.find((x) => x.id === fill.body.position.id)!;
    assert.deepEqual([p.symbol, p.side, p.lots, p.entry_price], [atm.symbol, 'long', 1, fill.body.price]);
    assert.match(p.note, /^paper buy 1 lots/);
    assert.equal(p.paper, true);
  });
});

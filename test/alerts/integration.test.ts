// Alerts end to end on the simulator: the real Upstox V3 feed on loopback, the engine, real
// SQLite (alerts.db in a temp data dir), the server host's REST routes and SSE stream.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AlertLogEntry, PositionView, RuleView } from '../../src/shared/alerts.ts';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import { silentLogger } from '../../src/main/engine/log.ts';
import { startRuntime, type OptickRuntime } from '../../src/main/host/runtime.ts';
import { startServerHost, type ServerHost } from '../../src/main/host/server.ts';

const TOKEN = 'alerts-test-token-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'optick-alerts-it-'));
let runtime: OptickRuntime;
let host: ServerHost;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function start(): Promise<void> {
  runtime = await startRuntime({ dataDir, feed: { kind: 'sim', seed: 11, rate: 2000 }, underlyings: ['NIFTY'], pricingWorkers: 1, alerts: { staleMs: 1500 } }, silentLogger);
  host = await startServerHost({ engine: runtime.engine, hours: runtime.hours.api, token: TOKEN, port: 0, rendererDir: join(dataDir, 'no-renderer') });
}
async function stop(): Promise<void> {
  await host.close();
  await runtime.stop();
}
async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(`${host.url}${path}`, {
    method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: (await r.json()) as T };
}
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Follows /api/events (the `?token=` form an EventSource uses), collecting alert events with their arrival time. */
function followEvents(): { alerts: { entry: AlertLogEntry; at: number }[]; statuses: number; close(): void } {
  const out = { alerts: [] as { entry: AlertLogEntry; at: number }[], statuses: 0, close: () => {} };
  const req = request(`${host.url}/api/events?token=${TOKEN}`, (res) => {
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/event-stream/);
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event === 'alert' && data) out.alerts.push({ entry: JSON.parse(data) as AlertLogEntry, at: Date.now() });
        if (event === 'status') out.statuses++;
      }
    });
  });
  req.on('error', () => {});
  req.end();
  out.close = () => req.destroy();
  return out;
}

before(start);
after(async () => { await stop(); rmSync(dataDir, { recursive: true, force: true }); });

describe('alerts on the simulator', () => {
  let positionId = '';
  let targetRule = '';

  it('a target just above the LTP fires within 1 s of the crossing, exactly once, on SSE and in the log', async () => {
    const events = followEvents();
    const chain = await until('a NIFTY chain with prices', async () => {
      const c = (await api<OptionChainModel>('GET', '/api/option-chain/NIFTY')).body;
      return c.options.length > 0 && c.options.every((r) => r.ce_data?.ltp != null) ? c : null;
    });
    const atm = chain.options.find((r) => r.tag === 'ATM')!.ce_data!;
    const level = Math.round((atm.ltp! + 0.1) * 100) / 100;
    const added = await api<PositionView>('POST', '/api/positions', { symbol: atm.symbol, side: 'long', lots: 1, entry_price: atm.ltp, target: { kind: 'price', value: level } });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    positionId = added.body.id;
    const rules = (await api<RuleView[]>('GET', '/api/alerts/rules')).body;
    targetRule = rules.find((r) => r.position_id === positionId && r.kind === 'target')!.id;
    // The market is moved on purpose, never left to the random walk: unless a trade at the ask
    // already reached the target, down until the rule's value lies below the level, then up through it.
    const view = async (): Promise<RuleView> => (await api<RuleView>('GET', `/api/alerts/rules/${targetRule}`)).body;
    const hasFired = (): boolean => events.alerts.some((a) => a.entry.rule_id === targetRule);
    if (!hasFired()) {
      await runtime.simulator!.shock('NIFTY', -1);
      await until('the target fired or its value below the level', async () => { const v = await view(); return hasFired() || (v.last_value !== null && v.last_value < level); });
      if (!hasFired()) await runtime.simulator!.shock('NIFTY', +2);
    }
    const fired = await until('the target firing', async () => events.alerts.find((a) => a.entry.rule_id === targetRule), 20_000);
    const e = fired.entry;
    assert.equal(e.symbol, atm.symbol);
    assert.equal(e.level, level);
    assert.ok(e.price >= level, `fired at ${e.price}, level ${level}`);
    assert.ok(fired.at - e.time < 1000, `SSE event ${fired.at - e.time} ms after the tick's exchange time`);
    await sleep(1500);
    assert.equal(events.alerts.filter((a) => a.entry.rule_id === targetRule).length, 1, 'exactly once');
    const log = (await api<AlertLogEntry[]>('GET', '/api/alerts/log')).body.filter((l) => l.rule_id === targetRule);
    assert.equal(log.length, 1);
    assert.deepEqual(Object.keys(log[0]!).filter((k) => ['rule_id', 'symbol', 'time', 'price', 'level'].includes(k)).sort(), ['level', 'price', 'rule_id', 'symbol', 'time']);
    assert.ok(events.statuses >= 1, 'chain status on the stream too');
    const csv = await fetch(`${host.url}/api/alerts/log.csv`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.match(await csv.text(), new RegExp(`^id,time,time_ms,rule_id[^\\n]*\\r\\n\\d+,\\d{4}-\\d\\d-\\d\\dT[^,]+\\+05:30,\\d+,${targetRule},${atm.symbol}`));
    events.close();
  });

  it('bad input over HTTP: unknown symbol 400 naming it; SL above target, negative lots, non-numeric level → field errors', async () => {
    const unknown = await api<{ error: { message: string; field: string } }>('POST', '/api/positions', { symbol: 'NIFTYNOPE', side: 'long', lots: 1, entry_price: 1 });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /unknown symbol 'NIFTYNOPE'/);
    const sl = await api<{ error: { field: string } }>('POST', '/api/positions', { symbol: 'NIFTY', side: 'long', lots: 1, entry_price: 100, stop_loss: 120, target: 110 });
    assert.deepEqual([sl.status, sl.body.error.field], [400, 'stop_loss']);
    const lots = await api<{ error: { field: string } }>('POST', '/api/positions', { symbol: 'NIFTY', side: 'long', lots: -1, entry_price: 100 });
    assert.deepEqual([lots.status, lots.body.error.field], [400, 'lots']);
    const level = await api<{ error: { field: string } }>('POST', '/api/alerts/rules', { symbol: 'NIFTY', field: 'ltp', op: 'above', level: 'x', repeat: false });
    assert.deepEqual([level.status, level.body.error.field], [400, 'level']);
    assert.equal((await api<PositionView[]>('GET', '/api/positions')).body.length, 1, 'nothing saved');
  });

  it('a rule on a contract outside the shown chain is subscribed and fires', async () => {
    const expiries = (await api<string[]>('GET', '/api/expiries/NIFTY')).body;
    assert.ok(expiries.length > 1, 'the simulator lists a later expiry');
    const far = runtime.engine.registry.strikes('NIFTY', expiries[expiries.length - 1]!);
    const contract = far[Math.floor(far.length / 2) + 3]!.PE!;
    assert.equal(runtime.engine.openChains().some(([, e]) => e === contract.expiry), false, 'not an open chain');
    const watch = (await api<RuleView>('POST', '/api/alerts/rules', { symbol: contract.symbol, field: 'ltp', op: 'above', level: 1e6, repeat: false })).body;
    const value = await until('a tick of the outside contract', async () => (await api<RuleView>('GET', `/api/alerts/rules/${watch.id}`)).body.last_value);
    const up = (await api<RuleView>('POST', '/api/alerts/rules', { symbol: contract.symbol, field: 'ltp', op: 'above', level: Math.round((value + 0.1) * 100) / 100 })).body;
    const down = (await api<RuleView>('POST', '/api/alerts/rules', { symbol: contract.symbol, field: 'ltp', op: 'below', level: Math.round((value - 0.1) * 100) / 100 })).body;
    // Both armed with a baseline, then the index moves 1 %: the far put moves well past one of the levels.
    for (const id of [up.id, down.id]) await until('a baseline', async () => (await api<RuleView>('GET', `/api/alerts/rules/${id}`)).body.last_value !== null);
    await runtime.simulator!.shock('NIFTY', +1);
    await until('a firing on the outside contract', async () => (await api<AlertLogEntry[]>('GET', '/api/alerts/log')).body.find((l) => l.rule_id === up.id || l.rule_id === down.id), 30_000);
    for (const id of [watch.id, up.id, down.id]) assert.equal((await api('DELETE', `/api/alerts/rules/${id}`)).status, 200);
  });

  it('a stalled feed marks the rules stale (or feed_down); they are armed again when ticks return', async () => {
    const rule = (await api<RuleView>('POST', '/api/alerts/rules', { symbol: 'NIFTY', field: 'ltp', op: 'above', level: 1e6, repeat: true })).body;
    await until('the rule armed', async () => (await api<RuleView>('GET', `/api/alerts/rules/${rule.id}`)).body.state === 'armed');
    await runtime.simulator!.stall(6000);
    const marked = await until('the rule marked', async () => {
      const s = (await api<RuleView>('GET', `/api/alerts/rules/${rule.id}`)).body;
      return s.state === 'stale' || s.state === 'feed_down' ? s : null;
    });
    assert.ok(marked.state_reason && /NIFTY|feed/.test(marked.state_reason), marked.state_reason ?? '');
    await until('the rule armed again', async () => (await api<RuleView>('GET', `/api/alerts/rules/${rule.id}`)).body.state === 'armed', 30_000);
  });

  it('positions, rules and the log survive a restart', async () => {
    const rulesBefore = (await api<RuleView[]>('GET', '/api/alerts/rules')).body;
    await stop();
    await start();
    const positions = (await api<PositionView[]>('GET', '/api/positions')).body;
    assert.deepEqual(positions.map((p) => p.id), [positionId]);
    const rules = (await api<RuleView[]>('GET', '/api/alerts/rules')).body;
    assert.deepEqual(rules.map((r) => [r.id, r.armed]).sort(), rulesBefore.map((r) => [r.id, r.armed]).sort());
    assert.equal(rules.find((r) => r.id === targetRule)!.state, 'fired');
    assert.equal((await api<AlertLogEntry[]>('GET', '/api/alerts/log')).body.filter((l) => l.rule_id === targetRule).length, 1);
    const p = await until('live P&L after the restart', async () => (await api<PositionView[]>('GET', '/api/positions')).body[0]!.pnl !== null);
    assert.ok(p);
  });
});

// The local API's exits and P&L rules over real HTTP (server host on loopback, real SQLite),
// with ticks fed to the engine by hand: a stop-loss / target as an absolute price (a bare number
// or {"kind":"price"}), points or % from the entry, for a long and a short; a P&L rule in ₹ and
// in %; bad kinds and crossed levels refused naming the field, nothing saved.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AlertLogEntry, PositionView, RuleView } from '../../src/shared/alerts.ts';
import type { OptionContract, Tick, UnderlyingInfo } from '../../src/shared/market.ts';
import { AlertService } from '../../src/main/engine/alerts/alert-service.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import { openTradingHours } from '../../src/main/engine/schedule/service-node.ts';
import { startServerHost, type ServerHost } from '../../src/main/host/server.ts';
import { HandFeed } from '../helpers/idle-feed.ts';

const NIFTY: UnderlyingInfo = { name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' };
const options: OptionContract[] = [24000, 24100].flatMap((k) => (['CE', 'PE'] as const).map((side) => (
  { key: `NSE_FO|X${k}${side}`, symbol: `NIFTY29DEC26${k}${side}`, underlying: 'NIFTY', expiry: '2026-12-29', strike: k, side, lotSize: 65, tickSize: 0.05 })));
const CE = 'NIFTY29DEC2624000CE', CE_KEY = 'NSE_FO|X24000CE';
const PE = 'NIFTY29DEC2624100PE', PE_KEY = 'NSE_FO|X24100PE';
const TOKEN = 'alerts-api-test-token-0123456789';


const clock = Date.UTC(2026, 11, 3, 5, 0);
const dir = mkdtempSync(join(tmpdir(), 'optick-alerts-api-'));
let engine: Engine;
let alerts: AlertService;
let host: ServerHost;
const tick = (key: string, ltp: number): Tick => ({ key, ltp, exchangeTs: clock, receiveTs: clock });
async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(`${host.url}${path}`, { method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: r.status, body: (await r.json()) as T };
}
const rulesOf = async (positionId: string) => (await api<RuleView[]>('GET', '/api/alerts/rules')).body.filter((r) => r.position_id === positionId);
const log = async () => (await api<AlertLogEntry[]>('GET', '/api/alerts/log')).body;

before(async () => {
  engine = new Engine({ feed: new HandFeed(), registry: new InstrumentRegistry([NIFTY], options), now: () => clock });
  engine.start('active');
  alerts = new AlertService({ dataDir: dir, engine, now: () => clock, timerMs: 3_600_000 });
  host = await startServerHost({ engine, hours: openTradingHours(dir).api, token: TOKEN, port: 0, rendererDir: join(dir, 'no-renderer') });
});
after(async () => {
  await host.close();
  alerts.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('exits and P&L rules over the local API', () => {
  it('a long: SL as a bare price, target as % of the entry; a short: SL in points, target as {"kind":"price"}', async () => {
    const long = await api<PositionView>('POST', '/api/positions', { symbol: CE, side: 'long', lots: 2, entry_price: 200, stop_loss: 180, target: { kind: 'percent', value: 25 } });
    assert.equal(long.status, 201);
    assert.deepEqual((await rulesOf(long.body.id)).map((r) => [r.kind, r.field, r.op, r.level]).sort(), [['stop_loss', 'ltp', 'below', 180], ['target', 'ltp', 'above', 250]]);
    const short = await api<PositionView>('POST', '/api/positions', { symbol: PE, side: 'short', lots: 1, entry_price: 80, stop_loss: { kind: 'points', value: 12.5 }, target: { kind: 'price', value: 60 } });
    assert.equal(short.status, 201);
    assert.deepEqual((await rulesOf(short.body.id)).map((r) => [r.kind, r.op, r.level]).sort(), [['stop_loss', 'above', 92.5], ['target', 'below', 60]]);
    // A short's SL % from the entry lies above it; changing it with PUT rebuilds the exit rule.
    const put = await api<PositionView>('PUT', `/api/positions/${short.body.id}`, { stop_loss: { kind: 'percent', value: 50 } });
    assert.equal(put.status, 200);
    assert.deepEqual((await rulesOf(short.body.id)).filter((r) => r.kind === 'stop_loss').map((r) => [r.op, r.level]), [['above', 120]]);
    engine.ingest([tick(CE_KEY, 210), tick(PE_KEY, 85)]);
    engine.ingest([tick(CE_KEY, 251), tick(PE_KEY, 121)]);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual((await log()).map((e) => [e.symbol, e.kind, e.price, e.level]).sort(), [[CE, 'target', 251, 250], [PE, 'stop_loss', 121, 120]]);
    await api('DELETE', `/api/positions/${long.body.id}`);
    await api('DELETE', `/api/positions/${short.body.id}`);
  });

  it('P&L rules in ₹ and in % of the entry fire with the P&L as their price', async () => {
    engine.ingest([tick(CE_KEY, 100)]);
    const p = (await api<PositionView>('POST', '/api/positions', { symbol: CE, side: 'long', lots: 1, entry_price: 100 })).body;
    const inr = await api<RuleView>('POST', '/api/alerts/rules', { symbol: CE, field: 'pnl', op: 'below', level: -650, position_id: p.id, repeat: false });
    const pct = await api<RuleView>('POST', '/api/alerts/rules', { symbol: CE, field: 'pnl', pnl_unit: 'percent', op: 'above', level: 20, position_id: p.id, repeat: false });
    assert.equal(inr.status, 201);
    assert.equal(pct.status, 201);
    assert.equal(pct.body.pnl_unit, 'percent');
    assert.equal(typeof pct.body.id, 'string');
    const before = (await log()).length;
    engine.ingest([tick(CE_KEY, 95)]); // −5 points × 65 = −₹325; −5 %
    engine.ingest([tick(CE_KEY, 89)]); // −₹715: the ₹ rule
    engine.ingest([tick(CE_KEY, 121)]); // +21 %: the % rule
    await new Promise((r) => setTimeout(r, 20));
    const fired = (await log()).slice(0, (await log()).length - before);
    assert.deepEqual(fired.map((e) => [e.rule_id, e.price, e.level]).reverse(), [[inr.body.id, -715, -650], [pct.body.id, 21, 20]]);
    assert.equal(fired.find((e) => e.rule_id === pct.body.id)!.pnl, 21 * 65, 'the log keeps the ₹ P&L beside a % rule');
    await api('DELETE', `/api/positions/${p.id}`);
  });

  it("where an alert's contract is shown: an option's chain and strike, an underlying's chart", () => {
    assert.deepEqual(alerts.contract(CE), { symbol: CE, underlying: 'NIFTY', expiry: '2026-12-29', strike: 24000, side: 'CE' });
    assert.deepEqual(alerts.contract('nifty'), { symbol: 'NIFTY', underlying: 'NIFTY', expiry: null, strike: null, side: null });
    assert.throws(() => alerts.contract('NIFTY01JAN0011111CE'), (e: Error & { field?: string }) => e.field === 'symbol' && /unknown symbol/.test(e.message));
  });

  it('bad exits and rules: 400 naming the field, nothing saved', async () => {
    const count = async () => [(await api<unknown[]>('GET', '/api/positions')).body.length, (await api<unknown[]>('GET', '/api/alerts/rules')).body.length];
    const was = await count();
    const bad = [
      [{ symbol: CE, side: 'long', lots: 1, entry_price: 100, stop_loss: { kind: 'ticks', value: 5 } }, 'stop_loss.kind'],
      [{ symbol: CE, side: 'long', lots: 1, entry_price: 100, stop_loss: { kind: 'percent', value: 10 }, target: { kind: 'price', value: 85 } }, 'stop_loss'],
      [{ symbol: CE, side: 'short', lots: 1, entry_price: 100, target: { kind: 'points', value: 120 } }, 'target'],
      [{ symbol: CE, side: 'long', lots: 1, entry_price: 100, target: { kind: 'points', value: 'ten' } }, 'target.value'],
    ] as const;
    for (const [body, field] of bad) {
      const r = await api<{ error: { field?: string; message: string } }>('POST', '/api/positions', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.field, field, r.body.error.message);
    }
    const r = await api<{ error: { field?: string } }>('POST', '/api/alerts/rules', { symbol: CE, field: 'pnl', pnl_unit: 'usd', op: 'above', level: 1, position_id: 'p_x' });
    assert.equal(r.status, 400);
    assert.deepEqual(await count(), was);
  });
});

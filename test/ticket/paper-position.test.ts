// Paper positions: the ticket's paper buy/sell opens a position with `paper: true` (real SQLite in
// a temp dir, kept across a restart); the list filters on it; an update keeps it; an alerts.db of
// schema 1 is migrated (positions the ticket opened before, note "paper …", become paper).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { AlertService } from '../../src/main/engine/alerts/alert-service.ts';
import { ALERT_MIGRATIONS, ALERTS_DB, AlertStore } from '../../src/main/engine/alerts/alert-store-node.ts';
import { paperFilter } from '../../src/main/engine/alerts/validate.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import { TicketService } from '../../src/main/engine/ticket/ticket-service.ts';
import type { OptionContract, UnderlyingInfo } from '../../src/shared/market.ts';
import { HandFeed } from '../helpers/idle-feed.ts';

const NOW = Date.UTC(2026, 11, 3, 5, 0);
const NIFTY: UnderlyingInfo = { name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' };
const CE: OptionContract = { key: 'NSE_FO|1', symbol: 'NIFTY31DEC9924000CE', underlying: 'NIFTY', expiry: '2099-12-31', strike: 24000, side: 'CE', lotSize: 65, tickSize: 0.05, freezeQty: 1755 };
const registry = new InstrumentRegistry([NIFTY], [CE]);
const dirs: string[] = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'optick-paper-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });


function open(dir: string) {
  const engine = new Engine({ feed: new HandFeed(), registry, now: () => NOW });
  engine.start('active');
  const alerts = new AlertService({ dataDir: dir, engine, now: () => NOW, timerMs: 3_600_000 });
  const ticket = new TicketService(engine);
  return { engine, alerts, ticket, close: async () => { ticket.stop(); alerts.close(); await engine.stop(); } };
}

describe('paper positions', () => {
  it('a ticket paper buy opens a paper position; a hand-entered one is not; the flag survives a restart and an update', async () => {
    const dir = tempDir();
    const a = open(dir);
    a.engine.ingest([{ key: CE.key, exchangeTs: NOW, receiveTs: NOW, ltp: 100, bids: [{ price: 99.9, qty: 130 }], asks: [{ price: 100.1, qty: 65 }, { price: 100.2, qty: 130 }] }]);
    const fill = a.ticket.paper('c1', { symbol: CE.symbol, side: 'buy', lots: 2 });
    assert.equal(fill.position.paper, true);
    assert.equal(fill.price, (65 * 100.1 + 65 * 100.2) / 130);
    const real = a.alerts.addPosition({ symbol: CE.symbol, side: 'short', lots: 1, entry_price: 100 });
    assert.equal(real.paper, false);
    assert.deepEqual(a.alerts.positions(true).map((p) => p.id), [fill.position.id]);
    assert.deepEqual(a.alerts.positions(false).map((p) => p.id), [real.id]);
    assert.equal(a.alerts.positions().length, 2);
    assert.equal(a.alerts.updatePosition({ id: fill.position.id, lots: 3 }).paper, true, 'an update keeps the flag');
    assert.throws(() => a.alerts.addPosition({ symbol: CE.symbol, side: 'long', lots: 1, entry_price: 1, paper: 'yes' }), (e: Error & { field?: string }) => e.field === 'paper');
    await a.close();
    const b = open(dir);
    // Both were opened at the same instant: the book orders them by id then.
    const byId = (x: [string, boolean], y: [string, boolean]) => (x[0] < y[0] ? -1 : 1);
    assert.deepEqual(b.alerts.positions().map((p): [string, boolean] => [p.id, p.paper]).sort(byId), ([[fill.position.id, true], [real.id, false]] as [string, boolean][]).sort(byId));
    await b.close();
  });

  it('the list filter takes true/false and their query-string forms, refuses anything else', () => {
    assert.deepEqual([paperFilter(undefined), paperFilter(true), paperFilter('true'), paperFilter('false')], [undefined, true, true, false]);
    assert.throws(() => paperFilter('1'), (e: Error & { field?: string }) => e.field === 'paper');
  });

  it('an alerts.db of schema 1 is migrated: the ticket\'s earlier paper positions (note "paper …") are marked paper', () => {
    const dir = tempDir();
    const file = join(dir, ALERTS_DB);
    const db = new Database(file);
    db.exec(ALERT_MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    const ins = db.prepare('INSERT INTO positions(id, symbol, instrument_key, side, lots, lot_size, entry_price, note, created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)');
    ins.run('p1', CE.symbol, CE.key, 'long', 1, 65, 100, "paper buy 1 lots at the ticket's VWAP 100 (mid 99.95, slippage 1 ticks); no order was sent", NOW);
    ins.run('p2', CE.symbol, CE.key, 'short', 1, 65, 90, 'hedge', NOW);
    db.close();
    const store = new AlertStore(file);
    assert.deepEqual(store.positions().map((p) => [p.id, p.paper]), [['p1', true], ['p2', false]]);
    store.close();
    const check = new Database(file, { readonly: true });
    assert.equal(check.pragma('user_version', { simple: true }), ALERT_MIGRATIONS.length);
    check.close();
  });
});

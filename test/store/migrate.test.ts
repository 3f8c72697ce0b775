// A database written by schema v1 (one row per tick, REAL candle prices) opens under v2: its ticks
// move into minute blobs and its candles into integer units, and every value reads back the same.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS, migrate } from '../../src/main/engine/store/schema.ts';
import { StoreReader } from '../../src/main/engine/store/store-reader.ts';
import { openTickStore } from '../../src/main/engine/store/tick-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'optick-migrate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const t = (hhmmss: string): number => Date.parse(`2026-11-20T${hhmmss}+05:30`);

test('a v1 file is migrated to the current schema with every tick and candle intact', async () => {
  const file = join(dir, 'v1.db');
  const db = new Database(file);
  assert.equal(migrate(db, file, 1), 1);
  db.prepare("INSERT INTO instruments(id, key, underlying, expiry, strike, side) VALUES (1, 'NSE_FO|45450', 'NIFTY', '2026-11-24', 24000, 'CE'), (2, 'NSE_INDEX|Nifty 50', NULL, NULL, NULL, NULL)").run();
  // v1 rows: ts, instrument, n, recv_lag, ltp, ltq, bid_off (ltp − bid), bid_qty, ask_off (ask − ltp), ask_qty, volume, oi — prices in paise.
  const ins = db.prepare('INSERT INTO ticks VALUES (?,?,?,?,?,?,?,?,?,?,?,?)');
  ins.run(t('09:15:00.250'), 1, 0, 35, 12050, 75, 5, 975, 10, 1300, 75, 450000);
  ins.run(t('09:15:00.250'), 1, 1, 36, 12055, 150, 5, 975, 10, 1300, 225, 450075);
  ins.run(t('09:15:00.250'), 2, 0, -3, 1814975, null, null, null, null, null, null, null);
  ins.run(t('09:16:59.999'), 1, 0, null, null, null, -12000, 50, null, null, 225, null); // quote only: bid with no ltp (offset from 0)
  ins.run(t('09:17:00'), 1, 0, 20, 11900, 75, 5, 900, 5, 600, 300, 450150);
  db.prepare('INSERT INTO candles_1m VALUES (?,?,?,?,?,?,?,?,?,?)').run(1, t('09:15:00'), 120.5, 120.55, 120.5, 120.55, 225, 450075, 225, 2);
  db.prepare('INSERT INTO candles_1m VALUES (?,?,?,?,?,?,?,?,?,?)').run(1, t('09:17:00'), 119, 119, 119, 119, 75, 450150, 300, 1);
  db.close();

  const store = await openTickStore({ file, log: () => {} });
  await store.close();
  const check = new Database(file, { readonly: true });
  assert.equal(check.pragma('user_version', { simple: true }), MIGRATIONS.length);
  assert.equal(check.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'ticks'").pluck().get(), 0, 'the v1 table is gone');
  check.close();

  const r = new StoreReader(file);
  try {
    const got = Array.from(r.ticks(r.instruments(), 0, Number.MAX_SAFE_INTEGER), (x) => ({ ...x }));
    assert.deepEqual(got, [
      { key: 'NSE_FO|45450', exchangeTs: t('09:15:00.250'), receiveTs: t('09:15:00.285'), ltp: 120.5, ltq: 75, bid: 120.45, bidQty: 975, ask: 120.6, askQty: 1300, volume: 75, oi: 450000 },
      { key: 'NSE_FO|45450', exchangeTs: t('09:15:00.250'), receiveTs: t('09:15:00.286'), ltp: 120.55, ltq: 150, bid: 120.5, bidQty: 975, ask: 120.65, askQty: 1300, volume: 225, oi: 450075 },
      { key: 'NSE_INDEX|Nifty 50', exchangeTs: t('09:15:00.250'), receiveTs: t('09:15:00.247'), ltp: 18149.75, ltq: null, bid: null, bidQty: null, ask: null, askQty: null, volume: null, oi: null },
      { key: 'NSE_FO|45450', exchangeTs: t('09:16:59.999'), receiveTs: t('09:16:59.999'), ltp: null, ltq: null, bid: 120, bidQty: 50, ask: null, askQty: null, volume: 225, oi: null },
      { key: 'NSE_FO|45450', exchangeTs: t('09:17:00'), receiveTs: t('09:17:00.020'), ltp: 119, ltq: 75, bid: 118.95, bidQty: 900, ask: 119.05, askQty: 600, volume: 300, oi: 450150 },
    ]);
    assert.deepEqual(r.candles('NSE_FO|45450', '1m', 0, Number.MAX_SAFE_INTEGER), [
      { time: t('09:15:00'), open: 120.5, high: 120.55, low: 120.5, close: 120.55, volume: 225, oi: 450075 },
      { time: t('09:17:00'), open: 119, high: 119, low: 119, close: 119, volume: 75, oi: 450150 },
    ]);
    assert.equal(r.integrityCheck(), 'ok');
  } finally {
    r.close();
  }
});

test('a failed migration is rolled back and names the file and version', () => {
  const file = join(dir, 'broken.db');
  const db = new Database(file);
  migrate(db, file, 1);
  db.exec('DROP TABLE ticks; CREATE TABLE ticks(x)'); // not a v1 ticks table any more
  assert.throws(() => migrate(db, file), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: migration to schema version 2 failed and was rolled back`));
  assert.equal(db.pragma('user_version', { simple: true }), 1);
  assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'tick_blocks'").pluck().get(), 0);
  db.close();
});

// SQLite schema of the tick store, as ordered migrations keyed by PRAGMA user_version.
// v1 kept one row per tick; v2 (current) keeps ticks as compact blobs, one per (exchange minute,
// instrument) — see tick-codec.ts for the encoding and tick-scan.ts for reading:
//   tick_blocks(id = minute × 2^20 + instrument id, instrument_id, n ticks, data): sealed minutes,
//     inserted in time order so pages fill densely; an index on instrument_id (which carries id)
//     serves one instrument's range.
//   tick_frags(id, minute, instrument_id, n, data): the blob each batch writes per instrument for
//     minutes still open; the writer seals them into tick_blocks once the minute is two behind.
// Prices are integers in 1/price_scale units of the instrument (paise for NSE: scale 100), in
// ticks and in candles_1m, so they round-trip exactly.
// candles_1m holds the closed and open 1-minute bars the writer builds from the same ticks;
// other intervals of 1m or more roll up from it.
import type { Database } from 'better-sqlite3';
import { migrateTicksV1 } from './migrate-v1.ts';

/** A migration: SQL to run, then optional code, in one transaction. */
export interface Migration {
  sql: string;
  run?: (db: Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  { sql: `CREATE TABLE instruments(
     id INTEGER PRIMARY KEY,
     key TEXT NOT NULL UNIQUE,
     symbol TEXT, underlying TEXT, expiry TEXT, strike REAL, side TEXT,
     price_scale INTEGER NOT NULL DEFAULT 100);
   CREATE INDEX instruments_chain ON instruments(underlying, expiry);
   CREATE TABLE ticks(
     ts INTEGER NOT NULL, instrument_id INTEGER NOT NULL, n INTEGER NOT NULL,
     recv_lag INTEGER, ltp INTEGER, ltq INTEGER, bid_off INTEGER, bid_qty INTEGER,
     ask_off INTEGER, ask_qty INTEGER, volume INTEGER, oi INTEGER,
     PRIMARY KEY(ts, instrument_id, n)) WITHOUT ROWID;
   CREATE TABLE candles_1m(
     instrument_id INTEGER NOT NULL, time INTEGER NOT NULL,
     open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL,
     volume INTEGER NOT NULL, oi INTEGER, cum_volume INTEGER, ticks INTEGER NOT NULL,
     PRIMARY KEY(instrument_id, time)) WITHOUT ROWID;
   CREATE TABLE chain_snapshots(
     id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, underlying TEXT NOT NULL, expiry TEXT NOT NULL,
     underlying_ltp REAL, forward REAL, atm_strike REAL, time_to_expiry REAL, metrics TEXT NOT NULL);
   CREATE INDEX chain_snapshots_chain ON chain_snapshots(underlying, expiry, ts);
   CREATE INDEX chain_snapshots_ts ON chain_snapshots(ts);
   CREATE TABLE chain_legs(
     snapshot_id INTEGER NOT NULL, strike REAL NOT NULL, side TEXT NOT NULL, instrument_key TEXT,
     ltp REAL, bid REAL, ask REAL, bid_qty INTEGER, ask_qty INTEGER, volume INTEGER, oi INTEGER,
     iv REAL, delta REAL, gamma REAL, theta REAL, vega REAL, rho REAL,
     PRIMARY KEY(snapshot_id, strike, side)) WITHOUT ROWID;` },
  {
    sql: `CREATE TABLE tick_blocks(id INTEGER PRIMARY KEY, instrument_id INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL);
      CREATE INDEX tick_blocks_instrument ON tick_blocks(instrument_id);
      CREATE TABLE tick_frags(id INTEGER PRIMARY KEY, minute INTEGER NOT NULL, instrument_id INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL);
      CREATE INDEX tick_frags_minute ON tick_frags(minute, instrument_id);
      CREATE TABLE candles_1m_v2(
        instrument_id INTEGER NOT NULL, time INTEGER NOT NULL,
        open INTEGER NOT NULL, high INTEGER NOT NULL, low INTEGER NOT NULL, close INTEGER NOT NULL,
        volume INTEGER NOT NULL, oi INTEGER, cum_volume INTEGER, ticks INTEGER NOT NULL,
        PRIMARY KEY(instrument_id, time)) WITHOUT ROWID;
      INSERT INTO candles_1m_v2 SELECT c.instrument_id, c.time,
          CAST(round(c.open * i.price_scale) AS INTEGER), CAST(round(c.high * i.price_scale) AS INTEGER),
          CAST(round(c.low * i.price_scale) AS INTEGER), CAST(round(c.close * i.price_scale) AS INTEGER),
          c.volume, c.oi, c.cum_volume, c.ticks
        FROM candles_1m c JOIN instruments i ON i.id = c.instrument_id;
      DROP TABLE candles_1m;
      ALTER TABLE candles_1m_v2 RENAME TO candles_1m;`,
    run: migrateTicksV1,
  },
];

export class StoreError extends Error {
  /** SQLite's code (SQLITE_CORRUPT, SQLITE_FULL, …) or the errno code, when known. */
  readonly code: string | null;
  constructor(message: string, options?: { cause?: unknown; code?: string | null }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = options?.code ?? null;
  }
}

/** Connection settings of the writer: WAL, synchronous=NORMAL, bounded WAL file, incremental vacuum. */
export function configureWriter(db: Database, journalSizeLimit: number): void {
  // auto_vacuum only takes effect before the first table exists; harmless afterwards.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`journal_size_limit = ${Math.floor(journalSizeLimit)}`);
  db.pragma('busy_timeout = 5000');
}

/** Applies the migrations the file has not seen yet (up to `target`), each in its own transaction. Returns the version. */
export function migrate(db: Database, file: string, target = MIGRATIONS.length): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new StoreError(`${file}: schema version ${current} is newer than this Optick knows (${MIGRATIONS.length}); refusing to write to it`);
  }
  for (let v = current; v < target; v++) {
    const m = MIGRATIONS[v]!;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        m.run?.(db);
        db.pragma(`user_version = ${v + 1}`);
      })();
    } catch (e) {
      throw new StoreError(`${file}: migration to schema version ${v + 1} failed and was rolled back: ${(e as Error).message}`, { cause: e });
    }
  }
  return Math.max(current, target);
}

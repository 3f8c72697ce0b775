// SQLite schema of the tick store, as ordered migrations keyed by PRAGMA user_version.
// Prices in `ticks` are integers in 1/price_scale units of the instrument (paise for NSE:
// scale 100), so they round-trip exactly; bid and ask are stored as offsets from ltp
// (bid_off = ltp − bid, ask_off = ask − ltp, with ltp taken as 0 when absent) because the
// offsets fit in one or two bytes. recv_lag = receive ts − exchange ts (ms). `n` tells apart
// ticks of one instrument with the same exchange ms (0 almost always, which SQLite stores in
// zero bytes). ticks is clustered by time: appends fill pages densely and replay reads in order.
// candles_1m holds the closed and open 1-minute bars the writer builds from the same ticks;
// other intervals of 1m or more roll up from it.
import type { Database } from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE instruments(
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
     PRIMARY KEY(snapshot_id, strike, side)) WITHOUT ROWID;`,
];

export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
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

/** Applies the migrations the file has not seen yet, each in its own transaction. Returns the version. */
export function migrate(db: Database, file: string): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new StoreError(`${file}: schema version ${current} is newer than this Optick knows (${MIGRATIONS.length}); refusing to write to it`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return MIGRATIONS.length;
}

// Signals and their per-underlying thresholds in SQLite: <dataDir>/signals.db, a file of its own
// (migrations keyed by PRAGMA user_version, like alerts.db). Under `serve --replay` the same
// schema lives in memory, so a replay's signals never mix with the recorded ones.
import type { Database as Db, Statement } from 'better-sqlite3';
import { openVersionedDb } from '../store/versioned-db-node.ts';
import type { Signal, SignalQuery, SignalThresholds } from '../../../shared/signals.ts';

export const SIGNALS_DB = 'signals.db';
export const MAX_LIST = 10_000;

export const SIGNAL_MIGRATIONS: readonly string[] = [
  `CREATE TABLE signals(
     id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, symbol TEXT NOT NULL, instrument_key TEXT NOT NULL,
     underlying TEXT NOT NULL, time INTEGER NOT NULL, direction TEXT NOT NULL, figures TEXT NOT NULL, message TEXT NOT NULL);
   CREATE INDEX signals_time ON signals(time);
   CREATE INDEX signals_underlying_time ON signals(underlying, time);
   CREATE TABLE thresholds(underlying TEXT PRIMARY KEY, json TEXT NOT NULL);`,
];

export class SignalStoreError extends Error {
  override name = 'SignalStoreError';
}

type Row = { id: number; type: string; symbol: string; instrument_key: string; underlying: string; time: number; direction: string; figures: string; message: string };

const fromRow = (r: Row): Signal => ({
  id: r.id, type: r.type as Signal['type'], symbol: r.symbol, instrument_key: r.instrument_key, underlying: r.underlying,
  time: r.time, direction: r.direction as Signal['direction'], figures: JSON.parse(r.figures) as Signal['figures'], message: r.message,
});

export class SignalStore {
  readonly file: string;
  readonly #db: Db;
  readonly #ins: Statement;
  readonly #one: Statement;

  /** `file` ':memory:' keeps everything in memory (replay). */
  constructor(file: string) {
    this.file = file;
    let db: Db;
    try {
      db = openVersionedDb(file, SIGNAL_MIGRATIONS);
    } catch (err) {
      throw new SignalStoreError(`${file}: cannot open the signals database (${(err as Error).message}); the file is kept as it is — move it aside to start a new one`, { cause: err });
    }
    this.#db = db;
    this.#ins = db.prepare('INSERT INTO signals(type, symbol, instrument_key, underlying, time, direction, figures, message) VALUES(?, ?, ?, ?, ?, ?, ?, ?)');
    this.#one = db.prepare('SELECT * FROM signals WHERE id = ?');
  }

  /** Writes a batch in one transaction; the signals get their ids. */
  insert(batch: Omit<Signal, 'id'>[]): Signal[] {
    return this.#db.transaction(() => batch.map((s) => {
      const r = this.#ins.run(s.type, s.symbol, s.instrument_key, s.underlying, s.time, s.direction, JSON.stringify(s.figures), s.message);
      return { id: Number(r.lastInsertRowid), ...s };
    }))();
  }

  get(id: number): Signal | null {
    const r = this.#one.get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  /** Newest first (or oldest first with `ascending`), filtered. */
  list(q: SignalQuery, ascending = false): Signal[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.underlying) { where.push('underlying = ?'); args.push(q.underlying); }
    if (q.type) { where.push('type = ?'); args.push(q.type); }
    if (q.since !== undefined) { where.push('time >= ?'); args.push(q.since); }
    const limit = Math.min(q.limit ?? 500, MAX_LIST);
    const sql = `SELECT * FROM (SELECT * FROM signals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}) ORDER BY id ${ascending ? 'ASC' : 'DESC'}`;
    return (this.#db.prepare(sql).all(...args) as Row[]).map(fromRow);
  }

  thresholds(): Map<string, Partial<SignalThresholds>> {
    const rows = this.#db.prepare('SELECT underlying, json FROM thresholds').all() as { underlying: string; json: string }[];
    return new Map(rows.map((r) => [r.underlying, JSON.parse(r.json) as Partial<SignalThresholds>]));
  }

  saveThresholds(underlying: string, t: Partial<SignalThresholds>): void {
    this.#db.prepare('INSERT INTO thresholds(underlying, json) VALUES(?, ?) ON CONFLICT(underlying) DO UPDATE SET json = excluded.json').run(underlying, JSON.stringify(t));
  }

  close(): void {
    this.#db.close();
  }
}

// Positions, alert rules and the alert log in SQLite: <dataDir>/alerts.db, a file of its own
// (the tick store may be moved aside or rebuilt without losing a trader's positions).
// Migrations are ordered and keyed by PRAGMA user_version, like the tick store's (store/schema.ts).
// A file that is not a readable database is never written to: AlertStoreError names it and the
// cause, and the file stays as it is.
import type { Database as Db, Statement } from 'better-sqlite3';
import { openVersionedDb } from '../store/versioned-db-node.ts';
import type { AlertLogEntry, AlertRule, Position } from '../../../shared/alerts.ts';

export const ALERTS_DB = 'alerts.db';

export const ALERT_MIGRATIONS: readonly string[] = [
  `CREATE TABLE positions(
     id TEXT PRIMARY KEY, symbol TEXT NOT NULL, instrument_key TEXT NOT NULL,
     side TEXT NOT NULL CHECK(side IN ('long','short')), lots REAL NOT NULL CHECK(lots > 0), lot_size INTEGER NOT NULL,
     entry_price REAL NOT NULL, note TEXT NOT NULL DEFAULT '',
     stop_loss TEXT, target TEXT, trailing_stop TEXT, created_at INTEGER NOT NULL);
   CREATE TABLE rules(
     id TEXT PRIMARY KEY, symbol TEXT NOT NULL, instrument_key TEXT NOT NULL,
     field TEXT NOT NULL, op TEXT NOT NULL, level REAL NOT NULL, repeat INTEGER NOT NULL,
     cooldown_ms INTEGER NOT NULL, expires_at INTEGER, position_id TEXT, pnl_unit TEXT NOT NULL,
     kind TEXT NOT NULL, trail TEXT, note TEXT NOT NULL DEFAULT '', armed INTEGER NOT NULL,
     created_at INTEGER NOT NULL, fired_count INTEGER NOT NULL DEFAULT 0, last_fired_at INTEGER, best REAL);
   CREATE INDEX rules_position ON rules(position_id);
   CREATE TABLE alert_log(
     id INTEGER PRIMARY KEY AUTOINCREMENT, rule_id TEXT NOT NULL, symbol TEXT NOT NULL, instrument_key TEXT NOT NULL,
     field TEXT NOT NULL, op TEXT NOT NULL, kind TEXT NOT NULL, time INTEGER NOT NULL, price REAL NOT NULL,
     level REAL NOT NULL, pnl REAL, position_id TEXT, message TEXT NOT NULL);
   CREATE INDEX alert_log_time ON alert_log(time);`,
  // 2: a real paper flag; positions the order ticket opened before it (note "paper …") are paper.
  `ALTER TABLE positions ADD COLUMN paper INTEGER NOT NULL DEFAULT 0 CHECK(paper IN (0, 1));
   UPDATE positions SET paper = 1 WHERE note LIKE 'paper %';`,
];

export class AlertStoreError extends Error {
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.name = 'AlertStoreError';
    this.file = file;
  }
}

/** A rule as stored: the rule plus the trailing stop's best price. */
export interface StoredRule extends AlertRule {
  best: number | null;
}

type Row = Record<string, unknown>;
const json = <T>(v: unknown): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : null);

export class AlertStore {
  readonly file: string;
  readonly #db: Db;
  readonly #st: Record<'insPos' | 'updPos' | 'delPos' | 'insRule' | 'updRule' | 'delRule' | 'delRulesOf' | 'ruleState' | 'insLog' | 'log', Statement>;

  /** Opens (creating) the file and applies missing migrations; AlertStoreError when it cannot be read. */
  constructor(file: string) {
    this.file = file;
    let db: Db;
    try {
      db = openVersionedDb(file, ALERT_MIGRATIONS, { quickCheck: true });
    } catch (err) {
      throw new AlertStoreError(file, `cannot open the positions and alerts database (${(err as Error).message}); the file is kept as it is — move it aside to start with no positions or rules`, { cause: err });
    }
    this.#db = db;
    this.#st = {
      insPos: db.prepare(`INSERT INTO positions(id, symbol, instrument_key, side, lots, lot_size, entry_price, note, paper, stop_loss, target, trailing_stop, created_at)
        VALUES(@id, @symbol, @instrument_key, @side, @lots, @lot_size, @entry_price, @note, @paper, @stop_loss, @target, @trailing_stop, @created_at)`),
      updPos: db.prepare(`UPDATE positions SET symbol=@symbol, instrument_key=@instrument_key, side=@side, lots=@lots, lot_size=@lot_size,
        entry_price=@entry_price, note=@note, paper=@paper, stop_loss=@stop_loss, target=@target, trailing_stop=@trailing_stop WHERE id=@id`),
      delPos: db.prepare('DELETE FROM positions WHERE id = ?'),
      insRule: db.prepare(`INSERT INTO rules(id, symbol, instrument_key, field, op, level, repeat, cooldown_ms, expires_at, position_id, pnl_unit, kind, trail, note, armed, created_at, fired_count, last_fired_at, best)
        VALUES(@id, @symbol, @instrument_key, @field, @op, @level, @repeat, @cooldown_ms, @expires_at, @position_id, @pnl_unit, @kind, @trail, @note, @armed, @created_at, @fired_count, @last_fired_at, @best)`),
      updRule: db.prepare(`UPDATE rules SET symbol=@symbol, instrument_key=@instrument_key, field=@field, op=@op, level=@level, repeat=@repeat, cooldown_ms=@cooldown_ms,
        expires_at=@expires_at, position_id=@position_id, pnl_unit=@pnl_unit, kind=@kind, trail=@trail, note=@note, armed=@armed,
        fired_count=@fired_count, last_fired_at=@last_fired_at, best=@best WHERE id=@id`),
      delRule: db.prepare('DELETE FROM rules WHERE id = ?'),
      delRulesOf: db.prepare('DELETE FROM rules WHERE position_id = ?'),
      ruleState: db.prepare('UPDATE rules SET armed=@armed, level=@level, fired_count=@fired_count, last_fired_at=@last_fired_at, best=@best WHERE id=@id'),
      insLog: db.prepare(`INSERT INTO alert_log(rule_id, symbol, instrument_key, field, op, kind, time, price, level, pnl, position_id, message)
        VALUES(@rule_id, @symbol, @instrument_key, @field, @op, @kind, @time, @price, @level, @pnl, @position_id, @message)`),
      log: db.prepare('SELECT * FROM alert_log ORDER BY id DESC LIMIT ?'),
    };
  }

  positions(): Position[] {
    return (this.#db.prepare('SELECT * FROM positions ORDER BY created_at, id').all() as Row[]).map((r) => ({
      id: r.id as string, symbol: r.symbol as string, instrument_key: r.instrument_key as string, side: r.side as Position['side'],
      lots: r.lots as number, lot_size: r.lot_size as number, entry_price: r.entry_price as number, note: r.note as string, paper: r.paper === 1,
      stop_loss: json(r.stop_loss), target: json(r.target), trailing_stop: json(r.trailing_stop), created_at: r.created_at as number,
    }));
  }

  rules(): StoredRule[] {
    return (this.#db.prepare('SELECT * FROM rules ORDER BY created_at, id').all() as Row[]).map((r) => ({
      id: r.id as string, symbol: r.symbol as string, instrument_key: r.instrument_key as string, field: r.field as AlertRule['field'],
      op: r.op as AlertRule['op'], level: r.level as number, repeat: r.repeat === 1, cooldown_ms: r.cooldown_ms as number,
      expires_at: (r.expires_at as number | null) ?? null, position_id: (r.position_id as string | null) ?? null,
      pnl_unit: r.pnl_unit as AlertRule['pnl_unit'], kind: r.kind as AlertRule['kind'], trail: json(r.trail), note: r.note as string,
      armed: r.armed === 1, created_at: r.created_at as number, fired_count: r.fired_count as number,
      last_fired_at: (r.last_fired_at as number | null) ?? null, best: (r.best as number | null) ?? null,
    }));
  }

  /** Saves a position and replaces its rules in one transaction (all or nothing). */
  savePosition(p: Position, rules: readonly StoredRule[], isNew: boolean): void {
    this.#db.transaction(() => {
      (isNew ? this.#st.insPos : this.#st.updPos).run(positionRow(p));
      this.#st.delRulesOf.run(p.id);
      for (const r of rules) this.#st.insRule.run(ruleRow(r));
    })();
  }

  /** Adds many positions (with their rules) in one transaction. */
  addPositions(items: readonly { position: Position; rules: readonly StoredRule[] }[]): void {
    this.#db.transaction(() => {
      for (const { position, rules } of items) {
        this.#st.insPos.run(positionRow(position));
        for (const r of rules) this.#st.insRule.run(ruleRow(r));
      }
    })();
  }

  removePosition(id: string): void {
    this.#db.transaction(() => { this.#st.delRulesOf.run(id); this.#st.delPos.run(id); })();
  }

  saveRule(r: StoredRule, isNew: boolean): void {
    (isNew ? this.#st.insRule : this.#st.updRule).run(ruleRow(r));
  }

  removeRule(id: string): void {
    this.#st.delRule.run(id);
  }

  /** Firings and rule-state changes of one batch of ticks, in one transaction; returns the log ids. */
  record(states: readonly StoredRule[], entries: readonly Omit<AlertLogEntry, 'id'>[]): number[] {
    return this.#db.transaction(() => {
      for (const r of states) this.#st.ruleState.run({ id: r.id, armed: r.armed ? 1 : 0, level: r.level, fired_count: r.fired_count, last_fired_at: r.last_fired_at, best: r.best });
      return entries.map((e) => Number(this.#st.insLog.run(e).lastInsertRowid));
    })();
  }

  log(limit = 500): AlertLogEntry[] {
    return this.#st.log.all(limit) as AlertLogEntry[];
  }

  close(): void {
    this.#db.close();
  }
}

function positionRow(p: Position): Row {
  return {
    ...p, paper: p.paper ? 1 : 0, stop_loss: p.stop_loss ? JSON.stringify(p.stop_loss) : null, target: p.target ? JSON.stringify(p.target) : null,
    trailing_stop: p.trailing_stop ? JSON.stringify(p.trailing_stop) : null,
  };
}

function ruleRow(r: StoredRule): Row {
  return { ...r, repeat: r.repeat ? 1 : 0, armed: r.armed ? 1 : 0, trail: r.trail ? JSON.stringify(r.trail) : null };
}

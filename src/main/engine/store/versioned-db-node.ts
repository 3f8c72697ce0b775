// Opens a small SQLite file of the app's own (alerts.db, signals.db): refuses a schema newer
// than this Optick, optionally checks integrity, WAL on a file, then applies the missing
// migrations, each in a transaction keyed by PRAGMA user_version (as store/schema.ts does).
// The caller wraps a failure in its own typed error; the database is closed before it throws.
import Database, { type Database as Db } from 'better-sqlite3';

export function openVersionedDb(file: string, migrations: readonly string[], opts: { quickCheck?: boolean } = {}): Db {
  let db: Db | null = null;
  try {
    db = new Database(file);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length) throw new Error(`schema version ${version} is newer than this Optick knows (${migrations.length})`);
    if (opts.quickCheck) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    }
    if (file !== ':memory:') { db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); }
    const open = db;
    for (let v = version; v < migrations.length; v++) open.transaction(() => { open.exec(migrations[v]!); open.pragma(`user_version = ${v + 1}`); })();
    return open;
  } catch (err) {
    db?.close();
    throw err;
  }
}

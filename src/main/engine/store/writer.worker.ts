// The store's single writer thread: owns the only read-write connection, applies each message in
// order (one transaction per tick batch), checkpoints the WAL and applies retention on timers.
// Errors go back with SQLite's code, so the handle can tell a damaged file (moved aside) from a
// failing disk (recording paused, retried with every batch).
import Database from 'better-sqlite3';
import { existsSync, openSync, readFileSync, readSync, closeSync, statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWriter, ToWriter, WriterConfig } from './protocol.ts';
import { configureWriter, migrate } from './schema.ts';
import { TickWriter } from './tick-writer.ts';

const port = parentPort;
if (!port) throw new Error('writer.worker.ts must run as a worker thread');
const config = workerData as WriterConfig;
const send = (m: FromWriter): void => port.postMessage(m);
const log = (level: 'info' | 'warn' | 'error', message: string): void => send({ type: 'log', level, message: `${config.file}: ${message}` });
const codeOf = (e: unknown): string | null => (typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : null);

/** Files this size or smaller get a full quick_check on open (bigger ones: header and schema only). */
const QUICK_CHECK_MAX_BYTES = 128 * 1024 * 1024;

/** The writer's I/O layer fault (tests, fault bench): throws while the fault file exists. */
function injectedFault(): void {
  const f = config.faultFile;
  if (!f || !existsSync(f)) return;
  let code = 'SQLITE_FULL';
  try { code = readFileSync(f, 'utf8').trim() || code; } catch { /* removed meanwhile */ }
  throw new Database.SqliteError(code === 'SQLITE_IOERR' ? 'disk I/O error (injected EIO)' : 'database or disk is full (injected)', code);
}

/** A database file shorter than its header says (truncated) is damaged, whatever SQLite reads of it. */
function checkHeader(file: string): void {
  const size = statSync(file).size;
  if (size === 0) return;
  const h = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try { readSync(fd, h, 0, 100, 0); } finally { closeSync(fd); }
  if (size < 100 || h.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') throw new Database.SqliteError('file is not a database (bad header)', 'SQLITE_NOTADB');
  const pageSize = h.readUInt16BE(16) === 1 ? 65536 : h.readUInt16BE(16);
  const pages = h.readUInt32BE(28);
  const valid = pages > 0 && h.readUInt32BE(24) === h.readUInt32BE(92);
  const wal = existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0;
  if (valid && !wal && size < pages * pageSize) {
    throw new Database.SqliteError(`database file is truncated: ${size} bytes, its header says ${pages} pages of ${pageSize}`, 'SQLITE_CORRUPT');
  }
}

let db: Database.Database;
let writer: TickWriter;
try {
  checkHeader(config.file);
  db = new Database(config.file);
  configureWriter(db, config.journalSizeLimit);
  const version = migrate(db, config.file);
  db.prepare('SELECT count(*) FROM instruments').get();
  if (statSync(config.file).size <= QUICK_CHECK_MAX_BYTES) {
    const check = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check);
    if (check.join() !== 'ok') throw new Database.SqliteError(`quick_check: ${check.join('; ')}`, 'SQLITE_CORRUPT');
  }
  writer = new TickWriter(db, config.session, log, injectedFault);
  send({ type: 'ready', version });
} catch (e) {
  send({ type: 'error', batch: null, code: codeOf(e), message: `cannot open ${config.file}: ${(e as Error).message}` });
  process.exit(1);
}

const checkpointTimer = setInterval(() => {
  try {
    if (!writer.checkpoint()) log('warn', 'wal_checkpoint(TRUNCATE) was blocked by a reader; the WAL is truncated on a later pass');
  } catch (e) {
    log('error', `checkpoint failed: ${(e as Error).message}`);
  }
}, config.checkpointMs);
const retentionTimer = setInterval(() => handle({ type: 'retention', batch: -1, now: Date.now() }), config.retentionCheckMs);

function handle(m: ToWriter): void {
  if (m.type === 'close') {
    clearInterval(checkpointTimer);
    clearInterval(retentionTimer);
    try {
      writer.sealAll();
      writer.checkpoint();
    } catch (e) {
      log('error', `closing: ${(e as Error).message}`);
    } finally {
      db.close();
    }
    send({ type: 'closed', counters: writer.counters });
    port!.close();
    return;
  }
  if (m.type === 'instrument') {
    try {
      writer.registerInstrument(m.idx, m.info);
    } catch (e) {
      send({ type: 'error', batch: null, code: codeOf(e), message: `register ${m.info.key}: ${(e as Error).message}` });
    }
    return;
  }
  const started = performance.now();
  let rows = 0;
  try {
    if (m.type === 'ticks') {
      writer.writeTicks(m.data, m.rows);
      rows = m.rows;
    } else if (m.type === 'chain') {
      writer.writeChain(m.snapshot);
      rows = m.snapshot.legs.length;
    } else if (m.type === 'rebuild') {
      writer.rebuildCandles(m.keys, m.from, m.to);
    } else {
      writer.applyRetention(config.retention, m.now);
    }
  } catch (e) {
    const what = m.type === 'chain' ? `chain snapshot ${m.snapshot.underlying} ${m.snapshot.expiry} @${m.snapshot.ts}` : `${m.type} batch ${m.batch}`;
    send({ type: 'error', batch: m.batch, code: codeOf(e), message: `${what} failed, rolled back: ${(e as Error).message}` });
    return;
  }
  if (m.batch < 0) return;
  const committed: FromWriter = { type: 'committed', batch: m.batch, rows, ms: performance.now() - started, counters: writer.counters };
  // The tick buffer goes back to the store handle for its next batch.
  if (m.type === 'ticks') port!.postMessage({ ...committed, data: m.data }, [m.data.buffer as ArrayBuffer]);
  else send(committed);
}

port.on('message', handle);

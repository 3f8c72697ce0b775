// The store's single writer thread: owns the only read-write connection, applies each message in
// order (one transaction per tick batch), checkpoints the WAL and applies retention on timers.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWriter, ToWriter, WriterConfig } from './protocol.ts';
import { configureWriter, migrate } from './schema.ts';
import { TickWriter } from './tick-writer.ts';

const port = parentPort;
if (!port) throw new Error('writer.worker.ts must run as a worker thread');
const config = workerData as WriterConfig;
const send = (m: FromWriter): void => port.postMessage(m);
const log = (level: 'info' | 'warn' | 'error', message: string): void => send({ type: 'log', level, message: `${config.file}: ${message}` });

let db: Database.Database;
let writer: TickWriter;
try {
  db = new Database(config.file);
  configureWriter(db, config.journalSizeLimit);
  const version = migrate(db, config.file);
  writer = new TickWriter(db, config.session, log);
  send({ type: 'ready', version });
} catch (e) {
  send({ type: 'error', batch: null, message: `cannot open ${config.file}: ${(e as Error).message}` });
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
      send({ type: 'error', batch: null, message: `register ${m.info.key}: ${(e as Error).message}` });
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
    send({ type: 'error', batch: m.batch, message: `${what} failed, rolled back: ${(e as Error).message}` });
    return;
  }
  if (m.batch >= 0) send({ type: 'committed', batch: m.batch, rows, ms: performance.now() - started, counters: writer.counters });
}

port.on('message', handle);

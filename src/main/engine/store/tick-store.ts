// Engine-side handle of the tick store. The engine calls append() on its hot path: the tick is
// packed into the current batch (no I/O, no allocation), and every batchMs or batchRows the batch
// goes to the writer worker as one transferred buffer, written there in one transaction.
// The queue (pending + not yet committed rows) is bounded by maxQueue; overflow is dropped and
// counted in stats().dropped and logged, never silent.
import { siblingModuleUrl } from '../worker-url.ts';
import { Worker } from 'node:worker_threads';
import type { OptionChainModel } from '../../../shared/chain.ts';
import type { Tick } from '../../../shared/market.ts';
import { NSE_SESSION, type SessionSpec } from '../candles/session.ts';
import { snapshotFromChain } from './chain-snapshot.ts';
import { F, STRIDE, type ChainSnapshot, type FromWriter, type InstrumentInfo, type RetentionPolicy, type ToWriter, type WriterConfig, type WriterCounters } from './protocol.ts';
import { StoreError } from './schema.ts';

export type StoreLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface TickStoreOptions {
  /** The SQLite file (created with its folder's permissions when missing). */
  file: string;
  /** Send a batch at least this often (ms). Default 200. */
  batchMs?: number;
  /** ...or as soon as it holds this many ticks. Default 5000. */
  batchRows?: number;
  /** Ticks appended but not yet committed, at most. Default 200,000; more are dropped and counted. */
  maxQueue?: number;
  retention?: Partial<RetentionPolicy>;
  /** Bytes the WAL file is truncated to after a checkpoint. Default 64 MiB. */
  journalSizeLimit?: number;
  /** Period of wal_checkpoint(TRUNCATE) (ms). Default 60,000. */
  checkpointMs?: number;
  /** Period of the retention pass (ms). Default 600,000. */
  retentionCheckMs?: number;
  /** Session the 1-minute candles align to. Default NSE. */
  session?: SessionSpec;
  log?: StoreLog;
}

export interface TickStoreStats {
  /** Appended, not yet sent to the writer. */
  pending: number;
  /** Sent to the writer, not yet committed. */
  inFlight: number;
  appended: number;
  written: number;
  /** Refused because the queue was full. */
  dropped: number;
  /** Refused by the writer (unregistered, non-finite ts, price with more decimals than its scale). */
  rejected: number;
  /** Same instrument, exchange ts and sequence as a stored tick: not stored twice. */
  duplicates: number;
  /** Ticks in batches whose transaction failed (rolled back). */
  failed: number;
  batches: number;
  lastBatchMs: number | null;
  snapshots: number;
  candlesWritten: number;
  checkpoints: number;
  retentionDeleted: number;
  lastError: string | null;
}

export interface TickStore {
  /** Records what the store knows about an instrument; append() registers unknown keys by key alone. */
  registerInstrument(info: InstrumentInfo): void;
  /** Queues one tick; false when it was dropped because the queue is full (counted). */
  append(tick: Tick): boolean;
  /** Queues one chain snapshot (the engine calls it once a minute per watched chain). */
  snapshotChain(chain: OptionChainModel | ChainSnapshot, ts?: number): void;
  /** Recomputes the stored 1m candles of `keys` over [from, to) from their ticks (after an import). */
  rebuildCandles(keys: readonly string[], from: number, to: number): Promise<void>;
  /** Sends what is pending and resolves when everything appended so far is committed. */
  flush(): Promise<void>;
  /** Listener for each committed batch (e.g. to report acknowledged ticks). */
  onCommitted(listener: (batch: number, rows: number) => void): void;
  stats(): TickStoreStats;
  /** Flushes, checkpoints, and stops the writer. */
  close(): Promise<void>;
}

// Keep everything (imported history included) until the data passes 8 GiB, then drop the
// oldest minutes; `optick serve --keep-days/--keep-gb` change it.
const DEFAULT_RETENTION: RetentionPolicy = { tickDays: 0, candleDays: 0, maxBytes: 8 * 1024 ** 3 };

/** Starts the writer worker on `file` and resolves once the schema is migrated. */
export async function openTickStore(options: TickStoreOptions): Promise<TickStore> {
  const log: StoreLog = options.log ?? ((level, message) => { if (level !== 'debug') process.stderr.write(`[store] ${level} ${message}\n`); });
  const batchRows = options.batchRows ?? 5000;
  const maxQueue = options.maxQueue ?? 200_000;
  const config: WriterConfig = {
    file: options.file,
    retention: { ...DEFAULT_RETENTION, ...options.retention },
    journalSizeLimit: options.journalSizeLimit ?? 64 * 1024 * 1024,
    checkpointMs: options.checkpointMs ?? 60_000,
    retentionCheckMs: options.retentionCheckMs ?? 600_000,
    session: { ...(options.session ?? NSE_SESSION) },
  };
  const worker = new Worker(siblingModuleUrl(import.meta.url, 'writer.worker'), { workerData: config });
  const stats: TickStoreStats = {
    pending: 0, inFlight: 0, appended: 0, written: 0, dropped: 0, rejected: 0, duplicates: 0, failed: 0, batches: 0,
    lastBatchMs: null, snapshots: 0, candlesWritten: 0, checkpoints: 0, retentionDeleted: 0, lastError: null,
  };
  const index = new Map<string, number>();
  const inFlight = new Map<number, number>();
  const waiters: { batch: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const listeners: ((batch: number, rows: number) => void)[] = [];
  let buf = new Float64Array(batchRows * STRIDE);
  let nextBatch = 0;
  let settledThrough = -1;
  let dead: Error | null = null;
  let closed = false;
  let onClosed: ((c: WriterCounters) => void) | null = null;

  const post = (m: ToWriter, transfer?: ArrayBuffer[]): void => worker.postMessage(m, transfer);
  const settle = (batch: number): void => {
    settledThrough = Math.max(settledThrough, batch);
    for (const [b, rows] of inFlight) if (b <= batch) { stats.inFlight -= rows; inFlight.delete(b); }
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]!.batch <= batch) waiters.splice(i, 1)[0]!.resolve();
  };
  const absorb = (c: WriterCounters): void => {
    stats.written = c.written; stats.rejected = c.rejected; stats.duplicates = c.duplicates; stats.batches = c.batches;
    stats.snapshots = c.snapshots; stats.candlesWritten = c.candlesWritten; stats.checkpoints = c.checkpoints; stats.retentionDeleted = c.retentionDeleted;
  };
  const fail = (e: Error): void => {
    dead = e;
    stats.lastError = e.message;
    stats.failed += stats.inFlight + stats.pending;
    stats.inFlight = 0;
    stats.pending = 0;
    inFlight.clear();
    log('error', e.message);
    for (const w of waiters.splice(0)) w.reject(e);
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromWriter) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'committed') {
        stats.lastBatchMs = m.ms;
        absorb(m.counters);
        const rows = inFlight.get(m.batch) ?? 0;
        settle(m.batch);
        for (const l of listeners) l(m.batch, rows);
      } else if (m.type === 'error') {
        stats.lastError = m.message;
        log('error', m.message);
        if (m.batch === null) { reject(new StoreError(m.message)); return; }
        stats.failed += inFlight.get(m.batch) ?? 0;
        settle(m.batch);
      } else if (m.type === 'log') log(m.level, m.message);
      else if (m.type === 'closed') { absorb(m.counters); onClosed?.(m.counters); }
    });
    worker.on('error', (e) => { fail(new StoreError(`store writer for ${options.file} crashed: ${e.message}`, { cause: e })); reject(e); });
    worker.on('exit', (code) => { if (!closed) fail(new StoreError(`store writer for ${options.file} exited with code ${code}`)); });
  });
  await ready;

  const sendPending = (): void => {
    if (stats.pending === 0 || dead) return;
    const batch = nextBatch++;
    const rows = stats.pending;
    inFlight.set(batch, rows);
    stats.inFlight += rows;
    stats.pending = 0;
    post({ type: 'ticks', batch, rows, data: buf }, [buf.buffer as ArrayBuffer]);
    buf = new Float64Array(batchRows * STRIDE);
  };
  const timer = setInterval(sendPending, options.batchMs ?? 200);

  const indexOf = (key: string, info?: InstrumentInfo): number => {
    let idx = index.get(key);
    if (idx === undefined || info) {
      idx ??= index.size;
      index.set(key, idx);
      post({ type: 'instrument', idx, info: info ?? { key } });
    }
    return idx;
  };
  let lastDropLog = 0;

  const store: TickStore = {
    registerInstrument(info) {
      if (dead || closed) throw dead ?? new StoreError(`store ${options.file} is closed`);
      indexOf(info.key, info);
    },
    append(t) {
      stats.appended++;
      if (dead || closed || stats.pending + stats.inFlight >= maxQueue) {
        stats.dropped++;
        if (stats.dropped === 1 || stats.dropped - lastDropLog >= 10_000) {
          lastDropLog = stats.dropped;
          log('warn', `${options.file}: dropped ${stats.dropped} ticks so far (${dead ? 'writer is down' : closed ? 'store closed' : `queue full at ${maxQueue}`}); latest ${t.key} @${t.exchangeTs}`);
        }
        return false;
      }
      const o = stats.pending * STRIDE;
      const b = buf;
      b[o + F.inst] = indexOf(t.key);
      b[o + F.ts] = t.exchangeTs;
      b[o + F.recv] = t.receiveTs;
      b[o + F.ltp] = t.ltp ?? NaN;
      b[o + F.ltq] = t.ltq ?? NaN;
      const bid = t.bids?.[0];
      const ask = t.asks?.[0];
      b[o + F.bid] = bid?.price ?? NaN;
      b[o + F.bidQty] = bid?.qty ?? NaN;
      b[o + F.ask] = ask?.price ?? NaN;
      b[o + F.askQty] = ask?.qty ?? NaN;
      b[o + F.volume] = t.volume ?? NaN;
      b[o + F.oi] = t.oi ?? NaN;
      if (++stats.pending >= batchRows) sendPending();
      return true;
    },
    snapshotChain(chain, ts) {
      if (dead || closed) throw dead ?? new StoreError(`store ${options.file} is closed`);
      const snapshot = 'options' in chain ? snapshotFromChain(chain, ts) : chain;
      post({ type: 'chain', batch: nextBatch++, snapshot });
    },
    rebuildCandles(keys, from, to) {
      sendPending();
      const batch = nextBatch++;
      post({ type: 'rebuild', batch, keys: [...keys], from, to });
      return new Promise((resolve, reject) => waiters.push({ batch, resolve, reject }));
    },
    flush() {
      if (dead) return Promise.reject(dead);
      sendPending();
      const last = nextBatch - 1;
      if (last <= settledThrough) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ batch: last, resolve, reject }));
    },
    onCommitted(listener) {
      listeners.push(listener);
    },
    stats: () => ({ ...stats }),
    async close() {
      if (closed) return;
      clearInterval(timer);
      if (!dead) await store.flush();
      closed = true;
      if (dead) { await worker.terminate(); return; }
      const done = new Promise<WriterCounters>((resolve) => { onClosed = resolve; });
      post({ type: 'close' });
      await done;
      await worker.terminate();
    },
  };
  return store;
}

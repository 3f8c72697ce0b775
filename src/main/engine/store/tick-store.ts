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
import { ensurePrivateFile, isDamageCode } from './store-files.ts';

export type StoreLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface TickStoreOptions {
  /** The SQLite file (created 0600 when missing; it and its -wal/-shm set to 0600 on open). */
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
  /** While writes fail: one summary log line per this many ms. Default 60,000. */
  failureLogMs?: number;
  /** Fault injection (see WriterConfig.faultFile). Default $OPTICK_STORE_FAULT_FILE, else none. */
  faultFile?: string | null;
}

/** Whether ticks reach the disk: false from the first failed write until one succeeds again. */
export interface RecordingHealth {
  recording: boolean;
  /** Why not (the writer's error, with SQLite's code), null while recording. */
  reason: string | null;
  code: string | null;
  /** The file itself is damaged (SQLITE_CORRUPT/NOTADB): retrying will not help. */
  damaged: boolean;
  /** Epoch ms recording stopped, null while recording. */
  since: number | null;
  /** Ticks lost to failed writes since recording stopped. */
  lost: number;
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
  health: RecordingHealth;
}

export interface TickStore {
  /** Records what the store knows about an instrument; append() registers unknown keys by key alone. */
  registerInstrument(info: InstrumentInfo): void;
  /** Queues one tick; false when it was dropped because the queue is full (counted). */
  append(tick: Tick): boolean;
  /** The writer is behind: half of maxQueue or more waits (the feed holds its frames meanwhile). False when not recording. */
  congested(): boolean;
  /** Queues one chain snapshot (the engine calls it once a minute per watched chain). */
  snapshotChain(chain: OptionChainModel | ChainSnapshot, ts?: number): void;
  /** Recomputes the stored 1m candles of `keys` over [from, to) from their ticks (after an import). */
  rebuildCandles(keys: readonly string[], from: number, to: number): Promise<void>;
  /** Sends what is pending and resolves when everything appended so far is committed. */
  flush(): Promise<void>;
  /** Listener for each committed batch (e.g. to report acknowledged ticks). */
  onCommitted(listener: (batch: number, rows: number) => void): void;
  /** Listener for recording stopping (writes fail) and resuming (a write succeeded again). */
  onHealth(listener: (health: RecordingHealth) => void): void;
  stats(): TickStoreStats;
  /**
   * Flushes, checkpoints, and stops the writer. With a deadline: whatever is not committed by then
   * is counted as dropped and the writer is stopped (SQLite rolls an unfinished transaction back).
   */
  close(options?: { deadlineMs?: number }): Promise<void>;
}

// Keep everything (imported history included) until the data passes 8 GiB, then drop the
// oldest minutes; `optick serve --keep-days/--keep-gb` change it.
const DEFAULT_RETENTION: RetentionPolicy = { tickDays: 0, candleDays: 0, maxBytes: 8 * 1024 ** 3 };

/** Starts the writer worker on `file` and resolves once the schema is migrated. */
/** Returned batch buffers kept for reuse, at most. */
const MAX_SPARE = 8;

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
    faultFile: options.faultFile !== undefined ? options.faultFile : process.env.OPTICK_STORE_FAULT_FILE || null,
  };
  const failureLogMs = options.failureLogMs ?? 60_000;
  ensurePrivateFile(options.file);
  const worker = new Worker(siblingModuleUrl(import.meta.url, 'writer.worker'), { workerData: config });
  const stats: TickStoreStats = {
    pending: 0, inFlight: 0, appended: 0, written: 0, dropped: 0, rejected: 0, duplicates: 0, failed: 0, batches: 0,
    lastBatchMs: null, snapshots: 0, candlesWritten: 0, checkpoints: 0, retentionDeleted: 0, lastError: null,
    health: { recording: true, reason: null, code: null, damaged: false, since: null, lost: 0 },
  };
  const healthListeners: ((h: RecordingHealth) => void)[] = [];
  const tellHealth = (): void => {
    for (const l of healthListeners) {
      try { l({ ...stats.health }); } catch (e) { log('error', `store health listener failed: ${(e as Error).stack ?? e}`); }
    }
  };
  // While writes fail: one line when recording stops, one a minute with counts, one when it resumes.
  let failureTimer: ReturnType<typeof setInterval> | null = null;
  let lostAtLastLine = 0;
  const writeFailed = (code: string | null, error: string, rows: number): void => {
    const h = stats.health;
    const message = code && !error.includes(code) ? `${error} (${code})` : error;
    h.lost += rows;
    const damaged = isDamageCode(code);
    if (!h.recording) { h.reason = message; h.code = code; h.damaged ||= damaged; return; }
    Object.assign(h, { recording: false, reason: message, code, damaged, since: Date.now() });
    lostAtLastLine = h.lost;
    log('error', `${options.file}: recording stopped: ${message}. Ticks are counted as dropped until a write succeeds again (retried with every batch); a summary follows once a minute.`);
    failureTimer = setInterval(() => {
      const secs = Math.round((Date.now() - h.since!) / 1000);
      log('error', `${options.file}: recording still stopped after ${secs} s (${h.code ?? 'error'}): ${h.lost - lostAtLastLine} ticks dropped in the last ${Math.round(failureLogMs / 1000)} s, ${h.lost} since it stopped; last error: ${h.reason}`);
      lostAtLastLine = h.lost;
    }, failureLogMs);
    failureTimer.unref?.();
    tellHealth();
  };
  const writeSucceeded = (): void => {
    const h = stats.health;
    if (h.recording) return;
    if (failureTimer) clearInterval(failureTimer);
    failureTimer = null;
    log('info', `${options.file}: recording resumed after ${Math.round((Date.now() - h.since!) / 1000)} s; ${h.lost} ticks were dropped while writes failed`);
    Object.assign(h, { recording: true, reason: null, code: null, damaged: false, since: null, lost: 0 });
    tellHealth();
  };
  const index = new Map<string, number>();
  const inFlight = new Map<number, number>();
  const waiters: { batch: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const listeners: ((batch: number, rows: number) => void)[] = [];
  let buf: Float64Array<ArrayBuffer> = new Float64Array(batchRows * STRIDE);
  /** Batch buffers the writer has sent back, reused instead of a new one per batch. */
  const spare: Float64Array<ArrayBuffer>[] = [];
  let nextBatch = 0;
  let settledThrough = -1;
  let dead: Error | null = null;
  let closed = false;
  let onClosed: ((c: WriterCounters) => void) | null = null;
  let started = false;
  /** Chain snapshot batches not yet settled (writes, like tick batches). */
  const chainBatches = new Set<number>();

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
      if (m.type === 'ready') { started = true; resolve(); }
      else if (m.type === 'committed') {
        stats.lastBatchMs = m.ms;
        absorb(m.counters);
        if (m.data && m.data.length === batchRows * STRIDE && spare.length < MAX_SPARE) spare.push(m.data);
        const rows = inFlight.get(m.batch) ?? 0;
        const write = inFlight.has(m.batch) || chainBatches.delete(m.batch);
        settle(m.batch);
        if (write) writeSucceeded();
        for (const l of listeners) l(m.batch, rows);
      } else if (m.type === 'error') {
        stats.lastError = m.message;
        if (m.batch === null) {
          log('error', m.message);
          reject(new StoreError(m.message, { code: m.code }));
          return;
        }
        const rows = inFlight.get(m.batch) ?? 0;
        const write = inFlight.has(m.batch) || chainBatches.delete(m.batch);
        stats.failed += rows;
        settle(m.batch);
        if (write) writeFailed(m.code, m.message, rows);
        else log('error', m.message);
      } else if (m.type === 'log') log(m.level, m.message);
      else if (m.type === 'closed') { absorb(m.counters); onClosed?.(m.counters); }
    });
    worker.on('error', (e) => { fail(new StoreError(`store writer for ${options.file} crashed: ${e.message}`, { cause: e })); reject(e); });
    worker.on('exit', (code) => { if (!closed && started) fail(new StoreError(`store writer for ${options.file} exited with code ${code}`)); });
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
    buf = spare.pop() ?? new Float64Array(batchRows * STRIDE);
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

  const highWater = Math.floor(maxQueue / 2);
  const store: TickStore = {
    congested: () => !dead && !closed && stats.pending + stats.inFlight >= highWater,
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
      const batch = nextBatch++;
      chainBatches.add(batch);
      post({ type: 'chain', batch, snapshot });
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
    onHealth(listener) {
      healthListeners.push(listener);
    },
    stats: () => ({ ...stats, health: { ...stats.health } }),
    async close(opts = {}) {
      if (closed) return;
      clearInterval(timer);
      if (failureTimer) clearInterval(failureTimer);
      const deadline = opts.deadlineMs;
      let late: ReturnType<typeof setTimeout> | null = null;
      const overdue = deadline === undefined ? null : new Promise<'late'>((resolve) => { late = setTimeout(() => resolve('late'), deadline); });
      const within = async (p: Promise<unknown>): Promise<boolean> => (overdue ? (await Promise.race([p.then(() => 'ok' as const), overdue])) === 'ok' : (await p, true));
      try {
        if (!dead && !(await within(store.flush().catch(() => {})))) {
          const lost = stats.pending + stats.inFlight;
          stats.dropped += lost;
          log('error', `${options.file}: ${lost} ticks not written within the ${deadline} ms shutdown deadline: dropped; stopping the writer`);
          closed = true;
          await worker.terminate();
          return;
        }
        closed = true;
        if (dead) { await worker.terminate(); return; }
        const done = new Promise<WriterCounters>((resolve) => { onClosed = resolve; });
        post({ type: 'close' });
        if (!(await within(done))) log('error', `${options.file}: closing the writer took over ${deadline} ms; stopped it (the WAL is recovered on the next start)`);
        await worker.terminate();
      } finally {
        if (late) clearTimeout(late);
      }
    },
  };
  return store;
}

// Tick history in the running app. Created by the runtime with the data dir:
// - records every accepted tick in the tick store (<dataDir>/ticks.db) through its writer worker
//   (append() only packs the tick into a buffer: the tick path never waits on SQLite);
// - keeps the live bars of every instrument (all intervals, NSE session) and pushes the bars of
//   watched charts; closes bars by a timer;
// - snapshots every open chain once a minute;
// - answers chart history (store merged with the live bar), CSV exports, and store health.
// During a replay it records nothing (the ticks are already stored) and reads history only up
// to the replay clock.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Candle, ExportProgress, ExportRequest } from '../../../shared/history.ts';
import type { CandlesRequest, ChartRef, ExportJobRequest, HistoryPushEvent, HistoryStatus, RecordingState, WatchedChart } from '../../../shared/replay.ts';
import { ApiError } from '../../../shared/api.ts';
import { bucketStart } from '../candles/bucket.ts';
import { mergeLive } from '../candles/rollup.ts';
import { NSE_SESSION, sessionFor, type SessionSpec } from '../candles/session.ts';
import { BadRequestError, type Engine } from '../engine.ts';
import type { Logger } from '../log.ts';
import type { ExportOptions } from '../store/csv-export.ts';
import { ExportPool } from '../store/export-pool.ts';
import { StoreReader } from '../store/store-reader.ts';
import { openTickStore, type TickStore, type TickStoreOptions } from '../store/tick-store.ts';
import type { StoreError } from '../store/schema.ts';
import { isDamageCode, moveAside, movedAside } from '../store/store-files.ts';
import type { ReplayFeed } from '../feeds/replay/replay-feed.ts';
import { ExportJobs } from './export-jobs.ts';
import { registryInstruments, SymbolIndex, underlyingsFile, writeUnderlyings } from './instruments.ts';
import { LiveCandles } from './live-candles.ts';
import { parseInterval, parseRange, parseSymbol, parseSymbols } from './params.ts';
import type { MetricsPoint, MetricsRequest } from '../../../shared/metrics.ts';
import type { OptionChainModel } from '../../../shared/chain.ts';
import type { Tick } from '../../../shared/market.ts';
import { UnknownInstrumentError } from '../instruments/registry.ts';
import { checkMetricsRange, metricsPoint } from './metrics-history.ts';

export const TICKS_DB = 'ticks.db';

const attached = new WeakMap<Engine, HistoryService>();

/** The history service running on `engine` (the hosts find it here to route calls and pushes). */
export function historyOf(engine: Engine): HistoryService | null {
  return attached.get(engine) ?? null;
}

export interface HistoryServiceOptions {
  dataDir: string;
  engine: Engine;
  /** Store the engine's ticks (false during a replay). Default true. */
  record?: boolean;
  /** Session the bars align to. Default NSE 09:15–15:30 IST. */
  session?: SessionSpec;
  /** Exchange clock (the replay clock during a replay). Default Date.now. */
  now?: () => number;
  /** Candle pushes per chart at most once per this many ms. Default 16. */
  flushMs?: number;
  /** Chain snapshot period. Default 60,000. */
  snapshotMs?: number;
  /** Bars are closed once they ended this long ago (ticks in flight land first). Default 2,000. */
  closeGraceMs?: number;
  store?: Omit<TickStoreOptions, 'file' | 'session' | 'log'>;
  /** The feed during `serve --replay` (answers replay.status / replay.control). */
  replay?: ReplayFeed;
  /** When ticks.db is damaged (or was moved aside earlier): start a new empty store. Default false. */
  newStore?: boolean;
  /** Where history's notices go (history off, recording stopped); without it they are logged. */
  notices?: NoticeSink;
  log?: Logger;
}

/** Opens the store, or says why history is off (moving a damaged file aside first). */
async function openStore(options: TickStoreOptions, newStore: boolean, log: Logger): Promise<{ store: TickStore | null; off: HistoryOff | null }> {
  const file = options.file;
  const earlier = movedAside(file);
  if (!newStore && !existsSync(file) && earlier.length > 0) {
    return { store: null, off: { file, movedTo: earlier.at(-1)!, reason: `${file} was damaged and moved to ${earlier.at(-1)}`, action: NEW_STORE_ACTION } };
  }
  try {
    return { store: await openTickStore(options), off: null };
  } catch (e) {
    const code = (e as StoreError).code ?? (e as NodeJS.ErrnoException).code ?? null;
    if (!isDamageCode(code)) {
      return { store: null, off: { file, movedTo: null, reason: (e as Error).message, action: 'fix the cause (permissions, free space, a newer Optick) and restart; the file was left as it is' } };
    }
    let movedTo: string;
    try {
      movedTo = moveAside(file);
    } catch (m) {
      return { store: null, off: { file, movedTo: null, reason: `${file} is damaged (${(e as Error).message}) and could not be moved aside: ${(m as Error).message}`, action: 'move it away by hand and restart' } };
    }
    log('error', `history: ${file} is damaged (${(e as Error).message}); moved to ${movedTo}`);
    if (newStore) return openStore(options, true, log);
    return { store: null, off: { file, movedTo, reason: `${file} is damaged (${(e as Error).message}); moved to ${movedTo}`, action: NEW_STORE_ACTION } };
  }
}

type PushListener = (push: HistoryPushEvent, clients: ReadonlySet<string>) => void;

/** Where history's standing problems go (the engine's notices: the UI shows them as a banner). */
export interface NoticeSink {
  add(notice: { id: string; severity: 'error' | 'warning' | 'info'; source: string; message: string; file?: string; action?: string; logged?: boolean }): unknown;
  clear(id: string): unknown;
}

/** Why history is off in this run, and what the user can do. */
interface HistoryOff { reason: string; action: string; file: string; movedTo: string | null }

export const NOTICE_STORE = 'history:store';
export const NOTICE_RECORDING = 'history:recording';
export const NOTICE_SIDECAR = 'history:underlyings';
const NEW_STORE_ACTION = "start a new empty store with 'optick serve --new-store' (or the history.new_store call); the old file is kept";

export class HistoryService {
  readonly file: string;
  readonly session: SessionSpec;
  readonly replay: ReplayFeed | null;
  readonly #engine: Engine;
  #store: TickStore | null;
  #reader: StoreReader | null;
  #unavailable: HistoryOff | null;
  readonly #record: boolean;
  readonly #storeOptions: TickStoreOptions;
  readonly #notices: NoticeSink | null;
  readonly #live: LiveCandles;
  readonly #exports: ExportJobs;
  readonly #pool = new ExportPool();
  readonly #symbols: SymbolIndex;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #listeners = new Set<PushListener>();
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  readonly #off: (() => void)[] = [];
  #snapshots = 0;
  #closed = false;

  /**
   * Opens the store; never fails because of it. A damaged ticks.db is moved aside
   * (`ticks.db.corrupt-<time>`) and history is off with a notice until the user asks for a new
   * store (`newStore`); any other failure to open it (permissions, full disk) leaves history off
   * with a notice and the file untouched. The live chain runs either way.
   */
  static async open(options: HistoryServiceOptions): Promise<HistoryService> {
    const file = join(options.dataDir, TICKS_DB);
    const session = options.session ?? NSE_SESSION;
    const log = options.log ?? (() => {});
    const record = options.record ?? true;
    const storeOptions: TickStoreOptions = { ...options.store, file, session, log: (level, message) => log(level, `store: ${message}`) };
    const { store, off } = record ? await openStore(storeOptions, options.newStore ?? false, log) : { store: null, off: null };
    const service = new HistoryService(options, file, session, store, off, storeOptions, log);
    attached.set(options.engine, service);
    return service;
  }

  private constructor(options: HistoryServiceOptions, file: string, session: SessionSpec, store: TickStore | null, off: HistoryOff | null, storeOptions: TickStoreOptions, log: Logger) {
    this.file = file;
    this.session = session;
    this.replay = options.replay ?? null;
    this.#engine = options.engine;
    this.#store = null;
    this.#reader = null;
    this.#unavailable = null;
    this.#record = options.record ?? true;
    this.#storeOptions = storeOptions;
    this.#notices = options.notices ?? null;
    this.#log = log;
    this.#now = options.now ?? Date.now;
    const push = (p: HistoryPushEvent, clients: ReadonlySet<string>): void => {
      for (const l of this.#listeners) {
        try { l(p, clients); } catch (err) { log('error', `history push listener failed: ${(err as Error).stack ?? err}`); }
      }
    };
    this.#live = new LiveCandles({ session, flushMs: options.flushMs ?? 16, push });
    this.#exports = new ExportJobs({ dbFile: file, dir: join(options.dataDir, 'exports'), session, push, pool: this.#pool, log });
    this.#symbols = new SymbolIndex(options.engine.registry, () => this.#reader?.instruments() ?? []);
    if (store) this.#attach(store);
    else if (off) this.#goOff(off);
    else this.#reader = new StoreReader(file, session);

    const live = this.#live;
    this.#off.push(options.engine.onTicks((ticks) => {
      const s = this.#store;
      if (s) for (const t of ticks) s.append(t);
      live.onTicks(ticks);
    }));
    // A writer behind by half its queue holds the feed's frames (bounded by the socket pause)
    // instead of dropping ticks.
    if (this.#record) options.engine.holdFeedWhile(() => this.#store?.congested() ?? false);
    const grace = options.closeGraceMs ?? 2000;
    this.#timers.push(setInterval(() => live.closeBefore(this.#now() - grace), 1000));
    if (this.#record) this.#timers.push(setInterval(() => this.snapshotChains(), options.snapshotMs ?? 60_000));
    for (const t of this.#timers) t.unref?.();
  }

  /** Starts recording into `store` and reading from its file. */
  #attach(store: TickStore): void {
    const registry = this.#engine.registry;
    for (const info of registryInstruments(registry)) store.registerInstrument(info);
    let sidecar: ReturnType<typeof writeUnderlyings> = { movedTo: null, error: null };
    try {
      sidecar = writeUnderlyings(this.file, registry.underlyings());
    } catch (e) {
      this.#notice({ id: NOTICE_SIDECAR, severity: 'warning', source: 'history', file: underlyingsFile(this.file), message: `cannot write ${underlyingsFile(this.file)}: ${(e as Error).message}`, action: 'check the disk; live trading and recording are not affected' });
    }
    if (sidecar.movedTo) {
      this.#notice({
        id: NOTICE_SIDECAR, severity: 'warning', source: 'history', file: underlyingsFile(this.file),
        message: `${underlyingsFile(this.file)} could not be read (${sidecar.error}); moved to ${sidecar.movedTo} and rewritten from the instrument master`,
        action: 'nothing to do for live trading; a replay of underlyings no longer in the instrument master lacks their lot size until they trade again',
      });
    }
    this.#store = store;
    this.#reader = new StoreReader(this.file, this.session);
    this.#unavailable = null;
    this.#notices?.clear(NOTICE_STORE);
    store.onHealth((h) => {
      if (this.#store !== store) return;
      if (h.damaged) { void this.#damagedWhileRunning(store, h.reason ?? 'damaged'); return; }
      if (h.recording) { this.#notices?.clear(NOTICE_RECORDING); return; }
      // The store logs the stop itself (and a summary a minute): the notice must not log again.
      this.#notice({
        id: NOTICE_RECORDING, severity: 'error', source: 'history', file: this.file, logged: true,
        message: `recording stopped: ${h.reason}`,
        action: 'free disk space or fix the disk; recording resumes by itself when writes succeed (ticks meanwhile are counted as dropped in history.status)',
      });
    });
  }

  #goOff(off: HistoryOff): void {
    this.#unavailable = off;
    this.#notice({ id: NOTICE_STORE, severity: 'error', source: 'history', file: off.file, message: `history is off: ${off.reason}`, action: off.action });
  }

  #notice(n: Parameters<NoticeSink['add']>[0]): void {
    if (this.#notices) this.#notices.add(n);
    else if (!n.logged) this.#log(n.severity === 'warning' ? 'warn' : n.severity, `${n.source}: ${n.message} — ${n.action}`);
  }

  /** The writer found the file damaged mid-run: stop recording, move the file aside, history off. */
  async #damagedWhileRunning(store: TickStore, reason: string): Promise<void> {
    this.#store = null;
    this.#reader?.close();
    this.#reader = null;
    await store.close({ deadlineMs: 3000 }).catch(() => {});
    let movedTo: string | null = null;
    try { movedTo = moveAside(this.file); } catch (e) { this.#log('error', `history: could not move ${this.file} aside: ${(e as Error).message}`); }
    this.#notices?.clear(NOTICE_RECORDING);
    this.#goOff({ file: this.file, movedTo, reason: `${this.file} is damaged (${reason})${movedTo ? `; moved to ${movedTo}` : ''}`, action: NEW_STORE_ACTION });
  }

  /**
   * The user asks for an empty store after the old one was found damaged (history.new_store).
   * Refused while a store is open: a healthy ticks.db is never replaced.
   */
  async newStore(): Promise<HistoryStatus> {
    if (this.#closed) throw new ApiError('unavailable', 'history is closing');
    if (!this.#record) throw new ApiError('bad_request', 'a replay records nothing: no store to replace');
    if (this.#store) throw new ApiError('bad_request', `${this.file} is open and recording; a healthy store is never replaced`);
    if (existsSync(this.file)) {
      try { moveAside(this.file); } catch (e) { throw new ApiError('unavailable', `cannot move ${this.file} aside: ${(e as Error).message}`); }
    }
    const { store, off } = await openStore(this.#storeOptions, true, this.#log);
    if (!store) { this.#goOff(off!); throw new ApiError('unavailable', `history is still off: ${off!.reason}`); }
    this.#attach(store);
    this.#log('info', `history: new empty store ${this.file}, recording`);
    return this.status();
  }

  /** Pushes for clients (candle bars of watched charts, export progress): the hosts fan them out. */
  onPush(listener: PushListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The instrument key of a symbol (OpenAlgo), underlying name or key; UnknownSymbolError otherwise. */
  resolve(symbol: string): string {
    return this.#symbols.resolve(symbol);
  }

  /** Bars of [from, to) for a chart: stored history merged with the live bar. */
  candles(req: CandlesRequest): Candle[] {
    const symbol = parseSymbol(req?.symbol);
    const interval = parseInterval(req?.interval);
    const { from, to } = parseRange(req?.from, req?.to, this.session.timeZone);
    const key = this.resolve(symbol);
    const session = sessionFor(this.session, key);
    const live = this.#live.liveBar(key, interval);
    // During a replay the store holds the future: read only bars that started before the live one.
    const until = this.#record ? to : Math.min(to, live?.time ?? bucketStart(this.#now(), interval, session) ?? this.#now());
    // History off (damaged store): the live bar alone.
    const history = until > from && this.#reader ? this.#reader.candles(key, interval, from, until) : [];
    if (!live || live.time >= to || live.time < (bucketStart(from, interval, session) ?? from)) return history;
    return mergeLive(history, live);
  }

  watch(client: string, ref: ChartRef): WatchedChart {
    const symbol = parseSymbol(ref?.symbol);
    const interval = parseInterval(ref?.interval);
    const key = this.resolve(symbol);
    this.#live.watch(client, symbol, key, interval);
    return { symbol, interval, instrument: key, bar: this.#live.liveBar(key, interval) };
  }

  unwatch(client: string, ref: ChartRef): void {
    this.#live.unwatch(client, parseSymbol(ref?.symbol), parseInterval(ref?.interval));
  }

  dropClient(client: string): void {
    this.#live.dropClient(client);
  }

  /** Validates an export from the UI or HTTP and resolves its symbols to instrument keys. */
  exportRequest(req: ExportJobRequest): ExportRequest {
    this.#available();
    const kind = req?.kind;
    if (kind !== 'ticks' && kind !== 'candles' && kind !== 'chain') throw new BadRequestError(`'kind' must be ticks, candles or chain; got ${JSON.stringify(kind ?? null)}`);
    const { from, to } = parseRange(req.from, req.to, this.session.timeZone);
    const symbols = parseSymbols(req.symbols);
    const underlying = req.underlying ? parseSymbol(req.underlying, 'underlying').toUpperCase() : undefined;
    if (req.expiry !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(req.expiry))) throw new BadRequestError(`'expiry' must be YYYY-MM-DD, got ${JSON.stringify(req.expiry)}`);
    if (kind !== 'chain' && !symbols && !underlying) throw new BadRequestError(`export ${kind}: name 'symbols', or an 'underlying' (and 'expiry')`);
    if (kind === 'chain' && symbols) throw new BadRequestError("export chain: select by 'underlying' (and 'expiry'), not by symbols");
    const out: ExportRequest = { kind, from, to };
    if (symbols) out.instruments = symbols.map((s) => this.resolve(s));
    if (underlying) out.underlying = underlying;
    if (req.expiry) out.expiry = req.expiry;
    if (kind === 'candles') out.interval = parseInterval(req.interval);
    return out;
  }

  /** Streams an export to `out` (the HTTP route) from an export worker: the event loop never waits on it. */
  streamCsv(req: ExportRequest, out: Writable, options: ExportOptions = {}): Promise<ExportProgress> {
    this.#available();
    return this.#pool.run(this.file, this.session, req, out, options);
  }

  /** Throws 'unavailable' with the reason and what to do while history is off. */
  #available(): void {
    const off = this.#unavailable;
    if (off) throw new ApiError('unavailable', `history is off: ${off.reason}; ${off.action}`);
  }

  startExport(client: string, req: ExportJobRequest): { id: string; file: string } {
    this.#available();
    return this.#exports.start(client, this.exportRequest(req));
  }

  cancelExport(id: string): void {
    if (!this.#exports.cancel(id)) throw new BadRequestError(`no running export '${id}'`);
  }

  /**
   * One chain's intraday metrics (a point a minute, from the chain snapshots). Unknown underlying,
   * or an expiry neither listed nor in history → UnknownInstrumentError (404); over 31 days → 400.
   */
  metrics(req: MetricsRequest): MetricsPoint[] {
    const u = this.#engine.registry.underlying(parseSymbol(req?.underlying, 'underlying'));
    const expiry = req?.expiry;
    if (typeof expiry !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expiry)) throw new BadRequestError(`'expiry' must be YYYY-MM-DD, got ${JSON.stringify(expiry ?? null)}`);
    const { from, to } = parseRange(req.from, req.to, this.session.timeZone);
    checkMetricsRange(from, to);
    this.#available();
    const reader = this.#reader;
    if (!reader) throw new ApiError('unavailable', 'history is closed');
    if (!this.#engine.registry.expiries(u.name).includes(expiry) && !reader.hasChainSnapshots(u.name, expiry)) {
      throw new UnknownInstrumentError(`expiry '${expiry}' of ${u.name}`, this.#engine.registry.expiries(u.name));
    }
    return reader.chainMetricRows(u.name, expiry, from, to).map(metricsPoint);
  }

  /** Each option's last stored OI before `before` (epoch ms): the previous session's close (ΔOI baseline). */
  lastOiBefore(underlying: string, before: number): { key: string; oi: number; time: number }[] {
    // History off (damaged store): no baseline, ΔOI starts from the live session.
    return this.#reader?.lastOiBefore(underlying, before) ?? [];
  }

  /** Queues a snapshot of every chain the engine has open (pinned nearest expiries and watched ones). */
  snapshotChains(): number {
    if (!this.#store || this.#closed) return 0;
    let n = 0;
    for (const [underlying, expiry] of this.#engine.openChains()) {
      const id = `${underlying}|${expiry}`;
      try {
        const model = this.#engine.chain(underlying, expiry);
        if (model.timestamp == null) continue;
        this.#store.snapshotChain(model);
        n++;
      } catch (err) {
        this.#log('warn', `chain snapshot ${id} skipped: ${(err as Error).message}`);
      }
    }
    this.#snapshots += n;
    return n;
  }

  /**
   * Writes ticks and chain snapshots from before now into the store (the simulator's backfill
   * of the day so far), not into the live candles. False when nothing is recorded (replay, history off).
   */
  recordPast(ticks: readonly Tick[], snapshots: readonly { chain: OptionChainModel; ts: number }[]): boolean {
    const store = this.#store;
    if (!store || !this.#record || this.#closed) return false;
    for (const t of ticks) store.append(t);
    for (const { chain, ts } of snapshots) store.snapshotChain(chain, ts);
    this.#snapshots += snapshots.length;
    return true;
  }

  /** Rebuilds the stored 1m candles of `keys` over [from, to) from the stored ticks (after past ticks were written). */
  async rebuildCandles(keys: readonly string[], from: number, to: number): Promise<void> {
    await this.#store?.rebuildCandles(keys, from, to);
  }

  /** Waits until every tick appended so far is committed (tests, shutdown). */
  async flush(): Promise<void> {
    await this.#store?.flush();
  }

  status(): HistoryStatus {
    const s = this.#store?.stats();
    const a = this.#live.aggregator.stats;
    const off = this.#unavailable;
    const state: RecordingState = !this.#record ? 'replay' : !s ? 'off' : s.health.recording ? 'recording' : 'stopped';
    return {
      recording: state === 'recording',
      recording_state: state,
      reason: state === 'stopped' ? s!.health.reason : state === 'off' ? off?.reason ?? 'the store is closed' : null,
      action: state === 'stopped' ? 'free disk space or fix the disk; recording resumes by itself when writes succeed' : state === 'off' ? off?.action ?? null : null,
      stopped_since: state === 'stopped' ? s!.health.since : null,
      file: this.file,
      store: s ? {
        pending: s.pending, in_flight: s.inFlight, appended: s.appended, written: s.written,
        dropped: s.dropped, rejected: s.rejected, duplicates: s.duplicates, failed: s.failed,
        batches: s.batches, last_batch_ms: s.lastBatchMs, snapshots: s.snapshots, last_error: s.lastError,
      } : null,
      candles: { ticks: a.ticks, accepted: a.accepted, late: a.late, late_dropped: a.lateDropped, out_of_session: a.outOfSession, invalid: a.invalid },
      watched_charts: this.#live.watchedCharts,
      chain_snapshots_taken: this.#snapshots,
      exports_running: this.#exports.running,
    };
  }

  /** Stops recording: flushes the writer (within `deadlineMs` if given: the rest is dropped and counted). */
  async close(deadlineMs?: number): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#record) this.#engine.holdFeedWhile(null);
    if (attached.get(this.#engine) === this) attached.delete(this.#engine);
    for (const off of this.#off) off();
    for (const t of this.#timers) clearInterval(t);
    this.#live.stop();
    await this.#exports.close();
    await this.#pool.close();
    this.#reader?.close();
    await this.#store?.close(deadlineMs === undefined ? {} : { deadlineMs });
  }
}


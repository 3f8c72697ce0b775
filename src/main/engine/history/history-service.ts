// Tick history in the running app. Created by the runtime with the data dir:
// - records every accepted tick in the tick store (<dataDir>/ticks.db) through its writer worker
//   (append() only packs the tick into a buffer: the tick path never waits on SQLite);
// - keeps the live bars of every instrument (all intervals, NSE session) and pushes the bars of
//   watched charts; closes bars by a timer;
// - snapshots every open chain once a minute;
// - answers chart history (store merged with the live bar), CSV exports, and store health.
// During a replay it records nothing (the ticks are already stored) and reads history only up
// to the replay clock.
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Candle, ExportProgress, ExportRequest } from '../../../shared/history.ts';
import type { CandlesRequest, ChartRef, ExportJobRequest, HistoryPushEvent, HistoryStatus, WatchedChart } from '../../../shared/replay.ts';
import { bucketStart } from '../candles/bucket.ts';
import { mergeLive } from '../candles/rollup.ts';
import { NSE_SESSION, type SessionSpec } from '../candles/session.ts';
import { BadRequestError, type Engine } from '../engine.ts';
import type { Logger } from '../log.ts';
import { exportCsv, type ExportOptions } from '../store/csv-export.ts';
import { StoreReader } from '../store/store-reader.ts';
import { openTickStore, type TickStore, type TickStoreOptions } from '../store/tick-store.ts';
import type { ReplayFeed } from '../feeds/replay/replay-feed.ts';
import { ExportJobs } from './export-jobs.ts';
import { registryInstruments, SymbolIndex, writeUnderlyings } from './instruments.ts';
import { LiveCandles } from './live-candles.ts';
import { parseInterval, parseRange, parseSymbol, parseSymbols } from './params.ts';
import type { MetricsPoint, MetricsRequest } from '../../../shared/metrics.ts';
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
  log?: Logger;
}

type PushListener = (push: HistoryPushEvent, clients: ReadonlySet<string>) => void;

export class HistoryService {
  readonly file: string;
  readonly session: SessionSpec;
  readonly replay: ReplayFeed | null;
  readonly #engine: Engine;
  readonly #store: TickStore | null;
  readonly #reader: StoreReader;
  readonly #live: LiveCandles;
  readonly #exports: ExportJobs;
  readonly #symbols: SymbolIndex;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #listeners = new Set<PushListener>();
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  readonly #off: (() => void)[] = [];
  #snapshots = 0;
  #closed = false;

  static async open(options: HistoryServiceOptions): Promise<HistoryService> {
    const file = join(options.dataDir, TICKS_DB);
    const session = options.session ?? NSE_SESSION;
    const log = options.log ?? (() => {});
    const record = options.record ?? true;
    const store = record ? await openTickStore({ ...options.store, file, session, log: (level, message) => log(level, `store: ${message}`) }) : null;
    const service = new HistoryService(options, file, session, store, log);
    attached.set(options.engine, service);
    return service;
  }

  private constructor(options: HistoryServiceOptions, file: string, session: SessionSpec, store: TickStore | null, log: Logger) {
    this.file = file;
    this.session = session;
    this.replay = options.replay ?? null;
    this.#engine = options.engine;
    this.#store = store;
    this.#log = log;
    this.#now = options.now ?? Date.now;
    const push = (p: HistoryPushEvent, clients: ReadonlySet<string>): void => {
      for (const l of this.#listeners) {
        try { l(p, clients); } catch (err) { log('error', `history push listener failed: ${(err as Error).stack ?? err}`); }
      }
    };
    this.#live = new LiveCandles({ session, flushMs: options.flushMs ?? 16, push });
    this.#exports = new ExportJobs({ dbFile: file, dir: join(options.dataDir, 'exports'), session, push, log });
    const registry = options.engine.registry;
    if (store) {
      for (const info of registryInstruments(registry)) store.registerInstrument(info);
      writeUnderlyings(file, registry.underlyings());
    }
    this.#reader = new StoreReader(file, session);
    this.#symbols = new SymbolIndex(registry, () => this.#reader.instruments());

    const live = this.#live;
    this.#off.push(options.engine.onTicks(store
      ? (ticks) => { for (const t of ticks) store.append(t); live.onTicks(ticks); }
      : (ticks) => live.onTicks(ticks)));
    const grace = options.closeGraceMs ?? 2000;
    this.#timers.push(setInterval(() => live.closeBefore(this.#now() - grace), 1000));
    if (store) this.#timers.push(setInterval(() => this.snapshotChains(), options.snapshotMs ?? 60_000));
    for (const t of this.#timers) t.unref?.();
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
    const live = this.#live.liveBar(key, interval);
    // During a replay the store holds the future: read only bars that started before the live one.
    const until = this.#store ? to : Math.min(to, live?.time ?? bucketStart(this.#now(), interval, this.session) ?? this.#now());
    const history = until > from ? this.#reader.candles(key, interval, from, until) : [];
    if (!live || live.time >= to || live.time < (bucketStart(from, interval, this.session) ?? from)) return history;
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

  /** Streams an export to `out` (the HTTP route), on a read connection of its own. */
  async streamCsv(req: ExportRequest, out: Writable, options: ExportOptions = {}): Promise<ExportProgress> {
    const reader = new StoreReader(this.file, this.session);
    try {
      return await exportCsv(reader, req, out, options);
    } finally {
      reader.close();
    }
  }

  startExport(client: string, req: ExportJobRequest): { id: string; file: string } {
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
    if (!this.#engine.registry.expiries(u.name).includes(expiry) && !this.#reader.hasChainSnapshots(u.name, expiry)) {
      throw new UnknownInstrumentError(`expiry '${expiry}' of ${u.name}`, this.#engine.registry.expiries(u.name));
    }
    return this.#reader.chainMetricRows(u.name, expiry, from, to).map(metricsPoint);
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

  /** Waits until every tick appended so far is committed (tests, shutdown). */
  async flush(): Promise<void> {
    await this.#store?.flush();
  }

  status(): HistoryStatus {
    const s = this.#store?.stats();
    const a = this.#live.aggregator.stats;
    return {
      recording: this.#store !== null,
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

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (attached.get(this.#engine) === this) attached.delete(this.#engine);
    for (const off of this.#off) off();
    for (const t of this.#timers) clearInterval(t);
    this.#live.stop();
    await this.#exports.close();
    this.#reader.close();
    await this.#store?.close();
  }
}


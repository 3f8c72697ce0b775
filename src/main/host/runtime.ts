// Builds a running Optick from configuration: the market simulator (the default feed),
// the instrument master, the feed adapter, the pricing pool, trading hours and the engine.
// Both hosts start here.
import { mkdirSync } from 'node:fs';
import type { TradingHoursTemplate } from '../../shared/trading-hours.ts';
import type { TradingHoursRepository } from '../engine/schedule/document.ts';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../engine/engine.ts';
import { UpstoxFeed, upstoxPlanProblem } from '../engine/feeds/upstox/upstox-feed.ts';
import type { FeedAdapter, FeedMode } from '../engine/feeds/feed.ts';
import { MultiFeed } from '../engine/feeds/common/multi-feed.ts';
import { mergeRegistries, type InstrumentRegistry } from '../engine/instruments/registry.ts';
import { openFeed, type LiveFeedConfig, type OpenedFeed } from './open-feed.ts';
import { AlertService } from '../engine/alerts/alert-service.ts';
import { SignalService } from '../engine/signals/signal-service.ts';
import { TicketService } from '../engine/ticket/ticket-service.ts';
import { UpstoxAccount } from '../engine/feeds/upstox/account-node.ts';
import { FileSecretStore, SECRETS_FILE } from '../engine/feeds/common/secret-store-node.ts';
import type { SecretStore } from '../engine/feeds/common/secret-store.ts';
import type { Logger } from '../engine/log.ts';
import { Notices } from '../engine/notices.ts';
import { DEFAULT_RATES, type TimeBasis } from '../engine/pricing/conventions.ts';
import { PricingPool } from '../engine/pricing/pool.ts';
import { openTradingHours } from '../engine/schedule/service-node.ts';
import { startSimulatorInWorker, type SimulatorHandle } from '../sim/index.ts';
import { HistoryService, type HistoryServiceOptions } from '../engine/history/history-service.ts';
import { recordBackfill } from '../engine/history/backfill.ts';
import { applyPrevOi, watchBhavcopy } from '../engine/bhavcopy/prev-oi-node.ts';
import { readAtmReference, saveAtmReference } from '../engine/chain/atm-setting-node.ts';
import { openReplay, type ReplayConfig } from '../engine/feeds/replay/open-replay.ts';
import { NSE_SESSION, UTC_DAY_SESSION, type SessionSpec } from '../engine/candles/session.ts';
import type { UnderlyingInfo } from '../../shared/market.ts';
import { startUsSimulator, type UsSimHandle } from '../sim/us-sim.ts';
import { US_EXPIRY_TIME, US_TIME_ZONE } from '../engine/feeds/massive/instruments.ts';
import { armTestThrottle, watchEngineLoad } from './engine-load.ts';

export type FeedConfig =
  | LiveFeedConfig
  /** Plays <dataDir>/ticks.db back (no simulator, no live feed; nothing is re-stored). */
  | ({ kind: 'replay' } & ReplayConfig);

export type { LiveFeedConfig };

export interface OptickConfig {
  dataDir: string;
  /**
   * One feed, or several live feeds at once (`--feed upstox,openalgo`), each with its own
   * `underlyings` (src/shared/feeds.ts assignUnderlyings); the first one's trading hours drive them all.
   */
  feed: FeedConfig | readonly LiveFeedConfig[];
  /** Underlyings of a feed that names none. */
  underlyings: string[];
  flushMs?: number;
  /** Rate for discounting in Black-76 (NSE default per quant.md). */
  rate?: number;
  timeBasis?: TimeBasis;
  /** Pricing worker threads (default: cores − 1, at least one). */
  pricingWorkers?: number;
  /** Where feed secrets (Upstox, OpenAlgo) live (the Electron host passes its safeStorage store; default a 0600 file). */
  secrets?: SecretStore;
  /** Opens a URL in the system browser (the Upstox login); without it the login URL is printed. */
  openUrl?: (url: string) => boolean | Promise<boolean>;
  /** Where trading-hours templates persist (the Electron host passes electron-store; default a JSON file in dataDir). */
  hoursRepository?: (builtIns: TradingHoursTemplate[]) => TradingHoursRepository;
  /** The app's resources/ folder (the Electron host passes its own; default: beside the sources). */
  resourcesDir?: string;
  /** Alerts: how long without a tick (market open) before a rule shows stale (default 60 s). */
  alerts?: { staleMs?: number };
  /** Tick history: session the bars align to (default NSE), store tuning. */
  /** backfill: on the simulator, store today's history up to its start (sim/backfill.ts) beside the live feed (the CLI and the app turn it on; default off). */
  history?: { session?: SessionSpec; store?: HistoryServiceOptions['store']; snapshotMs?: number; newStore?: boolean; backfill?: boolean };
  /** Where start-up problems are raised (the CLI passes the one it raised the API-token notice on). */
  notices?: Notices;
  /** Starts the market simulator (default: in a worker of this process; the soak bench runs it in another process). */
  simulator?: () => Promise<SimulatorHandle>;
}

export interface OptickRuntime {
  engine: Engine;
  /** Standing notices (corrupt config files, …), shown with the engine's status: the same as engine.notices. */
  notices: Notices;
  hours: ReturnType<typeof openTradingHours>;
  simulator: SimulatorHandle | null;
  /** Upstox account: settings, login, connection-panel status (feed_selected with --feed upstox). */
  upstox: UpstoxAccount;
  /** Tick store, live candles, exports (and the replay during serve --replay). */
  history: HistoryService;
  /** Positions, rules and the alert log (<dataDir>/alerts.db); null during a replay. */
  alerts: AlertService | null;
  /** Signals on options flow (<dataDir>/signals.db; in memory only during a replay). */
  signals: SignalService;
  /** Stops everything; the tick writer flushes within `deadlineMs` if given (the rest is dropped, counted, logged). */
  stop(options?: { deadlineMs?: number }): Promise<void>;
}

export const DEFAULT_UNDERLYINGS = ['NIFTY', 'BANKNIFTY'];

/** The trading-hours status label of the simulator feed: its clock runs 24×7 over the NSE template. */
export const SIMULATOR_ALWAYS_OPEN = 'simulator: always open';

/**
 * The simulator trades round the clock (24x7 template by default), so its candles cover the
 * whole IST day instead of 09:15–15:30; bars up to 15m still fall on the NSE 09:15 grid.
 */
export const SIM_CANDLE_SESSION = Object.freeze({ timeZone: 'Asia/Kolkata', open: '00:00', close: '23:59' });

/**
 * The sessions candles align to, per market: NSE 09:15–15:30 IST (the simulator's: the whole IST
 * day, it trades round the clock), US 09:30–16:00 New York (simulated: the whole New York day), a
 * 24×7 crypto stream the UTC day (bars from 00:00 UTC). The first underlying's market is the
 * default; every instrument of another market gets its own (SessionSpec.byKey).
 */
function candleSessions(registry: InstrumentRegistry, opened: readonly OpenedFeed[]): SessionSpec | undefined {
  const sim = (kind: string): boolean => opened.some((o) => o.kind === kind && o.simulated);
  const of: Record<UnderlyingInfo['exchange'], SessionSpec | undefined> = {
    NSE: opened.some((o) => o.kind === 'sim') ? SIM_CANDLE_SESSION : undefined,
    US: sim('massive') ? { timeZone: US_TIME_ZONE, open: '00:00', close: '24:00' } : { timeZone: US_TIME_ZONE, open: '09:30', close: US_EXPIRY_TIME },
    CRYPTO: UTC_DAY_SESSION,
  };
  const underlyings = registry.underlyings();
  const first = underlyings[0]?.exchange ?? 'NSE';
  const base = of[first] ?? NSE_SESSION;
  const byKey: Record<string, SessionSpec> = {};
  for (const u of underlyings) {
    const own = of[u.exchange] ?? NSE_SESSION;
    if (u.exchange === first) continue;
    byKey[u.key] = own;
    for (const e of registry.expiries(u.name)) for (const p of registry.strikes(u.name, e)) for (const c of [p.CE, p.PE]) if (c) byKey[c.key] = own;
  }
  if (Object.keys(byKey).length === 0) return base === NSE_SESSION ? undefined : base;
  return { ...base, byKey };
}

/** The seed of a US-only run (no sim feed given): the first live feed's. */
function feedSeed(feeds: readonly FeedConfig[]): number | undefined {
  for (const f of feeds) if ((f.kind === 'massive' || f.kind === 'json') && f.seed !== undefined) return f.seed;
  return undefined;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.OPTICK_DATA_DIR || join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'optick');
}

export async function startRuntime(config: OptickConfig, log: Logger): Promise<OptickRuntime> {
  mkdirSync(config.dataDir, { recursive: true });
  const notices = config.notices ?? new Notices(log);
  let pool: PricingPool | null = null;
  const feedConfigs: readonly FeedConfig[] = Array.isArray(config.feed) ? config.feed : [config.feed as FeedConfig];
  if (feedConfigs.length === 0) throw new RangeError('no feed configured');
  const first = feedConfigs[0]!;
  if (first.kind === 'replay' && feedConfigs.length > 1) throw new RangeError('a replay runs alone: no live feed beside it');
  const replay = first.kind === 'replay' ? openReplay(config.dataDir, first, config.history?.session, log) : null;
  const feedId = first.kind;
  const secrets = config.secrets ?? new FileSecretStore(join(config.dataDir, SECRETS_FILE), log, { notices });
  const upstox = new UpstoxAccount({
    dataDir: config.dataDir, log, notices, secrets,
    ...(config.openUrl ? { openUrl: config.openUrl } : {}),
  });
  let inSession = (): boolean => true;
  // One simulator for every feed that streams from it, started on first use.
  const simSeed = feedConfigs.find((f): f is Extract<FeedConfig, { kind: 'sim' }> => f.kind === 'sim');
  const sim: { starting: Promise<SimulatorHandle> | null } = { starting: null };
  const startSim = (): Promise<SimulatorHandle> => (sim.starting ??= (config.simulator?.() ?? startSimulatorInWorker({ seed: simSeed?.seed, rate: simSeed?.rate })).then((s) => {
    log('info', `market simulator on ${s.baseUrl}, seed ${simSeed?.seed ?? 1}`);
    return s;
  }));
  // The US options + crypto simulator (Massive, JSON stream) likewise, in this process.
  const usSim: { starting: Promise<UsSimHandle> | null } = { starting: null };
  const startUsSim = (): Promise<UsSimHandle> => (usSim.starting ??= startUsSimulator({ seed: simSeed?.seed ?? feedSeed(feedConfigs) }).then((s) => {
    log('info', `US options + crypto simulator (Massive, JSON stream) on ${s.baseUrl}`);
    return s;
  }));
  const problem = (id: string, message: string): void => { notices.add({ id, severity: 'warning', source: id.split(':')[0]!, message, action: 'fix the file and restart Optick' }); };
  const opened: OpenedFeed[] = [];
  try {
    for (const f of replay ? [] : feedConfigs as readonly LiveFeedConfig[]) {
      opened.push(await openFeed(f, f.underlyings ?? config.underlyings, {
        log, dataDir: config.dataDir, secrets, upstox, simulator: startSim, inSession: () => inSession(), alone: feedConfigs.length === 1,
        usSimulator: startUsSim, problem,
      }));
    }
    const registry = replay ? replay.registry : mergeRegistries(opened.map((o) => o.registry));
    log('info', `instrument master: ${registry.optionCount} options of ${registry.underlyings().map((u) => u.name).join(', ')}`);
    const feed: FeedAdapter = replay ? replay.feed : opened.length === 1 ? opened[0]!.feed : new MultiFeed(opened.map((o) => {
      const own = o.registry;
      return { feed: o.feed, owns: (key: string) => own.underlyingOfKey(key) !== undefined };
    }));
    const simulated = opened.some((o) => o.simulated);
    const simulator: SimulatorHandle | null = sim.starting ? await sim.starting : null;
    const usSimulator: UsSimHandle | null = usSim.starting ? await usSim.starting : null;
    pool = new PricingPool({ ...(config.pricingWorkers ? { workers: config.pricingWorkers } : {}), minIntervalMs: Math.floor((config.flushMs ?? 16) / 2) });
    const engine = new Engine({
      feed,
      registry,
      flushMs: config.flushMs,
      log,
      notices,
      ...(opened.length > 0 && { feedName: opened.map((o) => o.name).join(' + ') }),
      chain: { depthStrikes: upstox.settings().depth_strikes, atmReference: readAtmReference(config.dataDir, log) },
      onAtmReference: (reference) => saveAtmReference(config.dataDir, reference, log),
      ...(replay && { now: replay.feed.clock }),
      pricing: {
        pool, rate: config.rate ?? DEFAULT_RATES.NSE, basis: config.timeBasis ?? 'calendar', expiryTime: '15:30',
        // US equity options: 16:00 New York on expiry day; rate for the discounting only (Black-76 on the parity forward).
        byExchange: { US: { rate: DEFAULT_RATES.US, expiryTime: US_EXPIRY_TIME } },
      },
    });
    const hours = openTradingHours(config.dataDir, {
      log: (level, message, context) => log(level, `${message} ${JSON.stringify(context)}`),
      ...(config.resourcesDir ? { builtInDir: join(config.resourcesDir, 'trading-hours') } : {}),
      ...(config.hoursRepository ? { repository: config.hoursRepository } : {}),
    });
    watchHoursFile(hours, notices);
    // Stall detection only while the feed's trading-hours template is in session.
    inSession = () => hours.scheduler.feeds().includes(feedId) && (simulated || hours.scheduler.isInSession(feedId));
    const upstoxFeed = opened.find((o) => o.kind === 'upstox')?.feed;
    if (upstoxFeed instanceof UpstoxFeed) {
      upstox.attachFeed(upstoxFeed, () => hours.scheduler.status().feeds.find((f) => f.feed === 'upstox')?.window ?? null);
    }
    const history = await HistoryService.open({
      dataDir: config.dataDir, engine, record: !replay, session: config.history?.session ?? (replay ? undefined : candleSessions(registry, opened)), store: config.history?.store,
      snapshotMs: config.history?.snapshotMs, flushMs: config.flushMs, log, notices, newStore: config.history?.newStore,
      ...(replay && { now: replay.feed.clock, replay: replay.feed }),
    });
    // ΔOI's previous close now, and again whenever `optick import bhavcopy` replaces its file.
    if (!replay) applyPrevOi({ dataDir: config.dataDir, engine, history, log });
    const unwatchBhavcopy = replay ? () => {} : watchBhavcopy({ dataDir: config.dataDir, engine, history, log });
    const stopLoad = watchEngineLoad(engine, history);
    armTestThrottle(engine, log);
    // Rules watch the live market only: a replay's ticks never fire the trader's alerts.
    const checkPlan = (plan: ReadonlyMap<string, FeedMode>) => (feed.planProblem ? feed.planProblem(plan) : upstoxPlanProblem(plan));
    const alerts = replay ? null : new AlertService({
      dataDir: config.dataDir, engine, log, isMarketOpen: () => inSession(), checkPlan, ...config.alerts,
    });
    const signals = new SignalService({ dataDir: config.dataDir, engine, log, record: !replay });
    new TicketService(engine, checkPlan); // found by hosts through ticketOf(engine)
    engine.start(replay ? 'active' : 'offline');
    // The scheduler connects, subscribes and disconnects the feed by its template's clock.
    if (!replay) hours.addFeed(feedId, {
      connect: () => engine.setFeedPhase('connected'),
      activate: () => engine.setFeedPhase('active'),
      disconnect: () => engine.setFeedPhase('offline'),
      // The simulator's clock runs 24×7 ('simulator: always open'): it keeps trading (market_info
      // open) whatever the template, which still gives the NSE sessions the UI shows.
      ...(simulator && { alwaysOpen: SIMULATOR_ALWAYS_OPEN, onTemplate: () => { void Promise.resolve(simulator!.setHours(null)).catch((err: Error) => log('error', `simulator hours: ${err.message}`)); } }),
      // The US + crypto simulator has no hours: it trades whenever Optick runs.
      ...(!simulator && usSimulator && { alwaysOpen: SIMULATOR_ALWAYS_OPEN }),
    });
    hours.scheduler.start();
    // A first run on the simulator opens on a day of history, not an empty chart: stored beside the live feed.
    let stopping = false;
    if (simulator && !replay && config.history?.backfill) void backfillDay(simulator, history, engine, log, () => stopping);
    const openPool = pool;
    return {
      engine,
      notices,
      hours,
      simulator,
      upstox,
      history,
      alerts,
      signals,
      stop: async (options = {}) => {
        stopping = true;
        unwatchBhavcopy();
        hours.scheduler.stop();
        stopLoad();
        alerts?.close();
        signals.close();
        await engine.stop();
        await history.close(options.deadlineMs);
        replay?.feed.close();
        await openPool.close();
        await simulator?.close();
        await usSimulator?.close();
      },
    };
  } catch (err) {
    await pool?.close();
    await Promise.all(opened.map((o) => o.feed.stop().catch(() => {})));
    await sim.starting?.then((s) => s.close(), () => {});
    await usSim.starting?.then((s) => s.close(), () => {});
    replay?.feed.close();
    throw err;
  }
}

/** Stores the simulator's backfill of today (history/backfill.ts); a failure is logged and the run goes on without it. */
async function backfillDay(simulator: SimulatorHandle, history: HistoryService, engine: Engine, log: Logger, stopping: () => boolean): Promise<void> {
  const started = Date.now();
  try {
    const result = await recordBackfill(history, engine, await simulator.backfill(), stopping);
    if (result.skipped) log('info', `simulator backfill skipped: ${result.skipped}`);
    else log('info', `simulator backfill: ${result.ticks} ticks and ${result.snapshots} chain snapshots of today stored in ${Date.now() - started} ms`);
  } catch (err) {
    if (!stopping()) log('error', `simulator backfill failed: ${(err as Error).message}; the charts start from the live day`);
  }
}

/**
 * A trading-hours file that could not be used is a notice (its store has logged it once) until
 * a save replaces it; the scheduler runs on the last good templates or the built-ins meanwhile.
 */
function watchHoursFile(hours: ReturnType<typeof openTradingHours>, notices: Notices): void {
  const id = 'trading-hours:file';
  const sync = (): void => {
    const error = hours.store.loadError();
    if (!error) { notices.clear(id); return; }
    const file = (hours.store as { path?: unknown }).path;
    notices.add({
      id, severity: 'error', source: 'trading-hours', message: error, logged: true,
      ...(typeof file === 'string' && { file }),
      action: 'fix or delete the file and restart, or save the templates in Settings → Trading hours (the bad file is kept aside)',
    });
  };
  sync();
  const save = hours.store.save.bind(hours.store);
  hours.store.save = (doc) => { save(doc); sync(); };
}

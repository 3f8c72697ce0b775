// Composition of the in-process simulator: calendar → universe → price model → Upstox V3 server,
// driven by a slot timer. The model advances in fixed slots against the monotonic clock, so the
// market is reproducible for a seed and a rate; `now()` only stamps exchange times.
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import nseTemplate from '../../../resources/trading-hours/nse.json' with { type: 'json' };
import { parseHolidayFile, tradingHolidays } from '../engine/instruments/expiry-calendar.ts';
import { buildUniverse } from './universe.ts';
import { MarketModel } from './model.ts';
import { instrumentMasterRecords } from './instrument-master.ts';
import { UpstoxFeedServer, FEED_PATH, MASTER_PATHS } from './upstox-server.ts';
import type { FeedServerStats } from './upstox-server.ts';
import { SimOAuth } from './oauth.ts';
import { MarketHours } from './market-hours.ts';
import { OpenAlgoSimServer, type OpenAlgoServerStats } from './openalgo-server.ts';
import { openAlgoSymbolTable } from './openalgo-rest.ts';
import { startModelClock } from './model-clock.ts';
import { Injector, type InjectSpec, type Injection } from './inject.ts';
import type { TradingHoursTemplate } from '../../shared/trading-hours.ts';
import type { Tick } from '../../shared/market.ts';
import { backfillDay, backfillStart } from './backfill.ts';

export interface SimulatorOptions {
  /** Interface to bind, default 127.0.0.1. */
  host?: string;
  /** TCP port, 0 (default) = ephemeral. */
  port?: number;
  /** The one access token accepted, default 'sim-token'. */
  token?: string;
  /** PRNG seed, default 1. */
  seed?: number;
  /** Total ticks per second over all instruments, default 300. */
  rate?: number;
  /** Wall clock for exchange timestamps and time to expiry, default Date.now. */
  now?: () => number;
  /** Ping a connection after this many ms without a frame, default 10,000. */
  idlePingMs?: number;
  /** The app the login dialog approves: API key (client_id), default 'sim-api-key'. */
  clientId?: string;
  /** Its API secret, default 'sim-api-secret'. */
  clientSecret?: string;
  /** Registered redirect URIs; default none = any loopback http(s) URL. */
  redirectUris?: string[];
  /**
   * Trading hours to keep (the template the scheduler uses for this feed): prices move only in
   * the normal session and market_info reports the phase. Default: always open.
   */
  hours?: TradingHoursTemplate | null;
  /** The OpenAlgo protocol (openalgo-server.ts): its API key (default 'sim-openalgo-key'), the first endpoint's port (0 = ephemeral), how many endpoints (default 1; more for failover tests). */
  openalgo?: { apiKey?: string; port?: number; endpoints?: number; authGraceMs?: number; pingMs?: number };
}

/** One OpenAlgo endpoint of the simulator: REST under `${hostUrl}/api/v1/`, the proxy at wsUrl (any path). */
export interface OpenAlgoSimEndpoint {
  hostUrl: string;
  wsUrl: string;
  apiKey: string;
}

export interface SimulatorStats extends FeedServerStats {
  /** Model slots dropped because the process fell more than a second behind. */
  slotsSkipped: number;
  /** Simulated model time, epoch ms. */
  modelTime: number;
  /** Ticks generated since start. */
  ticks: number;
  /** Fraction of wall time the simulator's thread was busy since start (0..1). */
  busy: number;
}

export interface SimulatorHandle {
  port: number;
  /** http://HOST:PORT — REST base: authorize lives at `${baseUrl}/v3/feed/market-data-feed/authorize`. */
  baseUrl: string;
  /** ws://HOST:PORT/v3/feed/market-data-feed */
  feedUrl: string;
  /** `${baseUrl}/market-quote/instruments/exchange/NSE.json.gz` */
  instrumentsUrl: string;
  token: string;
  dropConnections(how?: { code?: number; reset?: boolean }): Promise<void> | void;
  stall(ms: number): Promise<void> | void;
  /** Moves an underlying's spot by `pct` per cent at once (deterministic market move); the new spot. */
  shock(underlying: string, pct: number): Promise<number> | number;
  stats(): SimulatorStats | Promise<SimulatorStats>;
  /** Keep another template's hours (null: always open). */
  setHours(template: TradingHoursTemplate | null): Promise<void> | void;
  /** Today's ticks from the session start up to the simulator's start (backfill.ts), oldest first; the same for the same seed and start time. */
  backfill(): Tick[] | Promise<Tick[]>;
  /** The OpenAlgo endpoints, the first is the default. */
  openalgo: OpenAlgoSimEndpoint[];
  /** Stops OpenAlgo endpoint `index` for good (its port no longer answers). */
  killOpenAlgo(index: number): Promise<void> | void;
  openalgoStats(): OpenAlgoServerStats[] | Promise<OpenAlgoServerStats[]>;
  /** A volume burst, spread collapse or mispriced quote on one option, now or at a time on the simulator's clock (sim/inject.ts). */
  inject(spec: InjectSpec): Injection | Promise<Injection>;
  close(): Promise<void>;
}

export class SimulatorOptionError extends Error {
  override name = 'SimulatorOptionError';
}

// One holiday list for the whole app: the NSE trading-hours template's.
const holidays = tradingHolidays(parseHolidayFile(nseTemplate.holidays, 'resources/trading-hours/nse.json holidays'));

function check(ok: boolean, message: string): void {
  if (!ok) throw new SimulatorOptionError(message);
}

export function validateOptions(opts: SimulatorOptions): Required<Omit<SimulatorOptions, 'now' | 'openalgo'>> & { openalgo: { apiKey: string; port: number; endpoints: number; authGraceMs?: number; pingMs?: number } } {
  const o = {
    host: opts.host ?? '127.0.0.1', port: opts.port ?? 0, token: opts.token ?? 'sim-token', seed: opts.seed ?? 1, rate: opts.rate ?? 300, idlePingMs: opts.idlePingMs ?? 10_000,
    clientId: opts.clientId ?? 'sim-api-key', clientSecret: opts.clientSecret ?? 'sim-api-secret', redirectUris: opts.redirectUris ?? [],
    hours: opts.hours ?? null,
    openalgo: { ...opts.openalgo, apiKey: opts.openalgo?.apiKey ?? 'sim-openalgo-key', port: opts.openalgo?.port ?? 0, endpoints: opts.openalgo?.endpoints ?? 1 },
  };
  check(o.clientId.length > 0 && o.clientSecret.length > 0, 'simulator clientId and clientSecret must be non-empty');
  check(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535, `simulator port must be an integer 0..65535, got ${o.port}`);
  check(typeof o.token === 'string' && o.token.length > 0 && !/\s/.test(o.token), 'simulator token must be a non-empty string without spaces');
  check(Number.isInteger(o.seed), `simulator seed must be an integer, got ${o.seed}`);
  check(Number.isFinite(o.rate) && o.rate >= 0 && o.rate <= 10_000_000, `simulator rate must be 0..10,000,000 ticks/s, got ${o.rate}`);
  check(Number.isFinite(o.idlePingMs) && o.idlePingMs >= 10, `simulator idlePingMs must be >= 10, got ${o.idlePingMs}`);
  check(Number.isInteger(o.openalgo.endpoints) && o.openalgo.endpoints >= 1 && o.openalgo.endpoints <= 8, `simulator openalgo.endpoints must be 1..8, got ${o.openalgo.endpoints}`);
  check(typeof o.openalgo.apiKey === 'string' && o.openalgo.apiKey.length > 0, 'simulator openalgo.apiKey must be non-empty');
  return o;
}

/** Starts the simulator in this process. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const o = validateOptions(opts);
  const now = opts.now ?? Date.now;
  const universe = buildUniverse(now(), holidays);
  const model = new MarketModel({ universe, seed: o.seed, rate: o.rate, startMs: now() });
  const start = backfillStart(model, o.seed);
  let backfilled: Tick[] | null = null;
  const hours = new MarketHours(o.hours);
  const injector = new Injector(model);
  const masterGz = await promisify(gzip)(JSON.stringify(instrumentMasterRecords(universe)));
  const server = new UpstoxFeedServer({
    host: o.host, port: o.port, token: o.token, model, masterGz, now, idlePingMs: o.idlePingMs,
    oauth: new SimOAuth({ clientId: o.clientId, clientSecret: o.clientSecret, redirectUris: o.redirectUris, now }),
    segmentStatus: hours.at(now()).state.segmentStatus,
    log: (m) => console.error(`[sim] ${m}`),
    shock: (underlying, pct) => model.shock(underlying, pct),
  });
  const port = await server.listen();
  const table = openAlgoSymbolTable(universe, model.byKey);
  const openalgo: OpenAlgoSimServer[] = [];
  const openalgoEndpoints: OpenAlgoSimEndpoint[] = [];
  try {
    for (let i = 0; i < o.openalgo.endpoints; i++) {
      const oa = new OpenAlgoSimServer({
        host: o.host, port: i === 0 ? o.openalgo.port : 0, apiKey: o.openalgo.apiKey, model, table, now, log: (m) => console.error(`[sim] ${m}`),
        ...(o.openalgo.authGraceMs !== undefined && { authGraceMs: o.openalgo.authGraceMs }), ...(o.openalgo.pingMs !== undefined && { pingMs: o.openalgo.pingMs }),
      });
      const p = await oa.listen();
      openalgo.push(oa);
      openalgoEndpoints.push({ hostUrl: `http://${o.host}:${p}`, wsUrl: `ws://${o.host}:${p}/ws`, apiKey: o.openalgo.apiKey });
    }
  } catch (err) {
    await Promise.all(openalgo.map((s) => s.close()));
    await server.close();
    throw err;
  }
  const live = new Set(openalgo);

  const elu0 = performance.eventLoopUtilization();
  const clock = startModelClock(model, {
    trading: () => {
      const { state, changed } = hours.at(now());
      if (changed) server.setMarketStatus(state.segmentStatus);
      return state.trading;
    },
    ticked: () => { injector.afterStep(); server.markTicked(); for (const oa of live) oa.markTicked(); },
    publish: () => { server.publish(); for (const oa of live) oa.publish(); },
  });

  const baseUrl = `http://${o.host}:${port}`;
  return {
    port,
    baseUrl,
    feedUrl: `ws://${o.host}:${port}${FEED_PATH}`,
    instrumentsUrl: `${baseUrl}${MASTER_PATHS[0]}`,
    token: o.token,
    dropConnections: async (how) => { for (const oa of live) oa.dropConnections(how); await server.dropConnections(how); },
    stall: (ms) => { server.stall(ms); for (const oa of live) oa.stall(ms); },
    openalgo: openalgoEndpoints,
    killOpenAlgo: async (index) => {
      const oa = openalgo[index];
      if (!oa) throw new RangeError(`no OpenAlgo endpoint ${index} (have ${openalgo.length})`);
      live.delete(oa);
      await oa.close();
    },
    openalgoStats: () => openalgo.map((oa) => oa.stats()),
    shock: (underlying, pct) => model.shock(underlying, pct),
    setHours: (template) => { hours.set(template); },
    backfill: () => (backfilled ??= backfillDay(model, start)),
    inject: (spec) => injector.add(spec),
    stats: () => ({ ...server.snapshotStats(), slotsSkipped: clock.slotsSkipped, modelTime: model.time, ticks: model.totalTicks, busy: performance.eventLoopUtilization(elu0).utilization }),
    close: async () => {
      clock.stop();
      await Promise.all([...live].map((oa) => oa.close()));
      live.clear();
      await server.close();
    },
  };
}

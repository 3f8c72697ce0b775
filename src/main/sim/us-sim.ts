// The simulator's second market: US options (SPY, QQQ, AAPL) and crypto perpetuals (BTC-PERP,
// ETH-PERP) from the same deterministic model as NSE (its own MarketModel over us-universe.ts, so
// the NSE market of a seed is unchanged), served on one port by two protocols: Massive (/options,
// /stocks and its REST reference/snapshot routes) and the Bluefin-shaped price stream (/ws/market).
// Runtime: node.
import usTemplate from '../../../resources/trading-hours/us-options.json' with { type: 'json' };
import { JsonWsServer, type JsonServerStats } from './json-ws-server.ts';
import { JsonStreamProtocol, JSON_STREAM_PATH } from './json-stream-protocol.ts';
import { MassiveProtocol, MASSIVE_OPTIONS_PATH, type MassiveStats } from './massive-protocol.ts';
import { MarketModel } from './model.ts';
import { startModelClock } from './model-clock.ts';
import { buildUsUniverse, CRYPTO_PERPS, US_UNDERLYINGS } from './us-universe.ts';

export interface UsSimOptions {
  host?: string;
  port?: number;
  seed?: number;
  /** Ticks per second over all US and crypto instruments, default 200. */
  rate?: number;
  /** The one Massive API key accepted, default 'sim-massive-key'. */
  apiKey?: string;
  now?: () => number;
  idlePingMs?: number;
}

export interface UsSimStats extends JsonServerStats, MassiveStats {
  unknownSubscriptions: number;
  ticks: number;
  modelTime: number;
}

export interface UsSimHandle {
  port: number;
  /** http://HOST:PORT: Massive's REST base (client-js `restClient(key, base)`). */
  baseUrl: string;
  /** ws://HOST:PORT: Massive's WebSocket base (client-js `websocketClient(key, base).options()` → /options). */
  massiveWsBase: string;
  /** ws://HOST:PORT/ws/market */
  jsonStreamUrl: string;
  apiKey: string;
  /** Drops connections (of one path, e.g. '/options', when given). */
  dropConnections(how?: { code?: number; reset?: boolean; path?: string }): Promise<void>;
  stall(ms: number): void;
  stats(): UsSimStats;
  close(): Promise<void>;
}

export const US_HOLIDAYS: ReadonlySet<string> = new Set(usTemplate.holidays.filter((h) => h.kind === 'full').map((h) => h.date));

export async function startUsSimulator(opts: UsSimOptions = {}): Promise<UsSimHandle> {
  const host = opts.host ?? '127.0.0.1';
  const now = opts.now ?? Date.now;
  const apiKey = opts.apiKey ?? 'sim-massive-key';
  const rate = opts.rate ?? 200;
  if (!(Number.isFinite(rate) && rate >= 0 && rate <= 1_000_000)) throw new RangeError(`US simulator rate must be 0..1,000,000 ticks/s, got ${rate}`);
  if (apiKey.length === 0 || /\s/.test(apiKey)) throw new RangeError('US simulator apiKey must be a non-empty string without spaces');
  const model = new MarketModel({ universe: buildUsUniverse(now(), US_HOLIDAYS), seed: opts.seed ?? 1, rate, startMs: now() });
  const massive = new MassiveProtocol({ model, apiKey, now, stockUnderlyings: US_UNDERLYINGS.length });
  const stream = new JsonStreamProtocol(model, CRYPTO_PERPS.map((p) => p.symbol));
  const server = new JsonWsServer({ protocols: [massive, stream], now, idlePingMs: opts.idlePingMs ?? 10_000, log: (m) => console.error(`[sim-us] ${m}`) });
  const port = await server.listen(host, opts.port ?? 0);
  const clock = startModelClock(model, { trading: () => true, ticked: () => server.ticked(), publish: () => server.publish() });
  return {
    port,
    baseUrl: `http://${host}:${port}`,
    massiveWsBase: `ws://${host}:${port}`,
    jsonStreamUrl: `ws://${host}:${port}${JSON_STREAM_PATH}`,
    apiKey,
    dropConnections: (how) => server.dropConnections(how),
    stall: (ms) => server.stall(ms),
    stats: () => ({ ...server.stats, ...massive.stats, unknownSubscriptions: stream.unknownSubscriptions, ticks: model.totalTicks, modelTime: model.time }),
    close: async () => { clock.stop(); await server.close(); },
  };
}

export { MASSIVE_OPTIONS_PATH, JSON_STREAM_PATH };

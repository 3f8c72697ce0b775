// Builds a running Optick from configuration: the market simulator (the default feed),
// the instrument master, the feed adapter and the engine. Both hosts start here.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../engine/engine.ts';
import { fetchUpstoxMaster } from '../engine/feeds/upstox/instrument-master-node.ts';
import { NSE_TIME_ZONE } from '../engine/feeds/upstox/instrument-master.ts';
import { UpstoxFeed } from '../engine/feeds/upstox/upstox-feed.ts';
import type { Logger } from '../engine/log.ts';
import { zonedDate } from '../engine/time/zoned.ts';
import { startSimulatorInWorker, type SimulatorHandle } from '../sim/index.ts';

export type FeedConfig =
  | { kind: 'sim'; seed?: number; rate?: number }
  | { kind: 'upstox'; feedUrl: string; instrumentsUrl: string; accessToken: string };

export interface OptickConfig {
  dataDir: string;
  feed: FeedConfig;
  underlyings: string[];
  flushMs?: number;
}

export interface OptickRuntime {
  engine: Engine;
  simulator: SimulatorHandle | null;
  stop(): Promise<void>;
}

export const DEFAULT_UNDERLYINGS = ['NIFTY', 'BANKNIFTY'];

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.OPTICK_DATA_DIR || join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'optick');
}

export async function startRuntime(config: OptickConfig, log: Logger): Promise<OptickRuntime> {
  let simulator: SimulatorHandle | null = null;
  let feedUrl: string, instrumentsUrl: string, accessToken: string;
  if (config.feed.kind === 'sim') {
    simulator = await startSimulatorInWorker({ seed: config.feed.seed, rate: config.feed.rate });
    ({ feedUrl, instrumentsUrl } = simulator);
    accessToken = simulator.token;
    log('info', `market simulator (Upstox V3 protocol) on ${simulator.baseUrl}, seed ${config.feed.seed ?? 1}`);
  } else {
    ({ feedUrl, instrumentsUrl, accessToken } = config.feed);
  }
  try {
    const registry = await fetchUpstoxMaster(instrumentsUrl, { underlyings: config.underlyings, today: zonedDate(Date.now(), NSE_TIME_ZONE) });
    log('info', `instrument master: ${registry.optionCount} options of ${registry.underlyings().map((u) => u.name).join(', ')}`);
    const feed = new UpstoxFeed({ feedUrl, accessToken, log: (level, msg) => log(level, msg) });
    const engine = new Engine({ feed, registry, flushMs: config.flushMs, log });
    engine.start();
    return {
      engine,
      simulator,
      stop: async () => {
        await engine.stop();
        await simulator?.close();
      },
    };
  } catch (err) {
    await simulator?.close();
    throw err;
  }
}

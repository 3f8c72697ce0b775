// What `optick serve --replay` runs on: the replay feed over <dataDir>/ticks.db and the registry
// rebuilt from the store. Fails with a clear error when there is nothing to replay.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplaySpeed } from '../../../../shared/replay.ts';
import { NSE_SESSION, type SessionSpec } from '../../candles/session.ts';
import type { InstrumentRegistry } from '../../instruments/registry.ts';
import type { Logger } from '../../log.ts';
import { TICKS_DB } from '../../history/history-service.ts';
import { ReplayError, ReplayFeed } from './replay-feed.ts';
import { replayRegistry } from './replay-registry.ts';

export interface ReplayConfig {
  from: number;
  to: number;
  speed?: ReplaySpeed;
  paused?: boolean;
}

export function openReplay(dataDir: string, config: ReplayConfig, session: SessionSpec = NSE_SESSION, log: Logger = () => {}): { feed: ReplayFeed; registry: InstrumentRegistry } {
  const file = join(dataDir, TICKS_DB);
  if (!existsSync(file)) throw new ReplayError(`nothing to replay: ${file} does not exist (record with optick serve, or optick import ticks)`);
  const feed = new ReplayFeed({ file, from: config.from, to: config.to, speed: config.speed ?? 1, paused: config.paused ?? false, session });
  try {
    const registry = replayRegistry(feed.instruments, file, session.timeZone, log);
    if (registry.underlyings().length === 0) throw new ReplayError(`nothing to replay: ${file} records no underlying`);
    log('info', `replay of ${file} ${new Date(config.from).toISOString()}..${new Date(config.to).toISOString()} at ${config.speed ?? 1}×: ${registry.underlyings().map((u) => u.name).join(', ')}, ${registry.optionCount} options`);
    return { feed, registry };
  } catch (err) {
    feed.close();
    throw err;
  }
}

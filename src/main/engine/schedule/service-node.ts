// Composition for a host: built-in templates + file store + scheduler + API handlers.
// The server host calls this with its data directory; the Electron host may do the same
// with its own TradingHoursRepository (electron-store) via createTradingHours.
import { join } from 'node:path';
import type { TradingHoursTemplate } from '../../../shared/trading-hours.ts';
import { tradingHoursApi } from './api.ts';
import { loadBuiltInTemplates } from './builtins-node.ts';
import { activeTemplate, type TradingHoursRepository } from './document.ts';
import { SessionScheduler, type FeedControl, type SchedulerLog, type SchedulerOptions } from './scheduler.ts';
import { TradingHoursFileStore } from './store-node.ts';

export const TRADING_HOURS_FILE = 'trading-hours.json';

export interface TradingHoursOptions {
  /** Defaults: the real clock and Node timers (unref'd so they never keep a process alive). */
  clock?: SchedulerOptions['clock'];
  timers?: SchedulerOptions['timers'];
  leadMinutes?: number;
  lagMinutes?: number;
  log?: SchedulerLog;
}

const nodeTimers: SchedulerOptions['timers'] = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Wires a repository to a scheduler and the API; feeds are added with addFeed, then start(). */
export function createTradingHours(store: TradingHoursRepository, builtIns: TradingHoursTemplate[], opts: TradingHoursOptions = {}) {
  const scheduler = new SessionScheduler({
    clock: opts.clock ?? { now: Date.now },
    timers: opts.timers ?? nodeTimers,
    ...(opts.leadMinutes !== undefined ? { leadMinutes: opts.leadMinutes } : {}),
    ...(opts.lagMinutes !== undefined ? { lagMinutes: opts.lagMinutes } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const api = tradingHoursApi({ store, scheduler, builtInIds: builtIns.map((t) => t.id) });
  return {
    store,
    scheduler,
    api,
    /** Puts a feed under its active template; throws when the document names none for it. */
    addFeed(feed: string, control: FeedControl): void {
      const t = activeTemplate(store.document(), feed);
      if (!t) throw new RangeError(`no trading-hours template is active for feed '${feed}'; activate one (hours.activate) first`);
      scheduler.setFeed(feed, t, control);
    },
  };
}

/** The server host's set-up: `<dataDir>/trading-hours.json` (+ .bak), built-ins from resources/. */
export function openTradingHours(dataDir: string, opts: TradingHoursOptions & { builtInDir?: string; repository?: (builtIns: TradingHoursTemplate[]) => TradingHoursRepository } = {}) {
  const builtIns = loadBuiltInTemplates(opts.builtInDir);
  const store = opts.repository?.(builtIns) ?? new TradingHoursFileStore(join(dataDir, TRADING_HOURS_FILE), builtIns, opts.log ? { log: opts.log } : {});
  return createTradingHours(store, builtIns, opts);
}

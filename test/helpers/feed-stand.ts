// A test stand for the feed boundary: a NIFTY registry (41 strikes around 17050), Optick's
// Upstox adapter connected to the hostile stand-in (hostile-upstox.ts) on loopback, the real
// engine, and (optionally) the real history service writing ticks.db in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeedShape } from '../../src/main/engine/feeds/upstox/proto.ts';
import type { OptionContract, Tick, UnderlyingInfo } from '../../src/shared/market.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { UpstoxFeed, type UpstoxFeedOptions } from '../../src/main/engine/feeds/upstox/upstox-feed.ts';
import { HistoryService } from '../../src/main/engine/history/history-service.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import type { Logger } from '../../src/main/engine/log.ts';
import { zonedDate } from '../../src/main/engine/time/zoned.ts';
import { indexFeed, liveFrame, optionFeed, startHostileFeed, type HostileFeed } from './hostile-upstox.ts';

export const NIFTY_KEY = 'NSE_INDEX|Nifty 50';
export const NIFTY: UnderlyingInfo = { name: 'NIFTY', key: NIFTY_KEY, exchange: 'NSE', strikeStep: 50, lotSize: 75, timeZone: 'Asia/Kolkata' };
export const STRIKES = Array.from({ length: 41 }, (_, i) => 16_050 + 50 * i);
export const SPOT = 17_050;

export function niftyRegistry(now = Date.now()): { registry: InstrumentRegistry; expiry: string; options: OptionContract[] } {
  const expiry = zonedDate(now + 7 * 86_400_000, NIFTY.timeZone);
  const options: OptionContract[] = [];
  STRIKES.forEach((strike, i) => {
    for (const side of ['CE', 'PE'] as const) {
      options.push({ key: `NSE_FO|${40_000 + 2 * i + (side === 'PE' ? 1 : 0)}`, symbol: `NIFTY${strike}${side}`, underlying: 'NIFTY', expiry, strike, side, lotSize: 75, tickSize: 0.05 });
    }
  });
  return { registry: new InstrumentRegistry([NIFTY], options), expiry, options };
}

/** A sane market: every option priced off SPOT, OI peaking at 17000 (calls) / 17100 (puts). */
export function cleanFeeds(options: readonly OptionContract[], ltt = Date.now(), bump = 0): Record<string, FeedShape> {
  const feeds: Record<string, FeedShape> = { [NIFTY_KEY]: indexFeed(SPOT + bump, ltt, 16_990) };
  for (const o of options) {
    const intrinsic = o.side === 'CE' ? Math.max(0, SPOT - o.strike) : Math.max(0, o.strike - SPOT);
    const ltp = Math.round((intrinsic + 40 + (o.strike % 100 === 0 ? 3 : 1)) * 20) / 20 + bump;
    const peak = o.side === 'CE' ? 17_000 : 17_100;
    const oi = 75 * Math.max(10, 2_000 - Math.abs(o.strike - peak) * 3);
    feeds[o.key] = optionFeed({ ltp, ltt, oi, vtt: 75 * 1_000, bid: ltp - 0.05, ask: ltp + 0.05 });
  }
  return feeds;
}

export interface FeedStand {
  server: HostileFeed;
  feed: UpstoxFeed;
  engine: Engine;
  history: HistoryService | null;
  options: OptionContract[];
  expiry: string;
  dataDir: string;
  /** Every tick the engine passed to its onTicks listeners (tick store, candles, alerts). */
  seen: Tick[];
  /** Sends frames and resolves once the engine has seen a NIFTY tick sent after them (frames are ordered). */
  sendAndSettle(...frames: Uint8Array[]): Promise<void>;
  close(): Promise<void>;
}

const MARKER = 1_000_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<number> {
  const t0 = performance.now();
  while (!(await cond())) {
    if (performance.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(5);
  }
  return performance.now() - t0;
}

export interface FeedStandOptions {
  record?: boolean;
  /** Keep every tick the listeners saw in `seen` (default true). */
  keepSeen?: boolean;
  feed?: Partial<UpstoxFeedOptions>;
  log?: Logger;
  /** Exchange time of sendAndSettle's marker tick (default: now). */
  markerLtt?: () => number;
}

export async function startFeedStand(opts: FeedStandOptions = {}): Promise<FeedStand> {
  const server = await startHostileFeed();
  const { registry, expiry, options } = niftyRegistry();
  const dataDir = mkdtempSync(join(tmpdir(), 'optick-feed-'));
  const feed = new UpstoxFeed({ feedUrl: server.url, accessToken: 'stand-token', minBackoffMs: 50, maxBackoffMs: 400, ...opts.feed });
  const engine = new Engine({ feed, registry, flushMs: 5, ...(opts.log && { log: opts.log }) });
  const history = opts.record ? await HistoryService.open({ dataDir, engine, store: { batchMs: 20 } }) : null;
  const seen: Tick[] = [];
  let marker = 0;
  let lastMarker = 0;
  engine.onTicks((ticks) => {
    for (const t of ticks) {
      if (opts.keepSeen !== false) seen.push(t);
      if (t.key === NIFTY_KEY && t.ltq !== undefined && t.ltq > MARKER) lastMarker = Math.max(lastMarker, t.ltq - MARKER);
    }
  });
  const close = async (): Promise<void> => {
    await engine.stop();
    await history?.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    engine.start('active');
    // The chain subscribes its underlying first and its strikes once it knows the spot.
    await until(() => server.subscribed.has(NIFTY_KEY), 'the underlying subscribed');
    await server.send(liveFrame({ [NIFTY_KEY]: indexFeed(SPOT) }));
    await until(() => server.subscribed.size === options.length + 1, 'every chain instrument subscribed');
  } catch (err) {
    await close();
    throw err;
  }
  return {
    server, feed, engine, history, options, expiry, dataDir, seen,
    async sendAndSettle(...frames) {
      for (const f of frames) await server.send(f);
      // The marker: a NIFTY tick at SPOT itself (the chain is unchanged) whose ltq numbers it.
      const n = ++marker;
      await server.send(liveFrame({ [NIFTY_KEY]: { requestMode: 0, ltpc: { ltp: SPOT, ltt: (opts.markerLtt ?? Date.now)(), ltq: MARKER + n } } }));
      await until(() => lastMarker >= n, `marker ${n} through the engine`);
    },
    close,
  };
}

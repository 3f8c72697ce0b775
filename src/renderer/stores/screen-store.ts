// The chain screen's state: a vanilla zustand store written by the chain session outside
// React; components read it with selectors. Rows are NOT here: they go to the grid directly.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ChainHead, MarketMetrics } from '../../shared/chain.ts';
import type { UnderlyingInfo } from '../../shared/market.ts';
import type { EngineStatus, FeedState } from '../../shared/status.ts';
import type { ConnectionInfo } from '../api/transport.ts';
import { PAGE_WINDOW_MS, type ScreenLatencyFigures } from './screen-latency.ts';

export interface ScreenState {
  host: 'electron' | 'browser';
  connection: ConnectionInfo;
  underlyings: UnderlyingInfo[];
  underlying: string | null;
  expiries: string[];
  expiry: string | null;
  /** True while a chain is being fetched (start, switch, re-watch). */
  loading: boolean;
  head: ChainHead | null;
  metrics: MarketMetrics | null;
  rowCount: number;
  status: EngineStatus | null;
  /** The latest failure shown to the trader, with its cause; null when all is well. */
  error: string | null;
  /** Socket → screen over the last minute, refreshed once a second (null before the first refresh). */
  latency: ScreenLatencyFigures | null;
}

export type ScreenStore = StoreApi<ScreenState>;

export function createScreenStore(host: ScreenState['host'], connection: ConnectionInfo): ScreenStore {
  return createStore<ScreenState>()(() => ({
    host, connection,
    underlyings: [], underlying: null, expiries: [], expiry: null,
    loading: true, head: null, metrics: null, rowCount: 0, status: null, error: null, latency: null,
  }));
}

/** Feed state of the shown underlying: its own line in the status, else the first feed's. */
export function feedStateOf(status: EngineStatus | null, underlying: string | null): FeedState | null {
  if (!status) return null;
  const own = status.underlyings.find((u) => u.underlying === underlying);
  return own?.feed_state ?? status.feeds[0]?.state ?? null;
}

/** The first feed message worth showing (a reason for a bad state), or null. */
export function feedMessageOf(status: EngineStatus | null): string | null {
  for (const feed of status?.feeds ?? []) if (feed.message) return `${feed.feed}: ${feed.message}`;
  return null;
}

/** The first feed falling behind (more than 1 s behind, or shedding), or null when all keep up. */
export function fallingBehindOf(status: EngineStatus | null): { feed: string; behindMs: number | null; shed: number } | null {
  for (const feed of status?.feeds ?? []) {
    if (feed.load?.falling_behind) return { feed: feed.feed, behindMs: feed.load.behind_ms, shed: feed.load.ticks_shed };
  }
  return null;
}

/** The page is behind when its own part (delta sent → painted) has a p99 over this in the last PAGE_WINDOW_MS, or a delta has waited this long unshown. */
export const PAGE_BEHIND_MS = 1000;

/** The page's own lag when it is behind (not the engine's: that is fallingBehindOf), or null when it keeps up. */
export function pageBehindOf(latency: ScreenLatencyFigures | null): { lagMs: number; windowMs: number } | null {
  if (!latency) return null;
  const lag = Math.max(latency.sent_to_painted_recent.p99 ?? 0, latency.oldest_waiting_ms ?? 0);
  return lag > PAGE_BEHIND_MS ? { lagMs: lag, windowMs: PAGE_WINDOW_MS } : null;
}

// The feed adapter contract: a venue connection that turns wire frames into Ticks.
// Subscriptions are declarative: the engine says which instruments it wants in which
// mode, the adapter works out sub/unsub/change_mode and re-sends them after reconnects.
import type { Tick } from '../../../shared/market.ts';
import type { AdapterStatus } from '../../../shared/status.ts';

/**
 * Venue-neutral data depth: quote = best level, depth = book levels (5 at Upstox), depth30 = the
 * deepest book the venue streams (Upstox full_d30, 30 levels; the order ticket's contract only).
 * Adapters map these to venue modes; a venue without a deeper book gives its 'depth' for depth30.
 */
export type FeedMode = 'ltp' | 'quote' | 'depth' | 'depth30';

export interface FeedListener {
  /** Decoded ticks of one frame, in frame order. */
  onTicks(ticks: readonly Tick[]): void;
  /** Connection state or counters changed in a way the UI should show soon. */
  onStatus?(status: AdapterStatus): void;
}

export interface FeedAdapter {
  readonly id: string;
  /** Connects (and keeps reconnecting) until stop(). */
  start(listener: FeedListener): void;
  stop(): Promise<void>;
  /** The full set of wanted instruments and modes; replaces the previous set. */
  setSubscriptions(wanted: ReadonlyMap<string, FeedMode>): void;
  /** The adapter's own counters; the feed boundary (ValidatedFeed) adds the tick-check counters. */
  status(): AdapterStatus;
  /** Null when the venue takes this plan, else why not (its per-mode limits); absent = no limits of its own. */
  planProblem?(plan: ReadonlyMap<string, FeedMode>): string | null;
  /**
   * Downstream back-pressure: while `congested()` is true the adapter decodes nothing and lets its
   * frames wait (bounded: it pauses its socket), so a slow tick store slows the feed instead of
   * dropping ticks. Absent = the adapter has no frame queue of its own.
   */
  holdWhile?(congested: (() => boolean) | null): void;
}

export class FeedError extends Error {
  readonly feed: string;
  constructor(feed: string, message: string, options?: { cause?: unknown }) {
    super(`${feed}: ${message}`, options);
    this.name = 'FeedError';
    this.feed = feed;
  }
}

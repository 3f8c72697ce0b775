// A feed adapter that never connects and takes any plan: for tests and benches that feed the engine by hand.
import type { FeedAdapter, FeedListener, FeedMode } from '../../src/main/engine/feeds/feed.ts';
import { UpstoxFeed } from '../../src/main/engine/feeds/upstox/upstox-feed.ts';
import type { AdapterStatus } from '../../src/shared/status.ts';

export class HandFeed implements FeedAdapter {
  readonly id: string;
  constructor(id = 'hand') { this.id = id; }
  start(): void {}
  async stop(): Promise<void> {}
  setSubscriptions(_w: ReadonlyMap<string, FeedMode>): void {}
  status(): AdapterStatus {
    return { feed: this.id, state: 'connected', message: null, subscribed: {}, frames_received: 0, ticks_received: 0, ticks_processed: 0, ticks_dropped: 0, decode_errors: 0, reconnects: 0, last_tick_age_ms: null, segments: {} };
  }
}

/** An Upstox adapter that never connects: records every plan the engine sets and reports the real adapter's status (limits, modes). */
export class RecordingUpstox implements FeedAdapter {
  readonly id = 'upstox';
  readonly inner = new UpstoxFeed({ feedUrl: 'ws://127.0.0.1:9/unused', accessToken: null });
  readonly plans: Map<string, FeedMode>[] = [];
  /** The latest plan. */
  get last(): Map<string, FeedMode> { return this.plans.at(-1) ?? new Map(); }
  start(_l: FeedListener): void {}
  async stop(): Promise<void> {}
  setSubscriptions(wanted: ReadonlyMap<string, FeedMode>): void { this.plans.push(new Map(wanted)); this.inner.setSubscriptions(wanted); }
  status() { return this.inner.status(); }
}

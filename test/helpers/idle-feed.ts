// A feed adapter that never connects and takes any plan: for tests that feed the engine by hand.
import type { FeedAdapter, FeedMode } from '../../src/main/engine/feeds/feed.ts';
import type { AdapterStatus } from '../../src/shared/status.ts';

export class HandFeed implements FeedAdapter {
  readonly id = 'hand';
  start(): void {}
  async stop(): Promise<void> {}
  setSubscriptions(_w: ReadonlyMap<string, FeedMode>): void {}
  status(): AdapterStatus {
    return { feed: 'hand', state: 'connected', message: null, subscribed: {}, frames_received: 0, ticks_received: 0, ticks_processed: 0, ticks_dropped: 0, decode_errors: 0, reconnects: 0, last_tick_age_ms: null, segments: {} };
  }
}

// Health of feeds and the engine, as the status bar and /api/option-chain/status show it.

export type FeedState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stalled' | 'disconnected' | 'error';

export interface FeedStatus {
  /** Feed id, e.g. 'upstox'. */
  feed: string;
  state: FeedState;
  /** Last error or notice, human-readable, with the cause. */
  message: string | null;
  /** Subscribed instruments by mode, e.g. { full: 83 }. */
  subscribed: Record<string, number>;
  frames_received: number;
  ticks_received: number;
  ticks_processed: number;
  ticks_dropped: number;
  decode_errors: number;
  reconnects: number;
  /** Milliseconds since the last frame, null before the first. */
  last_tick_age_ms: number | null;
  /** Segment status from the venue (Upstox market_info), e.g. { NSE_FO: 'NORMAL_OPEN' }. */
  segments: Record<string, string>;
}

export interface UnderlyingStatus {
  underlying: string;
  feed: string;
  feed_state: FeedState;
  subscribed: Record<string, number>;
  ticks_received: number;
  ticks_processed: number;
  ticks_dropped: number;
  decode_errors: number;
  last_tick_age_ms: number | null;
  uptime_ms: number;
}

export interface EngineStatus {
  uptime_ms: number;
  /** Ticks processed per second over the last few seconds. */
  ticks_per_s: number;
  feeds: FeedStatus[];
  underlyings: UnderlyingStatus[];
}

// Health of feeds and the engine, as the status bar and /api/option-chain/status show it.
import type { LatencySummary } from './latency.ts';

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
  /**
   * Ticks refused at the feed boundary, by reason (never stored, shown or passed on), e.g.
   * { price_not_finite: 3, unknown_instrument: 400000 }. Reasons: unknown_instrument,
   * price_not_finite, price_negative, price_too_high, quantity_not_integer, quantity_negative,
   * quantity_too_high, time_not_finite, time_in_future, time_stale.
   */
  rejected: Record<string, number>;
  /** Side fields removed from otherwise good ticks, by field (prev_close, atp, total_buy_qty, total_sell_qty, broker_iv, broker_greeks). */
  fields_dropped: Record<string, number>;
  /** Ticks whose best bid was above the best ask: kept, flagged `crossed`. */
  crossed_quotes: number;
  /** The endpoint (server/account) in use, for a feed that lists several (failover); absent otherwise. */
  endpoint?: string;
  /** Switches between endpoints since start (failover, and back when switch-back is on). */
  failovers?: number;
  /** Whole frames refused, by reason: too_large (over the socket's maxPayload; the connection is closed and re-opened), undecodable, text_frame, websocket_protocol (a malformed WebSocket frame; closed and re-opened). */
  frames_rejected: Record<string, number>;
  /** The engine's part of the latency: socket receive → delta sent, ms, over the last minute (set by the engine). */
  engine_latency_ms?: LatencySummary;
  /** How far behind the engine is with this feed (set by the engine; frame counts by feeds that queue frames). */
  load?: FeedLoad;
}

/** Overload, never silent: what waits, how old it is, and what was shed to catch up. */
export interface FeedLoad {
  /** Frames received from the socket, not yet decoded. */
  frames_waiting: number;
  /** Age of the oldest of them, ms (null when none waits). */
  oldest_frame_age_ms: number | null;
  /** How far behind the engine is, ms: the older of the oldest waiting frame and the last processed batch's lag. */
  behind_ms: number;
  /** The engine thread's event-loop delay, p99 over the last status period, ms (null when not measured). */
  event_loop_delay_p99_ms: number | null;
  /** Ticks handed to the tick store's writer and not yet committed (null without a store). */
  writer_queue_depth: number | null;
  /** Ticks shed to catch up, in total (intermediate quotes of one instrument coalesced into its latest). */
  ticks_shed: number;
  /** True while more than 1 s behind, or when ticks were shed in the last 10 s: the UI shows "falling behind". */
  falling_behind: boolean;
  /** Back-pressure (feeds whose queue pauses its socket: Upstox): bytes of frames waiting, socket pauses, turns held for the tick store's writer. */
  bytes_waiting?: number;
  socket_pauses?: number;
  held_turns?: number;
}

/** What an adapter reports itself; the feed boundary adds the tick counters. */
export type AdapterStatus = Omit<FeedStatus, 'rejected' | 'fields_dropped' | 'crossed_quotes' | 'frames_rejected' | 'load'> & {
  frames_rejected?: Record<string, number>;
  /** Feeds that queue frames before decoding report the queue (the engine turns it into `load`). */
  queue?: FrameQueueStatus;
};

/** A feed's queue of received, undecoded frames (feeds/common/frame-queue.ts). */
export interface FrameQueueStatus {
  frames_waiting: number;
  oldest_frame_age_ms: number | null;
  ticks_shed: number;
  /** How long ago ticks were last shed, ms; null before any. */
  last_shed_age_ms: number | null;
  /** How far behind the last batch was when the engine had processed it (its oldest frame's age then), ms, if that was within 2 s; else 0. */
  last_batch_lag_ms: number;
  /** Bytes of frames waiting; the socket is paused above the queue's maxBytes (16 MiB) until below half of it. */
  bytes_waiting?: number;
  /** Times reading the socket was paused because the queue was full. */
  socket_pauses?: number;
  /** Event-loop turns the queue held its frames because the tick store's writer queue was congested. */
  held_turns?: number;
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
  /** Problems the trader must know about (a corrupt config file, history off, …); the UI shows them as a banner. */
  notices: Notice[];
  /** Which open chains stream every strike of their expiry (whole-expiry metrics) and which were cut back to ATM±window. */
  subscription_plan?: SubscriptionPlanStatus;
}

export interface SubscriptionPlanStatus {
  /** Chain ids ('NIFTY|2026-12-29') whose every strike is subscribed. */
  whole_expiry: string[];
  /** Chain ids cut back to the strikes around ATM because their whole expiry would pass a feed limit. */
  cut: string[];
  /** The limit that forced the first cut, e.g. "Upstox allows 2000 instruments in 'option_greeks' mode when modes are mixed; …"; null when none. */
  reason: string | null;
}

export type NoticeSeverity = 'error' | 'warning' | 'info';

/**
 * One standing problem, owned by the part that found it (e.g. 'trading-hours', 'upstox-settings',
 * 'secrets', 'api-token', 'history'). It stays until that part clears it by id.
 */
export interface Notice {
  /** Stable id, e.g. 'trading-hours:file'; raising the same id again replaces the notice. */
  id: string;
  severity: NoticeSeverity;
  source: string;
  /** What is wrong, with the cause. */
  message: string;
  /** The file concerned, absolute path. */
  file?: string;
  /** What the user should do about it. */
  action?: string;
  /** When it was raised (ms since the epoch). */
  since: number;
}

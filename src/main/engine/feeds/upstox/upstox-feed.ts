// Upstox Market Data Feed V3 session: connect with the Bearer token (following the 302 to the
// feeder), keep the wanted subscriptions in Upstox modes, decode protobuf frames into Ticks.
// The connection itself — reconnect with backoff, stall detection, frame cap, refused-frame
// counts — is the shared common/feed-connection.ts; one connection per account, never two.
// Ticks are checked by the feed boundary (validated-feed.ts) the engine puts around every feed.
// Runtime: node (ws).
import { randomUUID } from 'node:crypto';
import type { AdapterStatus } from '../../../../shared/status.ts';
import type { UpstoxFeedInfo } from '../../../../shared/upstox.ts';
import type { FeedAdapter, FeedListener, FeedMode } from '../feed.ts';
import { FeedConnection, DEFAULT_MAX_PAYLOAD, type FeedEndpoint } from '../common/feed-connection.ts';
import { chunks, countByMode, diffSubscriptions } from '../common/subscription-diff.ts';
import { feedFrameQueue, type FrameQueue, type FrameQueueTuning } from '../common/frame-queue.ts';
import { decodeUpstoxFrame } from './decode.ts';
import { checkUpstoxLimits, modeUsage, type UpstoxMode } from './limits.ts';
import { UPSTOX_MODE_OF, upstoxPlanProblem } from './mode-plan.ts';

export interface UpstoxFeedOptions {
  /** Feed id in status (default 'upstox'; the simulator's feed beside another Upstox-protocol feed is 'sim'). */
  id?: string;
  /** Feed entry URL, e.g. wss://api.upstox.com/v3/feed/market-data-feed. */
  feedUrl: string;
  /** Null until someone logs in: the feed then waits in state 'error' for setAccessToken. */
  accessToken: string | null;
  now?: () => number;
  /** Frames and pings both absent this long (during a session) = stalled; default 30 s. */
  stallMs?: number;
  /** Stall detection runs only while this says the market is in session (default: always). */
  isInSession?: () => boolean;
  /** The handshake was refused with 401/403: the token is dead, a new login is needed. */
  onAuthRejected?: (httpStatus: number) => void;
  /** First reconnect delay; doubles up to maxBackoffMs, with jitter. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A connection delivering ticks this long resets the reconnect delays to minBackoffMs. Default 30 s. */
  healthyMs?: number;
  /** Largest frame accepted, bytes (after decompression); a bigger one closes the connection. Default 4 MiB. */
  maxPayload?: number;
  /** The frame queue's tuning (benchmarks: behindMs Infinity measures the ceiling with nothing shed). */
  queue?: FrameQueueTuning;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export { upstoxPlanProblem };
/** Keys per subscription request, to keep frames small. */
const KEYS_PER_REQUEST = 500;
/** Default frame cap: a full-depth frame of every subscribable instrument is well under 1 MiB. */
export const UPSTOX_MAX_PAYLOAD = DEFAULT_MAX_PAYLOAD;

export class UpstoxFeed implements FeedAdapter {
  readonly id: string;
  readonly #conn: FeedConnection<FeedEndpoint>;
  /** Received frames waiting to be decoded (how far behind the engine is). */
  readonly #queue: FrameQueue;
  readonly #log: UpstoxFeedOptions['log'];
  readonly #now: () => number;
  #token: string | null;
  #refused: string | null = null;
  #listener: FeedListener | null = null;
  /** What the engine wants, in Upstox modes. */
  #wanted = new Map<string, UpstoxMode>();
  /** What the open connection has been sent. */
  #sent = new Map<string, UpstoxMode>();
  #segments: Record<string, string> = {};
  #ticks = 0;
  #decodeNs = 0n;
  #feedsDecoded = 0;

  constructor(opts: UpstoxFeedOptions) {
    this.id = opts.id ?? 'upstox';
    this.#token = opts.accessToken;
    this.#log = opts.log;
    this.#now = opts.now ?? Date.now;
    this.#queue = feedFrameQueue({
      feed: this.id, log: this.#log, tuning: opts.queue,
      decode: (f) => this.#onFrame(f.data, f.isBinary, f.receiveTs, f.receiveMono),
      listener: () => this.#listener, connection: () => this.#conn,
    });
    this.#conn = new FeedConnection([{ label: opts.feedUrl }], {
      dial: () => this.#token === null
        ? { cannot: 'not logged in to Upstox: log in to connect the feed' }
        : { url: opts.feedUrl, options: { headers: { Authorization: `Bearer ${this.#token}` }, followRedirects: true, maxRedirects: 3 } },
      opened: () => this.#sync(),
      frame: (data, isBinary, receiveTs, receiveMono) => this.#queue.push(data, isBinary, receiveTs, receiveMono),
      closed: () => { this.#sent = new Map(); },
      changed: () => this.#emitStatus(),
      rejected: (_endpoint, code) => {
        opts.onAuthRejected?.(code);
        return `access token rejected by the feed (HTTP ${code}); log in again`;
      },
    }, {
      feed: this.id, now: this.#now, stallMs: opts.stallMs ?? 30_000, maxPayload: opts.maxPayload ?? UPSTOX_MAX_PAYLOAD,
      ...(opts.isInSession && { isInSession: opts.isInSession }), ...(opts.log && { log: opts.log }),
      ...(opts.minBackoffMs !== undefined && { minBackoffMs: opts.minBackoffMs }), ...(opts.maxBackoffMs !== undefined && { maxBackoffMs: opts.maxBackoffMs }),
      ...(opts.healthyMs !== undefined && { healthyMs: opts.healthyMs }),
    });
  }

  /**
   * A new access token (after a login) or none (logout). A started feed drops its connection
   * and connects with the new token at once: one connection per account, never two.
   */
  setAccessToken(token: string | null): void {
    this.#token = token;
    if (this.#listener === null) return; // never started: start() will use it
    this.#conn.restart();
  }

  /** Downstream back-pressure (the tick store's writer queue): frames wait while it says so. */
  holdWhile(congested: (() => boolean) | null): void {
    this.#queue.holdWhile(congested);
  }

  start(listener: FeedListener): void {
    this.#listener = listener;
    this.#conn.start();
  }

  stop(): Promise<void> {
    this.#queue.clear();
    return this.#conn.stop();
  }

  planProblem(plan: ReadonlyMap<string, FeedMode>): string | null {
    return upstoxPlanProblem(plan);
  }

  setSubscriptions(wanted: ReadonlyMap<string, FeedMode>): void {
    const next = new Map<string, UpstoxMode>();
    for (const [key, mode] of wanted) next.set(key, UPSTOX_MODE_OF[mode]);
    const tooMany = checkUpstoxLimits(countByMode(next));
    if (tooMany) {
      // Refuse the whole plan rather than send something Upstox would reject.
      this.#refused = `subscription plan refused: ${tooMany}`;
      this.#log?.('error', `${this.id}: ${this.#refused}`);
      this.#conn.note(this.#refused);
      return;
    }
    this.#refused = null;
    this.#wanted = next;
    this.#sync();
  }

  status(): AdapterStatus {
    const c = this.#conn;
    return {
      feed: this.id,
      state: c.state,
      message: c.message,
      subscribed: countByMode(this.#sent),
      frames_received: c.frames,
      ticks_received: this.#ticks,
      ticks_processed: this.#ticks,
      ticks_dropped: 0,
      decode_errors: (c.framesRejected.undecodable ?? 0) + (c.framesRejected.text_frame ?? 0),
      reconnects: c.reconnects,
      last_tick_age_ms: c.lastFrameAt === null ? null : Math.max(0, this.#now() - c.lastFrameAt),
      segments: { ...this.#segments },
      frames_rejected: { ...c.framesRejected },
      queue: this.#queue.status(),
    };
  }

  /** What a connection panel shows beyond FeedStatus. */
  info(): UpstoxFeedInfo {
    const c = this.#conn;
    const now = this.#now();
    return {
      state: c.state,
      message: c.message,
      reconnects: c.reconnects,
      stalls: c.stalls,
      last_frame_age_ms: c.lastFrameAt === null ? null : Math.max(0, now - c.lastFrameAt),
      last_activity_age_ms: c.lastActivityAt === null ? null : Math.max(0, now - c.lastActivityAt),
      connected_since: c.connectedAt,
      subscriptions: modeUsage(countByMode(this.#sent)),
      refused_plan: this.#refused,
      segments: { ...this.#segments },
      stall_ms: c.stallMs,
    };
  }

  /** Decode cost so far: nanoseconds spent decoding and instrument feeds decoded. */
  decodeCost(): { ns: number; feeds: number } {
    return { ns: Number(this.#decodeNs), feeds: this.#feedsDecoded };
  }

  #onFrame(data: Buffer, isBinary: boolean, receiveTs: number, receiveMono: number): void {
    if (!isBinary) {
      this.#conn.countFrame('text_frame', 'text frame where protobuf was expected');
      return;
    }
    let frame;
    const t0 = process.hrtime.bigint();
    try {
      frame = decodeUpstoxFrame(data, receiveTs);
    } catch (err) {
      this.#conn.countFrame('undecodable', (err as Error).message);
      return;
    }
    this.#decodeNs += process.hrtime.bigint() - t0;
    this.#feedsDecoded += frame.ticks.length;
    for (const t of frame.ticks) t.receiveMono = receiveMono;
    if (frame.segments) {
      this.#segments = { ...this.#segments, ...frame.segments };
      this.#emitStatus();
    }
    if (frame.ticks.length) {
      this.#ticks += frame.ticks.length;
      this.#conn.delivered();
      this.#queue.collect(frame.ticks);
    }
  }

  /** Sends what differs between the wanted and the sent subscriptions. */
  #sync(): void {
    const ws = this.#conn.socket;
    if (!ws) return;
    const diff = diffSubscriptions(this.#wanted, this.#sent);
    const send = (method: 'sub' | 'unsub' | 'change_mode', mode: UpstoxMode | undefined, instrumentKeys: string[]): void => {
      const data = mode ? { mode, instrumentKeys } : { instrumentKeys };
      // Upstox wants subscription requests as binary frames holding JSON.
      ws.send(Buffer.from(JSON.stringify({ guid: randomUUID(), method, data })), { binary: true });
    };
    for (const keys of chunks([...diff.unsubscribe.values()].flat(), KEYS_PER_REQUEST)) send('unsub', undefined, keys);
    for (const [method, bucket] of [['sub', diff.subscribe], ['change_mode', diff.change]] as const) {
      for (const [mode, keys] of bucket) for (const part of chunks(keys, KEYS_PER_REQUEST)) send(method, mode, part);
    }
    this.#sent = new Map(this.#wanted);
    this.#emitStatus();
  }

  #emitStatus(): void {
    this.#listener?.onStatus?.(this.status());
  }
}

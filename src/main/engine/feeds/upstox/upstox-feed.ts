// Upstox Market Data Feed V3 client: connect (Bearer token, following the 302 to the
// feeder), keep the wanted subscriptions, decode frames into Ticks, reconnect with
// backoff and jitter (reconnect-backoff.ts); a feed silent (no frames, no pings) for stallMs
// during market hours is dropped and reconnected. A frame over maxPayload closes the connection
// (counted, then reconnected), so one frame can never cost more than that in memory or work.
// Ticks are checked by the feed boundary (validated-feed.ts) the engine puts around every feed.
// Runtime: node (ws).
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { monoNow } from '../../../../shared/latency.ts';
import type { AdapterStatus, FeedState } from '../../../../shared/status.ts';
import type { UpstoxFeedInfo } from '../../../../shared/upstox.ts';
import type { FeedAdapter, FeedListener, FeedMode } from '../feed.ts';
import { RateLimitedLog } from '../rate-limited-log.ts';
import { ReconnectBackoff } from '../reconnect-backoff.ts';
import { decodeUpstoxFrame } from './decode.ts';
import { checkUpstoxLimits, modeUsage, type UpstoxMode } from './limits.ts';
import { UPSTOX_MODE_OF, upstoxPlanProblem } from './mode-plan.ts';
import { isStalled, stallCheckEveryMs } from './stall.ts';

export interface UpstoxFeedOptions {
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
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}


const MODE_OF: Readonly<Record<FeedMode, UpstoxMode>> = UPSTOX_MODE_OF;

/** Null when Upstox takes this plan; else why not (what setSubscriptions refuses a plan with). */
export { upstoxPlanProblem };
/** Keys per subscription request, to keep frames small. */
const KEYS_PER_REQUEST = 500;
/** Default frame cap: a full-depth frame of every subscribable instrument is well under 1 MiB. */
export const UPSTOX_MAX_PAYLOAD = 4 * 1024 * 1024;

export class UpstoxFeed implements FeedAdapter {
  readonly id = 'upstox';
  readonly #opts: Required<Omit<UpstoxFeedOptions, 'log' | 'onAuthRejected'>> & Pick<UpstoxFeedOptions, 'log' | 'onAuthRejected'>;
  #token: string | null;
  #stallTimer: NodeJS.Timeout | null = null;
  #connectedAt: number | null = null;
  #lastActivityAt: number | null = null;
  #stalls = 0;
  #refused: string | null = null;
  #listener: FeedListener | null = null;
  #ws: WebSocket | null = null;
  #state: FeedState = 'idle';
  #message: string | null = null;
  #stopped = true;
  #retryTimer: NodeJS.Timeout | null = null;
  readonly #backoff: ReconnectBackoff;
  readonly #frameLog: RateLimitedLog;
  readonly #framesRejected: Record<string, number> = {};
  /** What the engine wants, in Upstox modes. */
  #wanted = new Map<string, UpstoxMode>();
  /** What the open connection has been sent. */
  #sent = new Map<string, UpstoxMode>();
  #segments: Record<string, string> = {};
  #frames = 0;
  #ticks = 0;
  #reconnects = 0;
  #lastFrameAt: number | null = null;
  #decodeNs = 0n;
  #feedsDecoded = 0;

  constructor(opts: UpstoxFeedOptions) {
    this.#opts = {
      now: Date.now, minBackoffMs: 500, maxBackoffMs: 30_000, healthyMs: 30_000, stallMs: 30_000, maxPayload: UPSTOX_MAX_PAYLOAD, isInSession: () => true, ...opts,
    };
    if (!(this.#opts.stallMs >= 10)) throw new RangeError(`upstox: stallMs must be >= 10 ms, got ${this.#opts.stallMs}`);
    if (!(this.#opts.maxPayload >= 1024)) throw new RangeError(`upstox: maxPayload must be >= 1024 bytes, got ${this.#opts.maxPayload}`);
    this.#backoff = new ReconnectBackoff({ minMs: this.#opts.minBackoffMs, maxMs: this.#opts.maxBackoffMs, healthyMs: this.#opts.healthyMs, now: this.#opts.now });
    this.#frameLog = new RateLimitedLog(opts.log, 'upstox: skipped frames, ');
    this.#token = opts.accessToken;
  }

  /**
   * A new access token (after a login) or none (logout). A started feed drops its connection
   * and connects with the new token at once: one connection per account, never two.
   */
  setAccessToken(token: string | null): void {
    this.#token = token;
    if (this.#listener === null) return; // never started: start() will use it
    const wasRunning = !this.#stopped || this.#state === 'error';
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const ws = this.#ws;
    this.#ws = null;
    this.#sent = new Map();
    this.#stopStallWatch();
    ws?.terminate();
    if (!wasRunning) return;
    this.#stopped = false;
    this.#backoff.reset();
    this.#connect();
  }

  start(listener: FeedListener): void {
    this.#listener = listener;
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#backoff.reset();
    this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#stopStallWatch();
    const ws = this.#ws;
    this.#ws = null;
    this.#setState('disconnected', 'stopped');
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(1000, 'client stop');
        setTimeout(() => { ws.terminate(); resolve(); }, 1000).unref();
      });
    }
  }

  setSubscriptions(wanted: ReadonlyMap<string, FeedMode>): void {
    const next = new Map<string, UpstoxMode>();
    const counts: Partial<Record<UpstoxMode, number>> = {};
    for (const [key, mode] of wanted) {
      const m = MODE_OF[mode];
      next.set(key, m);
      counts[m] = (counts[m] ?? 0) + 1;
    }
    const tooMany = checkUpstoxLimits(counts);
    if (tooMany) {
      // Refuse the whole plan rather than send something Upstox would reject.
      this.#message = `subscription plan refused: ${tooMany}`;
      this.#refused = this.#message;
      this.#opts.log?.('error', `upstox: ${this.#message}`);
      this.#emitStatus();
      return;
    }
    this.#refused = null;
    this.#wanted = next;
    if (this.#ws?.readyState === WebSocket.OPEN) this.#sync();
  }

  status(): AdapterStatus {
    const subscribed: Record<string, number> = {};
    for (const m of this.#sent.values()) subscribed[m] = (subscribed[m] ?? 0) + 1;
    return {
      feed: this.id,
      state: this.#state,
      message: this.#message,
      subscribed,
      frames_received: this.#frames,
      ticks_received: this.#ticks,
      ticks_processed: this.#ticks,
      ticks_dropped: 0,
      decode_errors: (this.#framesRejected.undecodable ?? 0) + (this.#framesRejected.text_frame ?? 0),
      reconnects: this.#reconnects,
      last_tick_age_ms: this.#lastFrameAt === null ? null : Math.max(0, this.#opts.now() - this.#lastFrameAt),
      segments: { ...this.#segments },
      frames_rejected: { ...this.#framesRejected },
    };
  }

  /** What a connection panel shows beyond FeedStatus. */
  info(): UpstoxFeedInfo {
    const now = this.#opts.now();
    const counts: Partial<Record<UpstoxMode, number>> = {};
    for (const m of this.#sent.values()) counts[m] = (counts[m] ?? 0) + 1;
    return {
      state: this.#state,
      message: this.#message,
      reconnects: this.#reconnects,
      stalls: this.#stalls,
      last_frame_age_ms: this.#lastFrameAt === null ? null : Math.max(0, now - this.#lastFrameAt),
      last_activity_age_ms: this.#lastActivityAt === null ? null : Math.max(0, now - this.#lastActivityAt),
      connected_since: this.#connectedAt,
      subscriptions: modeUsage(counts),
      refused_plan: this.#refused,
      segments: { ...this.#segments },
      stall_ms: this.#opts.stallMs,
    };
  }

  /** Decode cost so far: nanoseconds spent decoding and instrument feeds decoded. */
  decodeCost(): { ns: number; feeds: number } {
    return { ns: Number(this.#decodeNs), feeds: this.#feedsDecoded };
  }

  #connect(): void {
    if (this.#stopped) return;
    const token = this.#token;
    if (token === null) {
      this.#stopped = true;
      this.#setState('error', 'not logged in to Upstox: log in to connect the feed');
      return;
    }
    this.#setState(this.#backoff.attempt === 0 ? 'connecting' : 'reconnecting', null);
    const ws = new WebSocket(this.#opts.feedUrl, {
      headers: { Authorization: `Bearer ${token}` },
      followRedirects: true,
      maxRedirects: 3,
      maxPayload: this.#opts.maxPayload,
    });
    ws.binaryType = 'nodebuffer';
    this.#ws = ws;
    this.#sent = new Map();
    ws.on('open', () => {
      // Not healthy yet: the delays start over only after ticks have flowed for healthyMs.
      this.#backoff.opened();
      this.#connectedAt = this.#opts.now();
      this.#setState('connected', null);
      this.#startStallWatch(ws);
      this.#sync();
    });
    ws.on('ping', () => { this.#lastActivityAt = this.#opts.now(); });
    ws.on('message', (data: Buffer, isBinary: boolean) => this.#onFrame(data, isBinary));
    ws.on('unexpected-response', (_req, res) => {
      const code = res.statusCode ?? 0;
      if (code === 401 || code === 403) {
        // A rejected token will not get better by retrying: stop and ask for a new login.
        this.#stopped = true;
        this.#setState('error', `access token rejected by the feed (HTTP ${code}); log in again`);
        this.#opts.onAuthRejected?.(code);
      } else {
        this.#message = `feed handshake failed: HTTP ${code}`;
      }
      ws.terminate();
    });
    ws.on('error', (err: Error & { code?: string }) => {
      if (this.#stopped && this.#state === 'error') return; // the 401/403 message says more
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        // ws has started a close (1009); do not wait up to 30 s for a hostile peer to answer it.
        // 'close' then schedules the reconnect.
        this.#countFrame('too_large', `frame over the ${this.#opts.maxPayload}-byte limit; connection closed and re-opened`);
        this.#message = `feed sent a frame over ${this.#opts.maxPayload} bytes; reconnecting`;
        ws.terminate();
        return;
      }
      if (err.code?.startsWith('WS_ERR_')) {
        this.#countFrame('websocket_protocol', err.message);
        ws.terminate();
      }
      this.#message = `feed connection error: ${err.message}`;
      this.#opts.log?.('warn', `upstox: ${this.#message}`);
    });
    ws.on('close', (code, reason) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#sent = new Map();
      this.#stopStallWatch();
      if (this.#stopped) {
        if (this.#state !== 'error') this.#setState('disconnected', null);
        return;
      }
      this.#scheduleReconnect(`feed closed (code ${code}${reason.length ? `, ${reason.toString()}` : ''})`);
    });
  }

  #scheduleReconnect(why: string): void {
    const delay = this.#backoff.nextDelay();
    this.#reconnects++;
    this.#setState('reconnecting', `${why}; retrying in ${delay} ms`);
    this.#opts.log?.('warn', `upstox: ${why}; reconnect attempt ${this.#backoff.attempt} in ${delay} ms`);
    this.#retryTimer = setTimeout(() => { this.#retryTimer = null; this.#connect(); }, delay);
  }

  #onFrame(data: Buffer, isBinary: boolean): void {
    const receiveMono = monoNow();
    const receiveTs = this.#opts.now();
    this.#frames++;
    this.#lastFrameAt = receiveTs;
    this.#lastActivityAt = receiveTs;
    if (!isBinary) {
      this.#countFrame('text_frame', 'text frame where protobuf was expected');
      return;
    }
    let frame;
    const t0 = process.hrtime.bigint();
    try {
      frame = decodeUpstoxFrame(data, receiveTs);
    } catch (err) {
      this.#countFrame('undecodable', (err as Error).message);
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
      this.#backoff.delivered();
      try {
        this.#listener?.onTicks(frame.ticks);
      } catch (err) {
        // A consumer bug must not take the socket (and the process) down with it.
        this.#opts.log?.('error', `upstox: tick listener failed on a frame of ${frame.ticks.length} ticks: ${(err as Error).stack ?? err}`);
      }
    }
  }

  /** A frame refused whole, counted by reason; the log gets one line per reason a minute. */
  #countFrame(reason: string, detail: string): void {
    this.#framesRejected[reason] = (this.#framesRejected[reason] ?? 0) + 1;
    this.#frameLog.note(reason, 1, detail);
  }

  #startStallWatch(ws: WebSocket): void {
    if (this.#stallTimer) clearInterval(this.#stallTimer);
    this.#stallTimer = setInterval(() => {
      if (this.#ws !== ws || ws.readyState !== WebSocket.OPEN) return;
      const stalled = isStalled({
        lastActivityAt: this.#lastActivityAt, connectedAt: this.#connectedAt ?? this.#opts.now(), now: this.#opts.now(),
        stallMs: this.#opts.stallMs, inSession: this.#opts.isInSession(),
      });
      if (!stalled) return;
      this.#stalls++;
      this.#setState('stalled', `no frames or pings for ${this.#opts.stallMs} ms during market hours; reconnecting`);
      this.#opts.log?.('warn', `upstox: feed stalled (no frames or pings for ${this.#opts.stallMs} ms); dropping the connection`);
      ws.terminate(); // 'close' schedules the reconnect
    }, stallCheckEveryMs(this.#opts.stallMs));
    this.#stallTimer.unref();
  }

  #stopStallWatch(): void {
    if (this.#stallTimer) clearInterval(this.#stallTimer);
    this.#stallTimer = null;
    this.#connectedAt = null;
  }

  /** Sends what differs between the wanted and the sent subscriptions. */
  #sync(): void {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const subByMode = new Map<UpstoxMode, string[]>();
    const changeByMode = new Map<UpstoxMode, string[]>();
    const unsub: string[] = [];
    for (const [key, mode] of this.#wanted) {
      const had = this.#sent.get(key);
      if (had === mode) continue;
      const bucket = had === undefined ? subByMode : changeByMode;
      let list = bucket.get(mode);
      if (!list) bucket.set(mode, (list = []));
      list.push(key);
    }
    for (const key of this.#sent.keys()) if (!this.#wanted.has(key)) unsub.push(key);
    for (let i = 0; i < unsub.length; i += KEYS_PER_REQUEST) this.#send('unsub', undefined, unsub.slice(i, i + KEYS_PER_REQUEST));
    for (const [method, bucket] of [['sub', subByMode], ['change_mode', changeByMode]] as const) {
      for (const [mode, keys] of bucket) {
        for (let i = 0; i < keys.length; i += KEYS_PER_REQUEST) this.#send(method, mode, keys.slice(i, i + KEYS_PER_REQUEST));
      }
    }
    this.#sent = new Map(this.#wanted);
    this.#emitStatus();
  }

  #send(method: 'sub' | 'unsub' | 'change_mode', mode: UpstoxMode | undefined, instrumentKeys: string[]): void {
    const data = mode ? { mode, instrumentKeys } : { instrumentKeys };
    // Upstox wants subscription requests as binary frames holding JSON.
    this.#ws!.send(Buffer.from(JSON.stringify({ guid: randomUUID(), method, data })), { binary: true });
  }

  #setState(state: FeedState, message: string | null): void {
    this.#state = state;
    if (message !== null || state === 'connected') this.#message = message;
    this.#emitStatus();
  }

  #emitStatus(): void {
    this.#listener?.onStatus?.(this.status());
  }
}

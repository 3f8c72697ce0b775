// One venue's WebSocket, kept up, for every venue: connect to the active endpoint, reconnect
// with backoff and jitter (reconnect-backoff.ts), drop a link silent for stallMs during market
// hours (stall.ts), cap frame size (maxPayload: a bigger frame closes the connection, counted),
// count refused frames by reason, and never let a venue's handler throw out of a socket event.
// Failover: a feed may list several endpoints (servers/accounts) in priority order; after
// `failover.reconnects` failed connections within `failover.withinMs`, or when an endpoint
// refuses the credentials, the next one is used, and the venue resubscribes everything on it
// (its `opened` handler). With `switchBack`, a secondary keeps probing the primary (a plain
// handshake every probeEveryMs) and moves back once it answers. The venue session (wire format,
// auth, subscriptions) sits on top through ConnectionHandlers. Runtime: node (ws).
import WebSocket, { type ClientOptions } from 'ws';
import { monoNow } from '../../../../shared/latency.ts';
import type { FeedState } from '../../../../shared/status.ts';
import { RateLimitedLog, type FeedLog } from './rate-limited-log.ts';
import { ReconnectBackoff } from './reconnect-backoff.ts';
import { isStalled, stallCheckEveryMs } from './stall.ts';

/** One place a feed can connect to; `label` is what status reports as the live endpoint. */
export interface FeedEndpoint {
  label: string;
}

export interface Dial {
  url: string;
  options?: ClientOptions;
}

export interface ConnectionHandlers<E extends FeedEndpoint> {
  /** Where and how to connect to `endpoint`, or why it cannot be tried (e.g. not logged in). */
  dial(endpoint: E): Dial | { cannot: string };
  /** The socket opened: authenticate and (re)subscribe everything on it. */
  opened(ws: WebSocket, endpoint: E): void;
  /**
   * One frame; throwing is caught and counted (handler_error), never reaches the socket.
   * receiveTs is the feed clock (now); receiveMono the monotonic receive time (shared/latency.ts
   * monoNow) every live tick of the frame carries as `receiveMono`.
   */
  frame(data: Buffer, isBinary: boolean, receiveTs: number, receiveMono: number): void;
  /** The socket is gone, and every subscription sent on it. */
  closed(): void;
  /** State or counters changed (status listeners). */
  changed(): void;
  /** The handshake was refused with 401/403: the message to show (the credentials are dead). */
  rejected?(endpoint: E, httpStatus: number): string;
}

export interface FailoverOptions {
  /** Failed connections of the active endpoint, within `withinMs`, that move to the next one. Default 3. */
  reconnects: number;
  withinMs: number;
  /** Move back to the first endpoint once it answers again. Default false. */
  switchBack: boolean;
  /** How often a secondary probes the primary when switchBack is on. Default 30 s. */
  probeEveryMs: number;
}

export const DEFAULT_FAILOVER: FailoverOptions = { reconnects: 3, withinMs: 60_000, switchBack: false, probeEveryMs: 30_000 };

export interface FeedConnectionOptions {
  /** Venue id, for logs. */
  feed: string;
  now?: () => number;
  /** Frames and pings both absent this long (during a session) = stalled. Default 30 s. */
  stallMs?: number;
  /** Stall detection runs only while this says the market is in session (default: always). */
  isInSession?: () => boolean;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A connection delivering ticks this long resets the reconnect delays. Default 30 s. */
  healthyMs?: number;
  /** Largest frame accepted, bytes (after decompression). Default 4 MiB. */
  maxPayload?: number;
  failover?: Partial<FailoverOptions>;
  log?: FeedLog;
}

export const DEFAULT_MAX_PAYLOAD = 4 * 1024 * 1024;

export class FeedConnection<E extends FeedEndpoint> {
  readonly #endpoints: readonly E[];
  readonly #h: ConnectionHandlers<E>;
  readonly #feed: string;
  readonly #now: () => number;
  readonly #isInSession: () => boolean;
  readonly #log: FeedLog | undefined;
  readonly stallMs: number;
  readonly maxPayload: number;
  readonly #failover: FailoverOptions;
  readonly #backoff: ReconnectBackoff;
  readonly #frameLog: RateLimitedLog;
  #ws: WebSocket | null = null;
  #active = 0;
  #refused = new Set<number>();
  #failures: number[] = [];
  #switching = false;
  #stopped = true;
  #retryTimer: NodeJS.Timeout | null = null;
  #stallTimer: NodeJS.Timeout | null = null;
  #probeTimer: NodeJS.Timeout | null = null;
  #state: FeedState = 'idle';
  #message: string | null = null;
  #connectedAt: number | null = null;
  #lastActivityAt: number | null = null;
  #lastFrameAt: number | null = null;
  #frames = 0;
  #reconnects = 0;
  #stalls = 0;
  #failovers = 0;
  readonly framesRejected: Record<string, number> = {};

  constructor(endpoints: readonly E[], handlers: ConnectionHandlers<E>, opts: FeedConnectionOptions) {
    if (endpoints.length === 0) throw new RangeError(`${opts.feed}: a feed needs at least one endpoint`);
    this.#endpoints = endpoints;
    this.#h = handlers;
    this.#feed = opts.feed;
    this.#now = opts.now ?? Date.now;
    this.#isInSession = opts.isInSession ?? (() => true);
    this.#log = opts.log;
    this.stallMs = opts.stallMs ?? 30_000;
    this.maxPayload = opts.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.#failover = { ...DEFAULT_FAILOVER, ...opts.failover };
    if (!(this.stallMs >= 10)) throw new RangeError(`${opts.feed}: stallMs must be >= 10 ms, got ${this.stallMs}`);
    if (!(this.maxPayload >= 1024)) throw new RangeError(`${opts.feed}: maxPayload must be >= 1024 bytes, got ${this.maxPayload}`);
    if (!(this.#failover.reconnects >= 1)) throw new RangeError(`${opts.feed}: failover.reconnects must be >= 1, got ${this.#failover.reconnects}`);
    this.#backoff = new ReconnectBackoff({ minMs: opts.minBackoffMs ?? 500, maxMs: opts.maxBackoffMs ?? 30_000, healthyMs: opts.healthyMs ?? 30_000, now: this.#now });
    this.#frameLog = new RateLimitedLog(opts.log, `${opts.feed}: skipped frames, `);
  }

  get state(): FeedState { return this.#state; }
  get message(): string | null { return this.#message; }
  get frames(): number { return this.#frames; }
  get reconnects(): number { return this.#reconnects; }
  get stalls(): number { return this.#stalls; }
  get failovers(): number { return this.#failovers; }
  get connectedAt(): number | null { return this.#connectedAt; }
  get lastFrameAt(): number | null { return this.#lastFrameAt; }
  get lastActivityAt(): number | null { return this.#lastActivityAt; }
  get running(): boolean { return !this.#stopped; }
  /** Stops reading the open socket (the frame queue is full: TCP back-pressure to the venue). */
  pause(): void {
    this.#ws?.pause();
  }

  /** Reads the socket again after pause(). A new connection always starts reading. */
  resume(): void {
    this.#ws?.resume();
  }

  /** The endpoint in use (or to be tried next). */
  get endpoint(): E { return this.#endpoints[this.#active]!; }
  /** The open socket, or null. */
  get socket(): WebSocket | null { return this.#ws?.readyState === WebSocket.OPEN ? this.#ws : null; }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#backoff.reset();
    this.#connect();
  }

  /** Drops the connection and connects again at once (new credentials); endpoints refused before are tried again. */
  restart(): void {
    const wasRunning = !this.#stopped || this.#state === 'error';
    this.#halt();
    this.#ws?.terminate();
    this.#ws = null;
    this.#h.closed();
    this.#refused.clear();
    if (!wasRunning) return;
    this.#stopped = false;
    this.#backoff.reset();
    this.#connect();
  }

  async stop(): Promise<void> {
    this.#halt();
    const ws = this.#ws;
    this.#ws = null;
    if (ws) this.#h.closed();
    this.#setState('disconnected', 'stopped');
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(1000, 'client stop');
        setTimeout(() => { ws.terminate(); resolve(); }, 1000).unref();
      });
    }
  }

  /** The open connection delivered ticks (resets the backoff once healthy). */
  delivered(): void {
    this.#backoff.delivered();
  }

  /** A frame refused whole, counted by reason; the log gets one line per reason a minute. */
  countFrame(reason: string, detail: string): void {
    this.framesRejected[reason] = (this.framesRejected[reason] ?? 0) + 1;
    this.#frameLog.note(reason, 1, detail);
  }

  /** Sets the status message without changing state (a refused plan, an unknown symbol). */
  note(message: string | null): void {
    this.#message = message;
    this.#h.changed();
  }

  /**
   * The venue refused the credentials of the active endpoint (in-band or by HTTP status): the
   * next endpoint not refused is used; with none left the feed stops retrying and says why.
   */
  refuseAuth(why: string): void {
    this.#refused.add(this.#active);
    const next = this.#nextEndpoint();
    const ws = this.#ws;
    if (next !== null) {
      this.#log?.('error', `${this.#feed}: ${why}; switching from ${this.endpoint.label} to ${this.#endpoints[next]!.label}`);
      this.#switchTo(next, `${why} on ${this.endpoint.label}`);
      return;
    }
    this.#halt();
    this.#setState('error', why);
    this.#log?.('error', `${this.#feed}: ${why}; not retrying`);
    ws?.terminate();
  }

  #halt(): void {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#stopProbe();
    this.#stopStallWatch();
  }

  #connect(): void {
    if (this.#stopped) return;
    const endpoint = this.endpoint;
    const d = this.#h.dial(endpoint);
    if ('cannot' in d) {
      this.#stopped = true;
      this.#setState('error', d.cannot);
      return;
    }
    this.#setState(this.#backoff.attempt === 0 ? 'connecting' : 'reconnecting', null);
    const ws = new WebSocket(d.url, { ...d.options, maxPayload: this.maxPayload });
    ws.binaryType = 'nodebuffer';
    this.#ws = ws;
    ws.on('open', () => {
      // Not healthy yet: the delays start over only after ticks have flowed for healthyMs.
      this.#backoff.opened();
      this.#connectedAt = this.#now();
      this.#setState('connected', null);
      this.#startStallWatch(ws);
      if (this.#active !== 0) this.#startProbe();
      this.#guard('opened', () => this.#h.opened(ws, endpoint));
    });
    ws.on('ping', () => { this.#lastActivityAt = this.#now(); });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      // A socket being closed (stop) is no longer ours: its last frames are not handed on, so a
      // stopped feed's frame queue stays empty (and never pauses or holds that socket again).
      if (this.#ws !== ws) return;
      const receiveMono = monoNow();
      const receiveTs = this.#now();
      this.#frames++;
      this.#lastFrameAt = receiveTs;
      this.#lastActivityAt = receiveTs;
      this.#guard('frame', () => this.#h.frame(data, isBinary, receiveTs, receiveMono));
    });
    ws.on('unexpected-response', (_req, res) => {
      const code = res.statusCode ?? 0;
      ws.terminate();
      if (code === 401 || code === 403) {
        // Rejected credentials will not get better by retrying.
        this.refuseAuth(this.#h.rejected?.(endpoint, code) ?? `credentials rejected by ${endpoint.label} (HTTP ${code})`);
      } else {
        this.#message = `feed handshake failed: HTTP ${code}`;
      }
    });
    ws.on('error', (err: Error & { code?: string }) => {
      if (this.#stopped && this.#state === 'error') return; // the refusal message says more
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        // ws has started a close (1009); do not wait for a hostile peer to answer it.
        this.countFrame('too_large', `frame over the ${this.maxPayload}-byte limit; connection closed and re-opened`);
        this.#message = `feed sent a frame over ${this.maxPayload} bytes; reconnecting`;
        ws.terminate();
        return;
      }
      if (err.code?.startsWith('WS_ERR_')) {
        this.countFrame('websocket_protocol', err.message);
        ws.terminate();
      }
      this.#message = `feed connection error: ${err.message}`;
      this.#log?.('warn', `${this.#feed}: ${this.#message}`);
    });
    ws.on('close', (code, reason) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#stopStallWatch();
      this.#guard('closed', () => this.#h.closed());
      if (this.#switching) {
        this.#switching = false;
        if (!this.#stopped) this.#connect();
        return;
      }
      if (this.#stopped) {
        if (this.#state !== 'error') this.#setState('disconnected', null);
        return;
      }
      this.#scheduleReconnect(`feed closed (code ${code}${reason.length ? `, ${reason.toString()}` : ''})`);
    });
  }

  #guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.countFrame('handler_error', `${what}: ${(err as Error).message}`);
      this.#log?.('error', `${this.#feed}: ${what} handler failed: ${(err as Error).stack ?? err}`);
    }
  }

  #scheduleReconnect(why: string): void {
    const t = this.#now();
    this.#failures = this.#failures.filter((f) => t - f < this.#failover.withinMs);
    this.#failures.push(t);
    const next = this.#failures.length >= this.#failover.reconnects ? this.#nextEndpoint() : null;
    if (next !== null) {
      const from = this.endpoint.label;
      this.#useEndpoint(next);
      this.#log?.('warn', `${this.#feed}: ${from} failed ${this.#failover.reconnects} times within ${this.#failover.withinMs} ms; switching to ${this.endpoint.label}`);
      why = `${why}; ${from} failed ${this.#failover.reconnects} times, switched to ${this.endpoint.label}`;
    }
    const delay = this.#backoff.nextDelay();
    this.#reconnects++;
    this.#setState('reconnecting', `${why}; retrying in ${delay} ms`);
    this.#log?.('warn', `${this.#feed}: ${why}; reconnect attempt ${this.#backoff.attempt} in ${delay} ms`);
    this.#retryTimer = setTimeout(() => { this.#retryTimer = null; this.#connect(); }, delay);
  }

  /** The next endpoint in priority order (wrapping) that has not refused us; null when none other. */
  #nextEndpoint(): number | null {
    for (let i = 1; i < this.#endpoints.length; i++) {
      const j = (this.#active + i) % this.#endpoints.length;
      if (!this.#refused.has(j)) return j;
    }
    return null;
  }

  #useEndpoint(index: number): void {
    this.#active = index;
    this.#failures = [];
    this.#failovers++;
    this.#backoff.reset();
    this.#stopProbe();
  }

  /** Moves to endpoint `index` now: the open socket (if any) closes and the new one is dialled at once. */
  #switchTo(index: number, why: string): void {
    this.#useEndpoint(index);
    this.#message = `${why}; switched to ${this.endpoint.label}`;
    if (this.#retryTimer) { clearTimeout(this.#retryTimer); this.#retryTimer = null; }
    const ws = this.#ws;
    if (ws) {
      this.#switching = true;
      ws.terminate();
    } else {
      this.#connect();
    }
  }

  #startProbe(): void {
    if (!this.#failover.switchBack || this.#probeTimer || this.#refused.has(0)) return;
    this.#probeTimer = setInterval(() => this.#probePrimary(), this.#failover.probeEveryMs);
    this.#probeTimer.unref();
  }

  #stopProbe(): void {
    if (this.#probeTimer) clearInterval(this.#probeTimer);
    this.#probeTimer = null;
  }

  #probePrimary(): void {
    if (this.#active === 0 || this.#stopped) { this.#stopProbe(); return; }
    const d = this.#h.dial(this.#endpoints[0]!);
    if ('cannot' in d) return;
    const probe = new WebSocket(d.url, { ...d.options, maxPayload: this.maxPayload, handshakeTimeout: Math.max(1000, this.#failover.probeEveryMs / 2) });
    probe.on('error', () => probe.terminate());
    probe.on('unexpected-response', () => probe.terminate());
    probe.on('open', () => {
      probe.terminate();
      if (this.#active === 0 || this.#stopped) return;
      const from = this.endpoint.label;
      this.#log?.('info', `${this.#feed}: ${this.#endpoints[0]!.label} answers again; switching back from ${from}`);
      this.#switchTo(0, `${this.#endpoints[0]!.label} recovered`);
    });
  }

  #startStallWatch(ws: WebSocket): void {
    if (this.#stallTimer) clearInterval(this.#stallTimer);
    this.#stallTimer = setInterval(() => {
      if (this.#ws !== ws || ws.readyState !== WebSocket.OPEN) return;
      const stalled = isStalled({
        lastActivityAt: this.#lastActivityAt, connectedAt: this.#connectedAt ?? this.#now(), now: this.#now(),
        stallMs: this.stallMs, inSession: this.#isInSession(),
      });
      if (!stalled) return;
      this.#stalls++;
      this.#setState('stalled', `no frames or pings for ${this.stallMs} ms during market hours; reconnecting`);
      this.#log?.('warn', `${this.#feed}: feed stalled (no frames or pings for ${this.stallMs} ms); dropping the connection`);
      ws.terminate(); // 'close' schedules the reconnect
    }, stallCheckEveryMs(this.stallMs));
    this.#stallTimer.unref();
  }

  #stopStallWatch(): void {
    if (this.#stallTimer) clearInterval(this.#stallTimer);
    this.#stallTimer = null;
    this.#connectedAt = null;
  }

  #setState(state: FeedState, message: string | null): void {
    this.#state = state;
    if (message !== null || state === 'connected') this.#message = message;
    this.#h.changed();
  }
}

// Massive (Polygon) market data for US options: one connection to the /options cluster (contracts)
// and, when an underlying is wanted, one to /stocks (its price), each `auth` → `subscribe` →
// arrays of events (protocols.md §3). Socket upkeep — reconnect with backoff, stall detection,
// frame cap, failover between endpoints — is the shared FeedConnection; this file is Massive's
// session: auth, topics acked or refused, decode, resubscribe after every reconnect. A refused API
// key (auth_failed, or HTTP 401/403) stops retrying and says so. Malformed events are counted by
// reason and dropped (decode.ts); nothing thrown in here reaches the socket. Each cluster's frames
// wait in its own queue (common/frame-queue.ts), which pauses that cluster's socket when over its
// byte cap; holdWhile holds both. Runtime: node (ws).
import type WebSocket from 'ws';
import type { Tick } from '../../../../shared/market.ts';
import type { AdapterStatus, FeedState } from '../../../../shared/status.ts';
import { FeedConnection, type FeedEndpoint } from '../common/feed-connection.ts';
import { feedFrameQueue, mergeQueueStatus, type FrameQueue, type FrameQueueTuning } from '../common/frame-queue.ts';
import { RateLimitedLog, type FeedLog } from '../common/rate-limited-log.ts';
import { chunks } from '../common/subscription-diff.ts';
import type { FeedAdapter, FeedListener, FeedMode } from '../feed.ts';
import { decodeMassiveFrame } from './decode.ts';
import { planMassive, type MassiveCluster } from './plan.ts';

export interface MassiveEndpoint extends FeedEndpoint {
  /** WebSocket base, e.g. wss://socket.massive.com (the cluster path is appended). */
  wsBase: string;
  apiKey: string;
}

export interface MassiveFeedOptions {
  endpoints: readonly MassiveEndpoint[];
  /** Opening ticks fetched over REST when the feed starts (snapshot OI, previous closes): the socket carries neither. */
  opening?: () => Promise<Tick[]>;
  /** Subscribe FMV (Massive's Business feed) for contracts with a book. Default true. */
  fmv?: boolean;
  now?: () => number;
  stallMs?: number;
  isInSession?: () => boolean;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** The frame queues' tuning (common/frame-queue.ts): each cluster has its own queue. */
  queue?: FrameQueueTuning;
  log?: FeedLog;
}

/** Topics per subscribe/unsubscribe message. */
const TOPICS_PER_MESSAGE = 500;

class ClusterSession {
  readonly conn: FeedConnection<MassiveEndpoint>;
  /** This cluster's received frames waiting to be decoded; over its byte cap it pauses this socket only. */
  readonly queue: FrameQueue;
  authed = false;
  /** Topics sent on the open connection. */
  sent = new Set<string>();
  readonly cluster: MassiveCluster;
  readonly feed: MassiveFeed;
  constructor(cluster: MassiveCluster, feed: MassiveFeed, opts: MassiveFeedOptions, listener: () => FeedListener | null) {
    this.cluster = cluster;
    this.feed = feed;
    this.queue = feedFrameQueue({
      feed: `massive/${cluster}`, log: opts.log, tuning: opts.queue,
      decode: (f) => this.feed.onFrame(this, f.data, f.isBinary, f.receiveTs, f.receiveMono),
      listener, connection: () => this.conn,
    });
    this.conn = new FeedConnection(opts.endpoints, {
      dial: (e) => (e.apiKey ? { url: `${e.wsBase.replace(/\/+$/, '')}/${cluster}` } : { cannot: `no Massive API key for ${e.label}: set api_key in massive.json` }),
      opened: (ws) => { this.authed = false; ws.send(JSON.stringify({ action: 'auth', params: this.conn.endpoint.apiKey })); },
      frame: (data, isBinary, receiveTs, receiveMono) => this.queue.push(data, isBinary, receiveTs, receiveMono),
      closed: () => { this.authed = false; this.sent = new Set(); },
      changed: () => this.feed.emitStatus(),
      rejected: (e, status) => `Massive refused the API key of ${e.label} (HTTP ${status}); fix api_key, not retrying`,
    }, { feed: `massive/${cluster}`, ...pick(opts) });
  }

  /** Sends what differs between the wanted and the sent topics. */
  sync(wanted: ReadonlySet<string>): void {
    const ws = this.conn.socket;
    if (!ws || !this.authed) return;
    const add = [...wanted].filter((t) => !this.sent.has(t));
    const drop = [...this.sent].filter((t) => !wanted.has(t));
    for (const part of chunks(drop, TOPICS_PER_MESSAGE)) send(ws, 'unsubscribe', part);
    for (const part of chunks(add, TOPICS_PER_MESSAGE)) send(ws, 'subscribe', part);
    this.sent = new Set(wanted);
  }
}

const send = (ws: WebSocket, action: 'subscribe' | 'unsubscribe', topics: string[]): void => ws.send(JSON.stringify({ action, params: topics.join(',') }));
const pick = (o: MassiveFeedOptions) => ({
  ...(o.now && { now: o.now }), ...(o.stallMs && { stallMs: o.stallMs }), ...(o.isInSession && { isInSession: o.isInSession }),
  ...(o.minBackoffMs && { minBackoffMs: o.minBackoffMs }), ...(o.maxBackoffMs && { maxBackoffMs: o.maxBackoffMs }), ...(o.log && { log: o.log }),
});

export class MassiveFeed implements FeedAdapter {
  readonly id = 'massive';
  readonly #opts: MassiveFeedOptions;
  readonly #sessions: Record<MassiveCluster, ClusterSession>;
  readonly #eventLog: RateLimitedLog;
  #listener: FeedListener | null = null;
  #wanted: Record<MassiveCluster, Set<string>> = { options: new Set(), stocks: new Set() };
  #quotesCut = 0;
  #ticks = 0;
  #started = false;
  readonly #eventsRejected: Record<string, number> = {};
  readonly #refusedTopics: string[] = [];
  #decodeNs = 0n;
  #events = 0;

  constructor(opts: MassiveFeedOptions) {
    this.#opts = opts;
    this.#eventLog = new RateLimitedLog(opts.log, 'massive: dropped events, ');
    const listener = (): FeedListener | null => this.#listener;
    this.#sessions = { options: new ClusterSession('options', this, opts, listener), stocks: new ClusterSession('stocks', this, opts, listener) };
  }

  /** Downstream back-pressure (the tick store's writer queue): both clusters' frames wait while it says so. */
  holdWhile(congested: (() => boolean) | null): void {
    for (const s of Object.values(this.#sessions)) s.queue.holdWhile(congested);
  }

  start(listener: FeedListener): void {
    this.#listener = listener;
    this.#started = true;
    this.#opts.opening?.().then(
      (ticks) => { if (ticks.length && this.#started) this.#listener?.onTicks(ticks); },
      (err: Error) => this.#opts.log?.('warn', `massive: opening snapshot failed (${err.message}); OI and previous closes come as they trade`),
    );
    this.#sessions.options.conn.start();
    if (this.#wanted.stocks.size) this.#sessions.stocks.conn.start();
  }

  async stop(): Promise<void> {
    this.#started = false;
    for (const s of Object.values(this.#sessions)) s.queue.clear();
    await Promise.all([this.#sessions.options.conn.stop(), this.#sessions.stocks.conn.stop()]);
  }

  setSubscriptions(wanted: ReadonlyMap<string, FeedMode>): void {
    const plan = planMassive(wanted, { fmv: this.#opts.fmv ?? true });
    this.#wanted = plan.topics;
    if (plan.quotesCut !== this.#quotesCut && plan.quotesCut > 0) {
      this.#opts.log?.('warn', `massive: ${plan.quotesCut} contracts over Massive's 1,000 quote (Q) subscriptions per connection get trades and volume only`);
    }
    this.#quotesCut = plan.quotesCut;
    for (const s of Object.values(this.#sessions)) s.sync(this.#wanted[s.cluster]);
    if (this.#started && this.#wanted.stocks.size && !this.#sessions.stocks.conn.running && this.#sessions.stocks.conn.state !== 'error') this.#sessions.stocks.conn.start();
    this.emitStatus();
  }

  /** One frame of one cluster: statuses drive the session, events become ticks. */
  onFrame(s: ClusterSession, data: Buffer, isBinary: boolean, receiveTs: number, receiveMono: number): void {
    if (isBinary) { s.conn.countFrame('binary_frame', 'binary frame where JSON text was expected'); return; }
    const t0 = process.hrtime.bigint();
    const f = decodeMassiveFrame(data.toString('utf8'), receiveTs);
    this.#decodeNs += process.hrtime.bigint() - t0;
    this.#events += f.ticks.length;
    if (f.rejected.not_json || f.rejected.not_array) {
      s.conn.countFrame(f.rejected.not_json ? 'not_json' : 'not_array', f.detail ?? '');
      return;
    }
    for (const [reason, n] of Object.entries(f.rejected)) {
      this.#eventsRejected[reason] = (this.#eventsRejected[reason] ?? 0) + n;
      this.#eventLog.note(reason, n, f.detail ?? '');
    }
    for (const st of f.statuses) this.#onStatus(s, st.status, st.message);
    if (f.ticks.length === 0) return;
    for (const t of f.ticks) t.receiveMono = receiveMono;
    this.#ticks += f.ticks.length;
    s.conn.delivered();
    s.queue.collect(f.ticks);
  }

  #onStatus(s: ClusterSession, status: string, message: string): void {
    if (status === 'auth_success' || (status === 'success' && message === 'authenticated')) {
      s.authed = true;
      s.sync(this.#wanted[s.cluster]);
      return;
    }
    if (status === 'auth_failed') {
      s.conn.refuseAuth(`Massive refused the API key of ${s.conn.endpoint.label} (${message || 'auth_failed'}); fix api_key, not retrying`);
      return;
    }
    if (status === 'error' || status === 'max_connections' || status === 'auth_timeout') {
      // An unknown ticker or a topic over a limit is refused in-band: report it, keep the rest.
      if (this.#refusedTopics.length < 20) this.#refusedTopics.push(message);
      this.#eventsRejected.refused_topic = (this.#eventsRejected.refused_topic ?? 0) + 1;
      this.#eventLog.note(`refused: ${status}`, 1, message);
      s.conn.note(`Massive ${s.cluster}: ${message}`);
    }
  }

  emitStatus(): void {
    this.#listener?.onStatus?.(this.status());
  }

  /** Topics Massive refused in-band (unknown ticker, over a limit), the first 20. */
  refusedTopics(): readonly string[] {
    return this.#refusedTopics;
  }

  /** Decode cost so far: nanoseconds spent decoding and events decoded into ticks. */
  decodeCost(): { ns: number; events: number } {
    return { ns: Number(this.#decodeNs), events: this.#events };
  }

  status(): AdapterStatus {
    const o = this.#sessions.options.conn;
    const k = this.#sessions.stocks.conn;
    const subscribed: Record<string, number> = {};
    for (const s of Object.values(this.#sessions)) for (const t of s.sent) { const ch = t.slice(0, t.indexOf('.')); subscribed[ch] = (subscribed[ch] ?? 0) + 1; }
    const last = Math.max(o.lastFrameAt ?? -Infinity, k.lastFrameAt ?? -Infinity);
    const now = (this.#opts.now ?? Date.now)();
    const framesRejected: Record<string, number> = { ...o.framesRejected };
    for (const [r, n] of Object.entries(k.framesRejected)) framesRejected[r] = (framesRejected[r] ?? 0) + n;
    for (const [r, n] of Object.entries(this.#eventsRejected)) framesRejected[`event_${r}`] = n;
    const worst: FeedState = k.running && k.state !== 'connected' && o.state === 'connected' ? k.state : o.state;
    const message = [o.message, k.running ? k.message : null, this.#quotesCut ? `${this.#quotesCut} contracts over the 1,000 Q limit: trades and volume only` : null].filter(Boolean).join('; ') || null;
    return {
      feed: this.id,
      state: worst,
      message,
      subscribed,
      frames_received: o.frames + k.frames,
      ticks_received: this.#ticks,
      ticks_processed: this.#ticks,
      ticks_dropped: 0,
      decode_errors: Object.values(framesRejected).reduce((a, b) => a + b, 0),
      reconnects: o.reconnects + k.reconnects,
      last_tick_age_ms: Number.isFinite(last) ? Math.max(0, now - last) : null,
      segments: {},
      frames_rejected: framesRejected,
      endpoint: o.endpoint.label,
      failovers: o.failovers + k.failovers,
      queue: mergeQueueStatus([this.#sessions.options.queue.status(), this.#sessions.stocks.queue.status()]),
    };
  }
}

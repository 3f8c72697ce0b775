// OpenAlgo WebSocket proxy session (protocols.md §2): on each connection authenticate with the
// endpoint's API key ({"action":"authenticate","api_key"}), then subscribe every wanted symbol
// in its mode (plan.ts); market_data messages become Ticks. The connection — reconnect, stall
// (the proxy pings every 20 s), frame cap, failover over several endpoints — is the shared
// common/feed-connection.ts. A refused API key (AUTHENTICATION_ERROR) moves to the next endpoint
// or stops retrying and says so; a symbol the subscribe ack refuses is named in status; a
// malformed message is counted by reason and dropped. Runtime: node (ws).
import type { AdapterStatus } from '../../../../shared/status.ts';
import type { FeedAdapter, FeedListener, FeedMode } from '../feed.ts';
import { FeedConnection, type FeedConnectionOptions, type FeedEndpoint } from '../common/feed-connection.ts';
import { feedFrameQueue, type FrameQueue, type FrameQueueTuning } from '../common/frame-queue.ts';
import { RateLimitedLog, type FeedLog } from '../common/rate-limited-log.ts';
import { decodeOpenAlgoMessage, openAlgoKey, OpenAlgoDecodeError } from './decode.ts';
import { OPENALGO_MODE_LABEL, OPENALGO_MODE_OF, openAlgoPlanProblem, openAlgoRequests, type OpenAlgoMode } from './plan.ts';

export interface OpenAlgoEndpoint extends FeedEndpoint {
  /** The proxy's WebSocket URL, e.g. ws://127.0.0.1:8765. */
  wsUrl: string;
  apiKey: string;
}

/** The shared connection's options (stallMs default 30 s: the proxy pings every 20 s), plus the venue's own. */
export interface OpenAlgoFeedOptions extends Omit<FeedConnectionOptions, 'feed'> {
  /** In priority order; the first is the primary. */
  endpoints: readonly OpenAlgoEndpoint[];
  /** Symbols the broker behind the proxy streams at most (broker-dependent). Default 3000. */
  maxSymbols?: number;
  /** The frame queue's tuning (common/frame-queue.ts). */
  queue?: FrameQueueTuning;
}

export const OPENALGO_MAX_SYMBOLS = 3000;

/** What a connection panel shows beyond FeedStatus. */
export interface OpenAlgoFeedInfo {
  endpoint: string;
  authenticated: boolean;
  broker: string | null;
  stalls: number;
  failovers: number;
  /** Symbols the proxy refused to subscribe, with its reason (latest first, at most 20). */
  refused_symbols: { key: string; message: string }[];
}

export class OpenAlgoFeed implements FeedAdapter {
  readonly id = 'openalgo';
  readonly #conn: FeedConnection<OpenAlgoEndpoint>;
  /** Received messages waiting to be decoded (how far behind the engine is). */
  readonly #queue: FrameQueue;
  readonly #log: FeedLog | undefined;
  readonly #now: () => number;
  readonly #maxSymbols: number;
  readonly #ackLog: RateLimitedLog;
  #listener: FeedListener | null = null;
  #wanted = new Map<string, OpenAlgoMode>();
  #sent = new Map<string, OpenAlgoMode>();
  #authed = false;
  #broker: string | null = null;
  #refusedPlan: string | null = null;
  readonly #refusedSymbols = new Map<string, string>();
  #ticks = 0;
  #requestSeq = 0;
  #decodeNs = 0n;
  #decoded = 0;

  constructor(opts: OpenAlgoFeedOptions) {
    this.#log = opts.log;
    this.#now = opts.now ?? Date.now;
    this.#maxSymbols = opts.maxSymbols ?? OPENALGO_MAX_SYMBOLS;
    this.#ackLog = new RateLimitedLog(opts.log, 'openalgo: subscriptions refused, ', { level: 'error' });
    this.#queue = feedFrameQueue({
      feed: this.id, log: this.#log, tuning: opts.queue,
      decode: (f) => this.#onFrame(f.data, f.isBinary, f.receiveTs, f.receiveMono),
      listener: () => this.#listener, connection: () => this.#conn,
    });
    this.#conn = new FeedConnection(opts.endpoints, {
      dial: (e) => (e.apiKey ? { url: e.wsUrl } : { cannot: `no OpenAlgo API key for ${e.label}: set it in the OpenAlgo settings` }),
      opened: (ws, e) => {
        this.#authed = false;
        ws.send(JSON.stringify({ action: 'authenticate', api_key: e.apiKey }));
      },
      frame: (data, isBinary, receiveTs, receiveMono) => this.#queue.push(data, isBinary, receiveTs, receiveMono),
      closed: () => { this.#sent = new Map(); this.#authed = false; },
      changed: () => this.#emitStatus(),
    }, {
      feed: 'openalgo', now: this.#now, ...(opts.log && { log: opts.log }),
      ...(opts.stallMs !== undefined && { stallMs: opts.stallMs }), ...(opts.isInSession && { isInSession: opts.isInSession }),
      ...(opts.minBackoffMs !== undefined && { minBackoffMs: opts.minBackoffMs }), ...(opts.maxBackoffMs !== undefined && { maxBackoffMs: opts.maxBackoffMs }),
      ...(opts.healthyMs !== undefined && { healthyMs: opts.healthyMs }), ...(opts.maxPayload !== undefined && { maxPayload: opts.maxPayload }),
      ...(opts.failover && { failover: opts.failover }),
    });
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
    return openAlgoPlanProblem(plan, this.#maxSymbols);
  }

  setSubscriptions(wanted: ReadonlyMap<string, FeedMode>): void {
    const problem = this.planProblem(wanted);
    if (problem) {
      this.#refusedPlan = `subscription plan refused: ${problem}`;
      this.#log?.('error', `openalgo: ${this.#refusedPlan}`);
      this.#conn.note(this.#refusedPlan);
      return;
    }
    this.#refusedPlan = null;
    const next = new Map<string, OpenAlgoMode>();
    for (const [key, mode] of wanted) next.set(key, OPENALGO_MODE_OF[mode]);
    this.#wanted = next;
    this.#sync();
  }

  status(): AdapterStatus {
    const c = this.#conn;
    const subscribed: Record<string, number> = {};
    for (const m of this.#sent.values()) { const label = OPENALGO_MODE_LABEL[m]; subscribed[label] = (subscribed[label] ?? 0) + 1; }
    return {
      feed: this.id,
      state: c.state === 'connected' && !this.#authed ? 'connecting' : c.state,
      message: c.message,
      subscribed,
      frames_received: c.frames,
      ticks_received: this.#ticks,
      ticks_processed: this.#ticks,
      ticks_dropped: 0,
      decode_errors: Object.entries(c.framesRejected).filter(([r]) => r !== 'too_large' && r !== 'websocket_protocol').reduce((a, [, n]) => a + n, 0),
      reconnects: c.reconnects,
      last_tick_age_ms: c.lastFrameAt === null ? null : Math.max(0, this.#now() - c.lastFrameAt),
      segments: {},
      frames_rejected: { ...c.framesRejected },
      endpoint: c.endpoint.label,
      failovers: c.failovers,
      queue: this.#queue.status(),
    };
  }

  info(): OpenAlgoFeedInfo {
    return {
      endpoint: this.#conn.endpoint.label, authenticated: this.#authed, broker: this.#broker, stalls: this.#conn.stalls, failovers: this.#conn.failovers,
      refused_symbols: [...this.#refusedSymbols].reverse().slice(0, 20).map(([key, message]) => ({ key, message })),
    };
  }

  /** Decode cost so far: nanoseconds spent decoding market_data messages and how many. */
  decodeCost(): { ns: number; messages: number } {
    return { ns: Number(this.#decodeNs), messages: this.#decoded };
  }

  #onFrame(data: Buffer, isBinary: boolean, receiveTs: number, receiveMono: number): void {
    if (isBinary) {
      this.#conn.countFrame('binary_frame', 'binary frame where JSON text was expected');
      return;
    }
    let msg;
    const t0 = process.hrtime.bigint();
    try {
      msg = decodeOpenAlgoMessage(data.toString('utf8'), receiveTs);
    } catch (err) {
      if (!(err instanceof OpenAlgoDecodeError)) throw err;
      this.#conn.countFrame(err.reason, err.message);
      return;
    }
    switch (msg.kind) {
      case 'market_data': {
        this.#decodeNs += process.hrtime.bigint() - t0;
        this.#decoded++;
        msg.tick.receiveMono = receiveMono;
        this.#ticks++;
        this.#conn.delivered();
        this.#queue.collect([msg.tick]);
        return;
      }
      case 'auth':
        if (!msg.ok) { this.#conn.refuseAuth(`OpenAlgo refused the API key of ${this.#conn.endpoint.label}: ${msg.message || 'authentication failed'}`); return; }
        this.#authed = true;
        this.#broker = msg.broker;
        this.#log?.('info', `openalgo: authenticated on ${this.#conn.endpoint.label} (broker ${msg.broker ?? '?'}, user ${msg.userId ?? '?'})`);
        this.#sync();
        return;
      case 'subscribe':
        for (const r of msg.results) {
          const key = openAlgoKey(r.exchange, r.symbol);
          if (r.ok) { this.#refusedSymbols.delete(key); continue; }
          this.#refusedSymbols.delete(key);
          this.#refusedSymbols.set(key, r.message ?? 'subscription failed');
          this.#ackLog.note('subscribe', 1, `${key}: ${r.message ?? 'subscription failed'}`);
        }
        if (this.#refusedSymbols.size) {
          const [key, why] = [...this.#refusedSymbols].at(-1)!;
          this.#conn.note(`OpenAlgo refused ${this.#refusedSymbols.size} subscription(s), e.g. ${key}: ${why}`);
        }
        return;
      case 'error':
        if (msg.code === 'AUTHENTICATION_ERROR') { this.#conn.refuseAuth(`OpenAlgo refused the API key of ${this.#conn.endpoint.label}: ${msg.message}`); return; }
        this.#conn.countFrame(`error_${msg.code}`, msg.message);
        this.#conn.note(`OpenAlgo error ${msg.code}: ${msg.message}`);
        return;
      default:
        return; // unsubscribe acks, pongs, broker info: nothing to do
    }
  }

  /** Sends what differs between the wanted and the sent subscriptions (once authenticated). */
  #sync(): void {
    const ws = this.#conn.socket;
    if (!ws || !this.#authed) return;
    for (const req of openAlgoRequests(this.#wanted, this.#sent, `optick-${++this.#requestSeq}`)) ws.send(JSON.stringify(req));
    this.#sent = new Map(this.#wanted);
    this.#emitStatus();
  }

  #emitStatus(): void {
    this.#listener?.onStatus?.(this.status());
  }
}

// A JSON price stream (Bluefin Pro's public market stream as the reference): one WebSocket, a
// configurable subscribe message per symbol, trades/ticker/order-book events → Ticks. Trades set
// the last price and quantity; the day's volume is Optick's own sum of the trades since 00:00 UTC
// (a 24×7 market's day), which the candle aggregator needs. Socket upkeep (reconnect, stall,
// frame cap, failover) is the shared FeedConnection; an optional app-level ping message is sent
// every pingMs. Bad messages are counted by reason and dropped. Runtime: node (ws).
import type { Tick } from '../../../../shared/market.ts';
import type { AdapterStatus } from '../../../../shared/status.ts';
import { FeedConnection, type FeedEndpoint } from '../common/feed-connection.ts';
import { feedFrameQueue, type FrameQueue, type FrameQueueTuning } from '../common/frame-queue.ts';
import { RateLimitedLog, type FeedLog } from '../common/rate-limited-log.ts';
import type { FeedAdapter, FeedListener, FeedMode } from '../feed.ts';
import { decodeStreamMessage } from './decode.ts';

export interface JsonStreamEndpoint extends FeedEndpoint {
  url: string;
}

/** Bluefin Pro's subscribe message; {method} and {symbol} are filled in. */
export const BLUEFIN_SUBSCRIBE = '{"method":"{method}","dataStreams":[{"symbol":"{symbol}","streams":["Recent_Trade","Ticker","Partial_Depth_5"]}]}';

export interface JsonStreamFeedOptions {
  endpoints: readonly JsonStreamEndpoint[];
  /** The message subscribing (method Subscribe) or unsubscribing (Unsubscribe) one symbol. Default BLUEFIN_SUBSCRIBE. */
  subscribeTemplate?: string;
  /** An application-level heartbeat to send every pingMs (e.g. '{"method":"Ping"}'); none by default. */
  pingMessage?: string | null;
  pingMs?: number;
  /**
   * The stream's quantity step (0.001 BTC): tick quantities are whole steps (integers, as the
   * feed boundary and the tick store want), and each symbol's lot is one step. Default 0.001.
   */
  qtyStep?: number;
  now?: () => number;
  stallMs?: number;
  isInSession?: () => boolean;
  minBackoffMs?: number;
  /** The frame queue's tuning (common/frame-queue.ts). */
  queue?: FrameQueueTuning;
  log?: FeedLog;
}

const DAY_MS = 86_400_000;
export const DEFAULT_QTY_STEP = 0.001;

export class JsonStreamFeed implements FeedAdapter {
  readonly id = 'json';
  readonly #opts: JsonStreamFeedOptions;
  readonly #conn: FeedConnection<JsonStreamEndpoint>;
  /** Received messages waiting to be decoded (how far behind the engine is). */
  readonly #queue: FrameQueue;
  readonly #log: RateLimitedLog;
  readonly #template: string;
  readonly #step: number;
  #listener: FeedListener | null = null;
  #wanted = new Set<string>();
  #sent = new Set<string>();
  #pingTimer: NodeJS.Timeout | null = null;
  /** symbol → [UTC day start, that day's summed trade quantity]. */
  readonly #dayVolume = new Map<string, [number, number]>();
  readonly #rejected: Record<string, number> = {};
  readonly #refusals: string[] = [];
  #ticks = 0;
  #decodeNs = 0n;
  #messages = 0;

  constructor(opts: JsonStreamFeedOptions) {
    this.#opts = opts;
    this.#template = opts.subscribeTemplate ?? BLUEFIN_SUBSCRIBE;
    this.#step = opts.qtyStep ?? DEFAULT_QTY_STEP;
    if (!(this.#step > 0 && this.#step <= 1)) throw new RangeError(`json: qtyStep must be in (0, 1], got ${this.#step}`);
    if (!this.#template.includes('{symbol}')) throw new RangeError('jsonstream: subscribeTemplate must contain {symbol}');
    this.#log = new RateLimitedLog(opts.log, 'jsonstream: dropped messages, ');
    this.#queue = feedFrameQueue({
      feed: this.id, log: opts.log, tuning: opts.queue,
      decode: (f) => this.#onMessage(f.data, f.isBinary, f.receiveTs, f.receiveMono),
      listener: () => this.#listener, connection: () => this.#conn,
    });
    this.#conn = new FeedConnection(opts.endpoints, {
      dial: (e) => ({ url: e.url }),
      opened: () => { this.#sent = new Set(); this.#sync(); this.#startPing(); },
      frame: (data, isBinary, receiveTs, receiveMono) => this.#queue.push(data, isBinary, receiveTs, receiveMono),
      closed: () => { this.#sent = new Set(); this.#stopPing(); },
      changed: () => this.#listener?.onStatus?.(this.status()),
    }, {
      feed: this.id, ...(opts.now && { now: opts.now }), ...(opts.stallMs && { stallMs: opts.stallMs }), ...(opts.isInSession && { isInSession: opts.isInSession }),
      ...(opts.minBackoffMs && { minBackoffMs: opts.minBackoffMs }), ...(opts.log && { log: opts.log }),
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

  async stop(): Promise<void> {
    this.#stopPing();
    this.#queue.clear();
    await this.#conn.stop();
  }

  setSubscriptions(wanted: ReadonlyMap<string, FeedMode>): void {
    this.#wanted = new Set(wanted.keys());
    this.#sync();
  }

  #message(method: 'Subscribe' | 'Unsubscribe', symbol: string): string {
    return this.#template.replaceAll('{method}', method).replaceAll('{symbol}', symbol);
  }

  #sync(): void {
    const ws = this.#conn.socket;
    if (!ws) return;
    for (const s of this.#sent) if (!this.#wanted.has(s)) ws.send(this.#message('Unsubscribe', s));
    for (const s of this.#wanted) if (!this.#sent.has(s)) ws.send(this.#message('Subscribe', s));
    this.#sent = new Set(this.#wanted);
  }

  #startPing(): void {
    const msg = this.#opts.pingMessage;
    if (!msg) return;
    this.#stopPing();
    this.#pingTimer = setInterval(() => this.#conn.socket?.send(msg), this.#opts.pingMs ?? 15_000);
    this.#pingTimer.unref();
  }

  #stopPing(): void {
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    this.#pingTimer = null;
  }

  #onMessage(data: Buffer, isBinary: boolean, receiveTs: number, receiveMono: number): void {
    if (isBinary) { this.#conn.countFrame('binary_frame', 'binary frame where JSON text was expected'); return; }
    const t0 = process.hrtime.bigint();
    const m = decodeStreamMessage(data.toString('utf8'));
    this.#decodeNs += process.hrtime.bigint() - t0;
    this.#messages++;
    for (const [reason, n] of Object.entries(m.rejected)) {
      this.#rejected[reason] = (this.#rejected[reason] ?? 0) + n;
      this.#log.note(reason, n, m.detail ?? '');
    }
    if (m.reply && !m.reply.success) {
      // e.g. an unknown symbol: reported, the rest of the subscription stands.
      if (this.#refusals.length < 20) this.#refusals.push(m.reply.message);
      this.#rejected.subscription_refused = (this.#rejected.subscription_refused ?? 0) + 1;
      this.#log.note('subscription_refused', 1, m.reply.message);
      this.#conn.note(`subscription refused: ${m.reply.message}`);
    }
    const ticks: Tick[] = [];
    for (const t of m.trades) {
      const day = Math.floor(t.time / DAY_MS) * DAY_MS;
      let v = this.#dayVolume.get(t.symbol);
      if (!v || v[0] !== day) this.#dayVolume.set(t.symbol, (v = [day, 0]));
      const steps = this.#steps(t.qty);
      v[1] += steps;
      ticks.push({ key: t.symbol, exchangeTs: t.time, receiveTs, receiveMono, ltp: t.price, ltq: steps, volume: v[1] });
    }
    for (const q of m.quotes) {
      const t: Tick = { key: q.symbol, exchangeTs: q.time, receiveTs, receiveMono };
      if (q.bids) t.bids = q.bids.map((l) => ({ price: l.price, qty: this.#steps(l.qty) }));
      if (q.asks) t.asks = q.asks.map((l) => ({ price: l.price, qty: this.#steps(l.qty) }));
      if (q.oi !== undefined) t.oi = this.#steps(q.oi);
      if (q.prevClose !== undefined) t.prevClose = q.prevClose;
      ticks.push(t);
    }
    if (ticks.length === 0) return;
    this.#ticks += ticks.length;
    this.#conn.delivered();
    this.#queue.collect(ticks);
  }

  /** A coin quantity in whole steps (0.0255 BTC at step 0.001 → 26). */
  #steps(qty: number): number {
    return Math.round(qty / this.#step);
  }

  /** Subscription refusals the stream sent (unknown symbol…), the first 20. */
  refusals(): readonly string[] {
    return this.#refusals;
  }

  decodeCost(): { ns: number; messages: number } {
    return { ns: Number(this.#decodeNs), messages: this.#messages };
  }

  status(): AdapterStatus {
    const c = this.#conn;
    const framesRejected: Record<string, number> = { ...c.framesRejected };
    for (const [r, n] of Object.entries(this.#rejected)) framesRejected[`message_${r}`] = n;
    const now = (this.#opts.now ?? Date.now)();
    return {
      feed: this.id, state: c.state, message: c.message, subscribed: { symbols: this.#sent.size },
      frames_received: c.frames, ticks_received: this.#ticks, ticks_processed: this.#ticks, ticks_dropped: 0,
      decode_errors: Object.values(this.#rejected).reduce((a, b) => a + b, 0), reconnects: c.reconnects,
      last_tick_age_ms: c.lastFrameAt === null ? null : Math.max(0, now - c.lastFrameAt), segments: {}, frames_rejected: framesRejected,
      endpoint: c.endpoint.label, failovers: c.failovers, queue: this.#queue.status(),
    };
  }
}

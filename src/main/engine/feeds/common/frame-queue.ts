// Frames between the socket and the decoder, so being behind is measured instead of hidden in
// the kernel's socket buffer. The socket handler only stamps and queues a frame; the queue
// drains on the next turns of the event loop, a time budget per turn, decoding frames and
// handing their ticks on as one batch per turn. It reports what waits and how old the oldest
// frame is. When the oldest frame is more than `behindMs` (1 s) old it catches up: it decodes
// everything queued into one batch and sheds in the declared order (shed.ts: intermediate
// quotes coalesced, trades and OI never). Above `maxBytes` queued, the socket is paused
// (`pauseSource`: TCP back-pressure to the venue) and resumed once the queue is below half of
// it; without a pauseSource, frames are processed in the socket handler itself (which also stops
// reading the socket). While `holdWhile` says downstream is congested (the tick store's writer
// queue), nothing is decoded: frames wait here, bounded by the pause above, so a slow writer
// slows the socket instead of dropping ticks; a hold over `maxHoldMs` in a row is overridden.
// Every live feed adapter queues its socket frames here (Upstox, OpenAlgo, each of Massive's two
// clusters, the JSON stream): feedFrameQueue() is the one wiring of the queue to a feed's
// listener, log and connection, so every one of them pauses its own socket over maxBytes and
// holds while downstream is congested (the adapter's holdWhile hands the test to its queues).
// Runtime: std (setImmediate).
import type { Tick } from '../../../../shared/market.ts';
import { monoNow } from '../../../../shared/latency.ts';
import type { FrameQueueStatus } from '../../../../shared/status.ts';
import type { FeedListener } from '../feed.ts';
import type { FeedConnection, FeedEndpoint } from './feed-connection.ts';
import type { FeedLog } from './rate-limited-log.ts';
import { shedQuotes } from './shed.ts';

/** One received frame. */
export interface QueuedFrame {
  data: Buffer;
  isBinary: boolean;
  receiveTs: number;
  receiveMono: number;
}

/** What a feed's options may tune (benchmarks: behindMs Infinity measures the ceiling with nothing shed). */
export type FrameQueueTuning = Pick<FrameQueueOptions, 'behindMs' | 'maxBytes' | 'budgetMs' | 'maxHoldMs'>;

export interface FrameQueueOptions {
  /** Decodes one frame, calling collect() with its ticks (the adapter's frame handler). */
  decode(frame: QueuedFrame): void;
  /** Gets each turn's ticks (after shedding, when behind). */
  deliver(ticks: readonly Tick[]): void;
  /** A decode or deliver that threw: counted by the adapter, the queue goes on. */
  failed(err: unknown, what: 'decode' | 'deliver'): void;
  /** Time spent decoding per event-loop turn, ms. Default 8. */
  budgetMs?: number;
  /** Older than this, the queue catches up and sheds. Default 1,000 ms. */
  behindMs?: number;
  /** Bytes queued above which the socket is paused (or, without pauseSource, frames are processed in the socket handler). Default 16 MiB. */
  maxBytes?: number;
  /** A hold longer than this is overridden (a hung disk must not freeze the live feed): the store then drops and counts. Default 5,000 ms. */
  maxHoldMs?: number;
  now?: () => number;
  /** Stops reading the socket (over maxBytes queued); resumeSource starts it again. */
  pauseSource?: () => void;
  resumeSource?: () => void;
}

/** How often a held queue looks again whether downstream has room. */
const HOLD_RECHECK_MS = 2;

export class FrameQueue {
  readonly #o: Required<Omit<FrameQueueOptions, 'decode' | 'deliver' | 'failed' | 'pauseSource' | 'resumeSource'>> & Pick<FrameQueueOptions, 'decode' | 'deliver' | 'failed' | 'pauseSource' | 'resumeSource'>;
  #frames: QueuedFrame[] = [];
  #head = 0;
  #bytes = 0;
  #scheduled = false;
  #batch: Tick[] = [];
  #shed = 0;
  #shedLastAt: number | null = null;
  #lag = 0;
  #lagAt = Number.NEGATIVE_INFINITY;
  #hold: (() => boolean) | null = null;
  #paused = false;
  #pauses = 0;
  #holds = 0;
  #heldSince: number | null = null;

  constructor(opts: FrameQueueOptions) {
    this.#o = { budgetMs: 8, behindMs: 1000, maxBytes: 16 * 1024 * 1024, maxHoldMs: 5000, now: monoNow, ...opts };
  }

  get waiting(): number {
    return this.#frames.length - this.#head;
  }

  /** True while the socket is paused because the queue is over maxBytes. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Downstream back-pressure: while `congested()` is true no frame is decoded (null: none). */
  holdWhile(congested: (() => boolean) | null): void {
    this.#hold = congested;
  }

  /** From the socket: stamp already taken by the connection. */
  push(data: Buffer, isBinary: boolean, receiveTs: number, receiveMono: number): void {
    this.#frames.push({ data, isBinary, receiveTs, receiveMono });
    this.#bytes += data.length;
    if (this.#bytes > this.#o.maxBytes) {
      if (!this.#o.pauseSource) { this.#drain(Number.POSITIVE_INFINITY); return; }
      if (!this.#paused) { this.#paused = true; this.#pauses++; this.#o.pauseSource(); }
    }
    if (!this.#scheduled) { this.#scheduled = true; setImmediate(() => this.#turn()); }
  }

  /** The decoder's ticks of the frame being decoded. */
  collect(ticks: readonly Tick[]): void {
    for (const t of ticks) this.#batch.push(t);
  }

  /** Frames not decoded yet are discarded (the feed stopped). */
  clear(): void {
    this.#frames = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#resume();
  }

  status(): FrameQueueStatus {
    const oldest = this.#frames[this.#head];
    return {
      frames_waiting: this.waiting,
      oldest_frame_age_ms: oldest ? Math.round(this.#o.now() - oldest.receiveMono) : null,
      ticks_shed: this.#shed,
      last_shed_age_ms: this.#shedLastAt === null ? null : Math.round(this.#o.now() - this.#shedLastAt),
      last_batch_lag_ms: this.#o.now() - this.#lagAt < 2000 ? Math.round(this.#lag) : 0,
      bytes_waiting: this.#bytes, socket_pauses: this.#pauses, held_turns: this.#holds,
    };
  }

  #turn(): void {
    this.#scheduled = false;
    if (this.waiting > 0 && this.#held()) {
      this.#holds++;
      this.#scheduled = true;
      setTimeout(() => this.#turn(), HOLD_RECHECK_MS);
      return;
    }
    const oldest = this.#frames[this.#head];
    const behind = oldest !== undefined && this.#o.now() - oldest.receiveMono > this.#o.behindMs;
    this.#drain(behind ? Number.POSITIVE_INFINITY : this.#o.budgetMs, behind);
    if (this.waiting > 0 && !this.#scheduled) { this.#scheduled = true; setImmediate(() => this.#turn()); }
  }

  /** Downstream congested, and not for longer than maxHoldMs in a row. */
  #held(): boolean {
    if (!this.#hold?.()) { this.#heldSince = null; return false; }
    const now = this.#o.now();
    this.#heldSince ??= now;
    return now - this.#heldSince <= this.#o.maxHoldMs;
  }

  #resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#o.resumeSource?.();
  }

  /** Decodes frames for up to `budgetMs` (all of them when infinite), then delivers one batch. */
  #drain(budgetMs: number, shed = false): void {
    const start = performance.now();
    const oldest = this.#frames[this.#head]?.receiveMono;
    while (this.#head < this.#frames.length) {
      const f = this.#frames[this.#head]!;
      this.#frames[this.#head++] = undefined as unknown as QueuedFrame;
      this.#bytes -= f.data.length;
      try {
        this.#o.decode(f);
      } catch (err) {
        this.#o.failed(err, 'decode');
      }
      if (performance.now() - start >= budgetMs) break;
    }
    if (this.#head === this.#frames.length) { this.#frames = []; this.#head = 0; }
    else if (this.#head > 4096) { this.#frames = this.#frames.slice(this.#head); this.#head = 0; }
    if (this.#paused && this.#bytes <= this.#o.maxBytes / 2) this.#resume();
    let ticks = this.#batch;
    this.#batch = [];
    let shedNow = 0;
    if (shed && ticks.length) {
      const r = shedQuotes(ticks);
      ticks = r.ticks;
      shedNow = r.shed;
    }
    if (ticks.length) {
      try {
        this.#o.deliver(ticks);
      } catch (err) {
        this.#o.failed(err, 'deliver');
      }
    }
    // Counted when the catch-up is done, so "falling behind" holds from its end.
    const now = this.#o.now();
    if (shedNow) { this.#shed += shedNow; this.#shedLastAt = now; }
    if (oldest !== undefined) { this.#lag = now - oldest; this.#lagAt = now; }
  }
}

/** Several feeds' queues as one (MultiFeed's summed status): counts summed, the worst age and lag, the latest shed. */
export function mergeQueueStatus(list: readonly FrameQueueStatus[]): FrameQueueStatus {
  const ages = list.flatMap((q) => (q.oldest_frame_age_ms === null ? [] : [q.oldest_frame_age_ms]));
  const shedAges = list.flatMap((q) => (q.last_shed_age_ms === null ? [] : [q.last_shed_age_ms]));
  return {
    frames_waiting: list.reduce((a, q) => a + q.frames_waiting, 0),
    oldest_frame_age_ms: ages.length ? Math.max(...ages) : null,
    ticks_shed: list.reduce((a, q) => a + q.ticks_shed, 0),
    last_shed_age_ms: shedAges.length ? Math.min(...shedAges) : null,
    last_batch_lag_ms: Math.max(0, ...list.map((q) => q.last_batch_lag_ms)),
    bytes_waiting: list.reduce((a, q) => a + (q.bytes_waiting ?? 0), 0),
    socket_pauses: list.reduce((a, q) => a + (q.socket_pauses ?? 0), 0),
    held_turns: list.reduce((a, q) => a + (q.held_turns ?? 0), 0),
  };
}

export interface FeedQueueOptions {
  /** Feed id, for the log. */
  feed: string;
  /** The adapter's frame handler: decodes one frame and calls queue.collect() with its ticks. */
  decode(frame: QueuedFrame): void;
  /** The engine's listener (null before start). */
  listener(): FeedListener | null;
  /**
   * The connection the frames come on, looked up when needed (the queue is made before it): over
   * maxBytes queued its socket is paused (TCP back-pressure to the venue) and resumed below half;
   * a frame handler that threw is counted on it like any refused frame (handler_error).
   */
  connection(): Pick<FeedConnection<FeedEndpoint>, 'pause' | 'resume' | 'countFrame'>;
  log?: FeedLog | undefined;
  tuning?: FrameQueueTuning | undefined;
}

/** A feed connection's frame queue delivering each turn's ticks to its listener; a throw is logged (and counted), never reaches the socket. */
export function feedFrameQueue(o: FeedQueueOptions): FrameQueue {
  return new FrameQueue({
    ...o.tuning,
    decode: o.decode,
    pauseSource: () => o.connection().pause(), resumeSource: () => o.connection().resume(),
    deliver: (ticks) => o.listener()?.onTicks(ticks),
    failed: (err, what) => {
      if (what === 'decode') o.connection().countFrame('handler_error', `frame: ${(err as Error)?.message ?? err}`);
      o.log?.('error', `${o.feed}: ${what === 'deliver' ? 'tick listener' : 'frame handler'} failed: ${(err as Error)?.stack ?? err}`);
    },
  });
}

// A feed that plays a stored range back through the same pipeline as a live feed:
// store → Ticks (exchange timestamps kept) → engine. Paced at 1×, 10× or 100× exchange time, or
// as fast as possible ('max': one batch per event-loop turn so the host stays responsive).
// Pause, resume, seek and speed changes move a replay clock that the engine and the history
// service read as their `now`. Every stored tick of the range is played, whatever the
// subscriptions: the recording already holds only what was subscribed when it was made.
import type { Tick } from '../../../../shared/market.ts';
import type { ReplayControl, ReplaySpeed, ReplayStatus } from '../../../../shared/replay.ts';
import type { AdapterStatus } from '../../../../shared/status.ts';
import type { SessionSpec } from '../../candles/session.ts';
import { StoreReader, type StoredInstrument, type StoredTick } from '../../store/store-reader.ts';
import { FeedError, type FeedAdapter, type FeedListener } from '../feed.ts';

export const REPLAY_SPEEDS: readonly ReplaySpeed[] = [1, 10, 100, 'max'];

export interface ReplayFeedOptions {
  /** The tick store file (opened read-only). */
  file: string;
  from: number;
  to: number;
  speed?: ReplaySpeed;
  session?: SessionSpec;
  /** Start paused (play with control({ action: 'play' })). Default false. */
  paused?: boolean;
  /** Ticks per onTicks call, at most. Default 1000. */
  batchTicks?: number;
  /** Pacing period for 1×/10×/100× (ms). Default 10. */
  stepMs?: number;
  /** Monotonic wall clock for pacing (ms). Default performance.now. */
  wallClock?: () => number;
}

export class ReplayError extends FeedError {
  constructor(message: string) {
    super('replay', message);
    this.name = 'ReplayError';
  }
}

/** A stored tick as the engine takes it (a fresh object: the reader reuses its own). */
export function tickOf(s: StoredTick): Tick {
  const t: Tick = { key: s.key, exchangeTs: s.exchangeTs, receiveTs: s.receiveTs };
  if (s.ltp !== null) t.ltp = s.ltp;
  if (s.ltq !== null) t.ltq = s.ltq;
  if (s.bid !== null) t.bids = [{ price: s.bid, qty: s.bidQty ?? 0 }];
  if (s.ask !== null) t.asks = [{ price: s.ask, qty: s.askQty ?? 0 }];
  if (s.volume !== null) t.volume = s.volume;
  if (s.oi !== null) t.oi = s.oi;
  return t;
}

export class ReplayFeed implements FeedAdapter {
  readonly id = 'replay';
  readonly from: number;
  readonly to: number;
  readonly #reader: StoreReader;
  readonly #instruments: StoredInstrument[];
  readonly #batch: number;
  readonly #stepMs: number;
  readonly #wall: () => number;
  #listener: FeedListener | null = null;
  #speed: ReplaySpeed;
  #playing: boolean;
  #ended = false;
  #position: number;
  /** Pacing anchor: replay time `anchorPos` at wall time `anchorWall`. */
  #anchorPos: number;
  #anchorWall = 0;
  #iter: Iterator<StoredTick> | null = null;
  #next: Tick | null = null;
  #timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  #played = 0;
  #lastTickWall: number | null = null;
  readonly #endListeners = new Set<() => void>();

  constructor(options: ReplayFeedOptions) {
    if (!Number.isFinite(options.from) || !Number.isFinite(options.to) || options.from >= options.to) {
      throw new ReplayError(`range [${options.from}, ${options.to}) is empty or not epoch ms`);
    }
    const speed = options.speed ?? 1;
    if (!REPLAY_SPEEDS.includes(speed)) throw new ReplayError(`speed must be 1, 10, 100 or 'max', got ${JSON.stringify(speed)}`);
    this.from = options.from;
    this.to = options.to;
    this.#speed = speed;
    this.#playing = !options.paused;
    this.#position = this.#anchorPos = options.from;
    this.#batch = options.batchTicks ?? 1000;
    this.#stepMs = options.stepMs ?? 10;
    this.#wall = options.wallClock ?? (() => performance.now());
    this.#reader = new StoreReader(options.file, options.session);
    this.#instruments = this.#reader.instruments();
  }

  /** The instruments the store holds (the replay's registry is built from them). */
  get instruments(): readonly StoredInstrument[] {
    return this.#instruments;
  }

  /** Replay clock: the exchange time played up to (the engine's `now` during a replay). */
  readonly clock = (): number => this.#position;

  start(listener: FeedListener): void {
    this.#listener = listener;
    if (!this.#iter) this.#seekTo(this.#position);
    this.#rebase();
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#listener = null;
    this.#cancel();
  }

  /** Closes the read connection; the feed cannot start again. */
  close(): void {
    this.#cancel();
    this.#iter?.return?.();
    this.#iter = null;
    this.#reader.close();
  }

  setSubscriptions(): void {
    // Every stored tick of the range is played (see the header).
  }

  onEnded(listener: () => void): () => void {
    this.#endListeners.add(listener);
    return () => this.#endListeners.delete(listener);
  }

  status(): AdapterStatus {
    return {
      feed: this.id,
      state: this.#listener ? 'connected' : 'idle',
      message: `replay ${this.replayStatus().state} at ${this.#speed === 'max' ? 'max speed' : `${this.#speed}×`}, ${new Date(this.#position).toISOString()}`,
      subscribed: {},
      frames_received: this.#played,
      ticks_received: this.#played,
      ticks_processed: 0,
      ticks_dropped: 0,
      decode_errors: 0,
      reconnects: 0,
      last_tick_age_ms: this.#lastTickWall === null ? null : Math.round(this.#wall() - this.#lastTickWall),
      segments: {},
    };
  }

  replayStatus(): ReplayStatus {
    return {
      state: this.#ended ? 'ended' : this.#playing ? 'playing' : 'paused',
      speed: this.#speed,
      from: this.from,
      to: this.to,
      position: this.#position,
      ticks_played: this.#played,
    };
  }

  control(c: ReplayControl): ReplayStatus {
    switch (c?.action) {
      case 'play':
        if (this.#ended) this.#seekTo(this.from);
        this.#playing = true;
        break;
      case 'pause':
        this.#playing = false;
        break;
      case 'seek':
        if (typeof c.to !== 'number' || !Number.isFinite(c.to)) throw new ReplayError(`seek needs 'to' in epoch ms, got ${JSON.stringify(c.to)}`);
        this.#seekTo(Math.min(Math.max(c.to, this.from), this.to));
        break;
      case 'speed':
        if (!REPLAY_SPEEDS.includes(c.speed)) throw new ReplayError(`speed must be 1, 10, 100 or 'max', got ${JSON.stringify(c.speed)}`);
        this.#speed = c.speed;
        break;
      default:
        throw new ReplayError(`action must be play, pause, seek or speed; got ${JSON.stringify((c as { action?: unknown } | null)?.action)}`);
    }
    this.#rebase();
    this.#cancel();
    this.#schedule();
    return this.replayStatus();
  }

  #seekTo(ts: number): void {
    this.#iter?.return?.();
    this.#iter = this.#reader.ticks(this.#instruments, ts, this.to);
    this.#next = null;
    this.#ended = false;
    this.#position = ts;
    this.#pull();
  }

  #pull(): void {
    const r = this.#iter!.next();
    this.#next = r.done ? null : tickOf(r.value);
  }

  #rebase(): void {
    this.#anchorPos = this.#position;
    this.#anchorWall = this.#wall();
  }

  #cancel(): void {
    if (this.#timer !== null) { clearTimeout(this.#timer as ReturnType<typeof setTimeout>); clearImmediate(this.#timer as ReturnType<typeof setImmediate>); }
    this.#timer = null;
  }

  #schedule(): void {
    if (this.#timer !== null || !this.#listener || !this.#playing || this.#ended) return;
    const run = (): void => { this.#timer = null; this.#step(); };
    this.#timer = this.#speed === 'max' ? setImmediate(run) : setTimeout(run, this.#stepMs);
  }

  /** Plays what is due: one batch at max speed, everything up to the paced clock otherwise. */
  #step(): void {
    const listener = this.#listener;
    if (!listener || !this.#playing) return;
    const max = this.#speed === 'max';
    const target = max ? this.to : Math.min(this.to, this.#anchorPos + (this.#wall() - this.#anchorWall) * (this.#speed as number));
    for (let batches = 0; batches < (max ? 1 : 50); batches++) {
      const out: Tick[] = [];
      while (this.#next !== null && this.#next.exchangeTs <= target && out.length < this.#batch) {
        out.push(this.#next);
        this.#pull();
      }
      if (out.length === 0) break;
      this.#position = Math.max(this.#position, out[out.length - 1]!.exchangeTs);
      this.#played += out.length;
      this.#lastTickWall = this.#wall();
      listener.onTicks(out);
      if (this.#next === null || this.#next.exchangeTs > target) break;
    }
    if (!max) this.#position = Math.max(this.#position, target);
    if (this.#next === null) {
      this.#position = this.to;
      this.#ended = true;
      this.#playing = false;
      for (const l of this.#endListeners) l();
      return;
    }
    this.#schedule();
  }
}

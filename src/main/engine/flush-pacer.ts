// When the engine sends deltas: as soon as something new arrived, but never sooner than
// `minMs` (--flush-ms, default 16) after the last flush. After an idle gap the first tick is
// flushed on the next turn of the event loop (the rest of that socket read joins it), not a
// whole period later; under a steady stream flushes are spaced minMs apart.
// When a screen reports its display's frame clock (chain.frame_clock), the steady-stream flush
// is moved to FRAME_LEAD_MS before that screen's next frame (still >= minMs after the last):
// the delta lands just before the frame that shows it instead of at a random point of the
// frame, where it waited up to a whole frame (and behind the page's own rendering) to be shown.
// Time and timers are injected so tests drive them. Runtime: std.

export interface PacerClock {
  /** Monotonic ms. */
  now(): number;
  /** Runs `run` after `ms` (0: on the next turn of the event loop); returns a cancel function. */
  later(ms: number, run: () => void): () => void;
}

export const eventLoopClock: PacerClock = {
  now: () => performance.now(),
  later: (ms, run) => {
    if (ms <= 0) { const h = setImmediate(run); return () => clearImmediate(h); }
    const h = setTimeout(run, ms);
    return () => clearTimeout(h);
  },
};

/** A display's frames: one began at `at` (the pacer clock's ms), then one every `every` ms. */
export interface FrameCadence {
  at: number;
  every: number;
}

/** How long before the screen's frame a steady-stream delta is sent (send, socket, parse). */
export const FRAME_LEAD_MS = 4;
/** A frame clock not reported again within this long is dropped (the page went away or hid). */
export const FRAME_CLOCK_STALE_MS = 3000;

/**
 * A timer that fires this late still counts from when it was due: spacing is kept on the
 * schedule, so one late timer does not push the next flush past the frame it was meant for.
 */
export const TIMER_SLACK_MS = 2;

/** The first time >= earliest that is `lead` ms before one of the cadence's frames. */
export function alignedFlushAt(earliest: number, frames: FrameCadence, lead = FRAME_LEAD_MS): number {
  const k = Math.ceil((earliest + lead - frames.at) / frames.every);
  return frames.at + k * frames.every - lead;
}

export class FlushPacer {
  readonly #flush: () => void;
  readonly #minMs: number;
  readonly #clock: PacerClock;
  #cancel: (() => void) | null = null;
  #last = Number.NEGATIVE_INFINITY;
  /** When the flush now running from the timer was due (null: not from the timer). */
  #due: number | null = null;
  #frames: FrameCadence | null = null;
  #framesAt = Number.NEGATIVE_INFINITY;

  constructor(flush: () => void, minMs: number, clock: PacerClock = eventLoopClock) {
    if (!(minMs >= 0)) throw new RangeError(`flush interval must be >= 0 ms, got ${minMs}`);
    this.#flush = flush;
    this.#minMs = minMs;
    this.#clock = clock;
  }

  /** Something new is waiting: flush at the earliest moment the rule allows (requests before it share it). */
  request(): void {
    if (this.#cancel) return;
    const now = this.#clock.now();
    const earliest = this.#last + this.#minMs;
    const frames = this.#frames && now - this.#framesAt <= FRAME_CLOCK_STALE_MS ? this.#frames : null;
    // After an idle gap: at once. Under a steady stream: just before the screen's next frame.
    const at = earliest > now && frames ? alignedFlushAt(earliest, frames) : earliest;
    const wait = Math.max(0, at - now);
    const due = now + wait;
    this.#cancel = this.#clock.later(wait, () => {
      this.#cancel = null;
      this.#due = due;
      try { this.#flush(); } finally { this.#due = null; }
    });
  }

  /** A flush just ran (by the timer or called directly): the next waits minMs from now (from when it was due, if the timer was a little late). */
  ran(): void {
    const now = this.#clock.now();
    this.#last = this.#due === null ? now : Math.max(now - TIMER_SLACK_MS, Math.min(now, this.#due));
  }

  /** A screen's frame clock (null: none); steady-stream flushes follow it until it goes stale. */
  alignTo(frames: FrameCadence | null): void {
    if (frames && !(Number.isFinite(frames.at) && frames.every > 0)) throw new RangeError(`a frame cadence needs a finite start and a period > 0 ms, got ${JSON.stringify(frames)}`);
    this.#frames = frames;
    this.#framesAt = this.#clock.now();
  }

  get pending(): boolean {
    return this.#cancel !== null;
  }

  cancel(): void {
    this.#cancel?.();
    this.#cancel = null;
  }
}

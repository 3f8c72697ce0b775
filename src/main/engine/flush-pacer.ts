// When the engine sends deltas: as soon as something new arrived, but never sooner than
// `minMs` (--flush-ms, default 16) after the last flush. After an idle gap the first tick is
// flushed on the next turn of the event loop (the rest of that socket read joins it), not a
// whole period later; under a steady stream flushes are spaced minMs apart.
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

export class FlushPacer {
  readonly #flush: () => void;
  readonly #minMs: number;
  readonly #clock: PacerClock;
  #cancel: (() => void) | null = null;
  #last = Number.NEGATIVE_INFINITY;

  constructor(flush: () => void, minMs: number, clock: PacerClock = eventLoopClock) {
    if (!(minMs >= 0)) throw new RangeError(`flush interval must be >= 0 ms, got ${minMs}`);
    this.#flush = flush;
    this.#minMs = minMs;
    this.#clock = clock;
  }

  /** Something new is waiting: flush at the earliest moment the rule allows (requests before it share it). */
  request(): void {
    if (this.#cancel) return;
    const wait = Math.max(0, this.#last + this.#minMs - this.#clock.now());
    this.#cancel = this.#clock.later(wait, () => {
      this.#cancel = null;
      this.#flush();
    });
  }

  /** A flush just ran (by the timer or called directly): the next waits minMs from now. */
  ran(): void {
    this.#last = this.#clock.now();
  }

  get pending(): boolean {
    return this.#cancel !== null;
  }

  cancel(): void {
    this.#cancel?.();
    this.#cancel = null;
  }
}

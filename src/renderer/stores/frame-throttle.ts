// Coalesces "something changed" into one run on an animation frame, at most once per
// interval. The grid needs no more than ~10 repaints a second to be read by a person; at
// firehose rates every extra repaint is CPU taken from the feed on a shared machine.
// Time and frames are injected so tests drive them.

export interface FrameClock {
  now(): number;
  nextFrame(run: () => void): void;
  after(ms: number, run: () => void): void;
}

/** Default spacing of grid updates: 100 ms, i.e. at most 10 transactions per second. */
export const GRID_MIN_INTERVAL_MS = 100;

export class FrameThrottle {
  readonly #run: () => void;
  readonly #minIntervalMs: number;
  readonly #clock: FrameClock;
  #pending = false;
  #lastRun = Number.NEGATIVE_INFINITY;

  constructor(run: () => void, minIntervalMs: number, clock: FrameClock) {
    this.#run = run;
    this.#minIntervalMs = minIntervalMs;
    this.#clock = clock;
  }

  /** Asks for one run; any number of requests before it happens share it. */
  request(): void {
    if (this.#pending) return;
    this.#pending = true;
    const wait = this.#lastRun + this.#minIntervalMs - this.#clock.now();
    if (wait > 0) this.#clock.after(wait, () => this.#clock.nextFrame(() => this.#fire()));
    else this.#clock.nextFrame(() => this.#fire());
  }

  #fire(): void {
    this.#pending = false;
    this.#lastRun = this.#clock.now();
    this.#run();
  }
}

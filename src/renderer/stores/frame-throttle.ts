// Coalesces "something changed" into one run on the next animation frame, optionally at most
// once per interval. The chain grid runs at the display's frame rate (interval 0): a tick
// reaches the screen on the first frame after it arrives, and any number of deltas between
// two frames cost one grid transaction. Time and frames are injected so tests drive them.

export interface FrameClock {
  now(): number;
  nextFrame(run: () => void): void;
  after(ms: number, run: () => void): void;
  /** Runs `run` in the first task after the browser painted the current frame (absent in tests). */
  afterPaint?(run: () => void): void;
}

/**
 * Default spacing of grid updates: 0 = every display frame (requestAnimationFrame). Measured
 * with bench/renderer-apply: one transaction per frame is well inside the frame budget.
 */
export const GRID_MIN_INTERVAL_MS = 0;

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

// Fixed-size histories the detectors keep per contract: O(1) per tick, no allocation after
// construction. Runtime: std.

/**
 * The value of a series `steps` steps ago, sampled on a grid of `resMs`: each slot holds the
 * last value seen at or before the end of its step (a step with no update carries the last
 * value forward), so `ago()` is "the value one window ago" to within one step.
 */
export class StepRing {
  readonly steps: number;
  readonly resMs: number;
  readonly #vals: Float64Array;
  #lastStep = Number.NaN;
  #firstStep = Number.NaN;
  #last = Number.NaN;

  constructor(windowMs: number, steps = 30) {
    this.steps = steps;
    this.resMs = Math.max(1, windowMs / steps);
    this.#vals = new Float64Array(steps + 1);
  }

  /** Records `v` at time `t` (times must not go backwards; an older one is taken as the latest step). */
  update(t: number, v: number): void {
    const step = Math.floor(t / this.resMs);
    const len = this.#vals.length;
    if (Number.isNaN(this.#lastStep)) {
      this.#firstStep = step;
    } else if (step > this.#lastStep) {
      const end = Math.min(step, this.#lastStep + len + 1);
      for (let s = this.#lastStep + 1; s < end; s++) this.#vals[s % len] = this.#last;
    }
    if (!(step < this.#lastStep)) this.#lastStep = step;
    this.#vals[this.#lastStep % len] = v;
    this.#last = v;
  }

  /** The value one window (`steps` steps) before time `t`, or NaN with less history than that. */
  ago(t: number): number {
    const step = Math.max(Math.floor(t / this.resMs), this.#lastStep);
    const then = step - this.steps;
    if (Number.isNaN(this.#lastStep) || then < this.#firstStep) return Number.NaN;
    if (then > this.#lastStep) return this.#last;
    return this.#vals[then % this.#vals.length]!;
  }
}

/**
 * One sample per second (the last value of that second; seconds with no update repeat it) over
 * the last `size` completed seconds, and their median, recomputed once per second.
 */
export class MedianRing {
  readonly size: number;
  readonly #vals: Float64Array;
  readonly #scratch: Float64Array;
  #head = 0;
  #count = 0;
  #second = Number.NaN;
  #last = Number.NaN;
  /** Median of the completed samples; NaN until `size` of them. */
  median = Number.NaN;

  constructor(size: number) {
    this.size = size;
    this.#vals = new Float64Array(size);
    this.#scratch = new Float64Array(size);
  }

  update(t: number, v: number): void {
    const second = Math.floor(t / 1000);
    if (!Number.isNaN(this.#second) && second > this.#second) {
      const done = Math.min(second - this.#second, this.size);
      for (let i = 0; i < done; i++) this.#push(this.#last);
      this.#recompute();
    }
    if (Number.isNaN(this.#second) || second > this.#second) this.#second = second;
    this.#last = v;
  }

  #push(v: number): void {
    this.#vals[this.#head] = v;
    this.#head = (this.#head + 1) % this.size;
    if (this.#count < this.size) this.#count++;
  }

  #recompute(): void {
    if (this.#count < this.size) return;
    const s = this.#scratch;
    s.set(this.#vals);
    s.sort();
    const n = this.size;
    this.median = n % 2 ? s[(n - 1) >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  }
}

/** Sum of the last `size` completed windows' values (a rolling mean's numerator). */
export class WindowSums {
  readonly size: number;
  readonly #vals: Float64Array;
  #head = 0;
  count = 0;
  sum = 0;

  constructor(size: number) {
    this.size = size;
    this.#vals = new Float64Array(size);
  }

  push(v: number): void {
    if (this.count === this.size) this.sum -= this.#vals[this.#head]!;
    else this.count++;
    this.#vals[this.#head] = v;
    this.sum += v;
    this.#head = (this.#head + 1) % this.size;
  }

  get mean(): number {
    return this.count ? this.sum / this.count : Number.NaN;
  }
}

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

/** Values above this (in whole ticks) count as this in the median. */
export const MAX_MEDIAN_TICKS = 1023;

/**
 * One sample per second (the last value of that second; seconds with no update repeat it) over
 * the last `size` completed seconds, and their median. Values are whole ticks, kept in a count
 * per tick value as well, so a new sample and the median cost a short walk, not a sort.
 */
export class MedianRing {
  readonly size: number;
  readonly #vals: Uint16Array;
  readonly #counts = new Uint16Array(MAX_MEDIAN_TICKS + 1);
  #head = 0;
  #count = 0;
  #second = Number.NaN;
  #last = 0;
  /** Median of the completed samples, in ticks; NaN until `size` of them. */
  median = Number.NaN;

  constructor(size: number) {
    this.size = size;
    this.#vals = new Uint16Array(size);
  }

  /** Records `ticks` (a whole number of ticks) at time t. */
  update(t: number, ticks: number): void {
    const second = Math.floor(t / 1000);
    if (!Number.isNaN(this.#second) && second > this.#second) {
      const done = Math.min(second - this.#second, this.size);
      for (let i = 0; i < done; i++) this.#push(this.#last);
      if (this.#count === this.size) this.median = this.#walk();
    }
    if (Number.isNaN(this.#second) || second > this.#second) this.#second = second;
    this.#last = ticks < 0 ? 0 : ticks > MAX_MEDIAN_TICKS ? MAX_MEDIAN_TICKS : ticks;
  }

  #push(v: number): void {
    if (this.#count === this.size) this.#counts[this.#vals[this.#head]!]!--;
    else this.#count++;
    this.#vals[this.#head] = v;
    this.#counts[v]!++;
    this.#head = (this.#head + 1) % this.size;
  }

  /** The median: the middle value (odd count) or the mean of the two middle ones. */
  #walk(): number {
    const n = this.#count;
    const lo = (n - 1) >> 1, hi = n >> 1;
    let seen = 0, a = -1;
    for (let v = 0; v <= MAX_MEDIAN_TICKS; v++) {
      seen += this.#counts[v]!;
      if (a < 0 && seen > lo) a = v;
      if (seen > hi) return (a + v) / 2;
    }
    return a;
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

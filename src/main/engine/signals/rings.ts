// Fixed-size histories the detectors keep per contract, as ranges of one Float64Array (a
// contract's slot in its SignalBook): O(1) per tick, no allocation after the slot is made.
// Runtime: std.

/**
 * "The value one window ago", sampled on a grid of `resMs` (window / steps): each step's slot
 * holds the last value seen at or before the end of that step (a step with no update carries
 * the last value forward). The current step's value is kept in `last` and written to its slot
 * when the step ends, so an update inside a step costs one compare and one store. Fields are
 * offsets in the contract's slot: the per-tick ones (end, last, lo, hi) apart from the rest so
 * a book can keep every detector's per-tick fields together.
 */
export interface StepSpec {
  /** End time of the current step (NaN: no value yet). */
  end: number;
  last: number;
  /** A quiet band around the reference the owner may keep (lo, hi). */
  lo: number;
  hi: number;
  lastStep: number;
  firstStep: number;
  /** The value one window before the current step (the owner's cache). */
  ref: number;
  /** The steps + 1 values. */
  v: number;
  steps: number;
  resMs: number;
}

export function stepSpec(hot: { end: number; last: number; lo: number; hi: number }, cold: number, v: number, windowMs: number, steps = 30): StepSpec {
  return { ...hot, lastStep: cold, firstStep: cold + 1, ref: cold + 2, v, steps, resMs: Math.max(1, windowMs / steps) };
}

export function initStep(a: Float64Array, b: number, s: StepSpec): void {
  a[b + s.lastStep] = a[b + s.firstStep] = a[b + s.last] = a[b + s.end] = a[b + s.ref] = Number.NaN;
  a[b + s.lo] = Number.NEGATIVE_INFINITY;
  a[b + s.hi] = Number.POSITIVE_INFINITY;
}

/**
 * Records `v` at time `t` (a time before the current step counts as the current step); true when
 * a new step began (the value one window ago changed).
 */
export function stepUpdate(a: Float64Array, b: number, s: StepSpec, t: number, v: number): boolean {
  if (t < a[b + s.end]!) { a[b + s.last] = v; return false; }
  const step = Math.floor(t / s.resMs);
  const last = a[b + s.lastStep]!;
  const len = s.steps + 1;
  if (Number.isNaN(last)) {
    a[b + s.firstStep] = step;
    a[b + s.lastStep] = step;
  } else if (step > last) {
    const prev = a[b + s.last]!;
    const end = Math.min(step, last + len + 1);
    for (let st = last; st < end; st++) a[b + s.v + (st % len)] = prev;
    a[b + s.lastStep] = step;
  }
  a[b + s.end] = (a[b + s.lastStep]! + 1) * s.resMs;
  a[b + s.last] = v;
  return true;
}

/** The value one window (`steps` steps) before time `t`, or NaN with less history than that. */
export function stepAgo(a: Float64Array, b: number, s: StepSpec, t: number): number {
  const last = a[b + s.lastStep]!;
  if (Number.isNaN(last)) return Number.NaN;
  const then = Math.max(Math.floor(t / s.resMs), last) - s.steps;
  if (then < a[b + s.firstStep]!) return Number.NaN;
  if (then >= last) return a[b + s.last]!;
  return a[b + s.v + (then % (s.steps + 1))]!;
}

/**
 * The sum of the last `size` completed windows' values (a rolling mean's numerator): header at
 * `h` (head, count, sum), `size` values at `v`.
 */
export const W_HEAD = 0, W_COUNT = 1, W_SUM = 2;

export function windowPush(a: Float64Array, b: number, h: number, v: number, size: number, x: number): void {
  const head = a[b + h + W_HEAD]!;
  if (a[b + h + W_COUNT] === size) a[b + h + W_SUM]! -= a[b + v + head]!;
  else a[b + h + W_COUNT]!++;
  a[b + v + head] = x;
  a[b + h + W_SUM]! += x;
  a[b + h + W_HEAD] = head + 1 === size ? 0 : head + 1;
}

/**
 * One sample per second (the last value of that second; seconds with no update repeat it) over
 * the last `size` completed seconds, and their exact median. The samples are kept twice: in
 * arrival order (a ring at `v`, to know which one leaves) and sorted (at `sv`), so a new second
 * costs a binary search and a shift of at most `size` values, and the median is read directly.
 * Fields are offsets in the slot, the per-tick ones (end, last, lo, hi) apart as for StepSpec.
 */
export interface MedianSpec {
  end: number;
  last: number;
  lo: number;
  hi: number;
  median: number;
  head: number;
  count: number;
  /** The ring of samples, and the same samples sorted. */
  v: number;
  sv: number;
  size: number;
}

export function medianSpec(hot: { end: number; last: number; lo: number; hi: number }, cold: number, v: number, size: number): MedianSpec {
  return { ...hot, median: cold, head: cold + 1, count: cold + 2, v, sv: v + size, size };
}

export function initMedian(a: Float64Array, b: number, m: MedianSpec): void {
  a[b + m.end] = a[b + m.median] = Number.NaN;
  a[b + m.last] = a[b + m.head] = a[b + m.count] = 0;
  a[b + m.lo] = Number.NEGATIVE_INFINITY;
  a[b + m.hi] = Number.POSITIVE_INFINITY;
}

/**
 * Records `x` at time t; true when a second completed (the median may have changed). The
 * sample a second gives is its last `x` divided by `unit` and rounded (e.g. a spread in whole
 * ticks), worked out only when the second ends.
 */
export function medianUpdate(a: Float64Array, b: number, m: MedianSpec, t: number, x: number, unit: number): boolean {
  const end = a[b + m.end]!;
  if (t < end) { a[b + m.last] = x; return false; }
  const second = Math.floor(t / 1000);
  if (!Number.isNaN(end)) {
    const done = second - (end / 1000 - 1);
    const last = Math.round(a[b + m.last]! / unit);
    if (done >= m.size) fillAll(a, b, m, last);
    else for (let i = 0; i < done; i++) medianPush(a, b, m, last);
    if (a[b + m.count] === m.size) {
      const n = m.size;
      a[b + m.median] = (a[b + m.sv + ((n - 1) >> 1)]! + a[b + m.sv + (n >> 1)]!) / 2;
    }
  }
  a[b + m.end] = (second + 1) * 1000;
  a[b + m.last] = x;
  return true;
}

function fillAll(a: Float64Array, b: number, m: MedianSpec, x: number): void {
  a.fill(x, b + m.v, b + m.v + m.size);
  a.fill(x, b + m.sv, b + m.sv + m.size);
  a[b + m.count] = m.size;
  a[b + m.head] = 0;
}

function medianPush(a: Float64Array, b: number, m: MedianSpec, x: number): void {
  const head = a[b + m.head]!, ring = b + m.v, sorted = b + m.sv;
  let n = a[b + m.count]!;
  if (n === m.size) {
    const old = a[ring + head]!;
    if (old !== x) {
      // Take the leaving value out of the sorted samples.
      let at = lowerBound(a, sorted, n, old);
      for (; at < n - 1; at++) a[sorted + at] = a[sorted + at + 1]!;
      n--;
      insertSorted(a, sorted, n, x);
    }
  } else {
    insertSorted(a, sorted, n, x);
    a[b + m.count] = n + 1;
  }
  a[ring + head] = x;
  a[b + m.head] = head + 1 === m.size ? 0 : head + 1;
}

function lowerBound(a: Float64Array, at: number, n: number, x: number): number {
  let lo = 0, hi = n;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[at + mid]! < x) lo = mid + 1; else hi = mid; }
  return lo;
}

function insertSorted(a: Float64Array, at: number, n: number, x: number): void {
  let i = n;
  for (; i > 0 && a[at + i - 1]! > x; i--) a[at + i] = a[at + i - 1]!;
  a[at + i] = x;
}

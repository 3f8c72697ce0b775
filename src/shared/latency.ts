// Latency as the trader sees it: socket → screen. One clock for every process on the machine:
// monoNow() is the monotonic clock (performance.now) placed on the epoch by the process's
// performance.timeOrigin, so the engine (Node), the renderer (Chromium) and the Electron main
// process read the same time to within about a millisecond while never stepping back.
// LatencyWindow keeps the samples of the last minute and gives their percentiles.
// Runtime: std (node and DOM both have performance).

/** Monotonic ms on the epoch: what every receive, send and paint time is taken with. */
export function monoNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * A screen's display frames, reported by the page about once a second (chain.frame_clock): the
 * engine sends steady-stream deltas just before that screen's next frame.
 */
export interface FrameClockReport {
  /** When one display frame began (the requestAnimationFrame time), on monoNow()'s clock. */
  frame_at_ms: number;
  /** The display's frame period, ms (16.67 at 60 Hz). */
  frame_every_ms: number;
}

/** Percentiles of one latency over the last minute, ms (null before the first sample). */
export interface LatencySummary {
  p50: number | null;
  p99: number | null;
  max: number | null;
  /** Samples in the window. */
  samples: number;
  /** The window, ms (60,000). */
  window_ms: number;
}

export const LATENCY_WINDOW_MS = 60_000;

/** Samples (time, value) of the last `windowMs` in a ring; percentiles sort a copy (call it once a second, not per sample). */
export class LatencyWindow {
  readonly #windowMs: number;
  readonly #at: Float64Array;
  readonly #value: Float64Array;
  #next = 0;
  #count = 0;

  constructor(windowMs = LATENCY_WINDOW_MS, capacity = 1 << 16) {
    this.#windowMs = windowMs;
    this.#at = new Float64Array(capacity);
    this.#value = new Float64Array(capacity);
  }

  add(value: number, at: number): void {
    if (!Number.isFinite(value)) return;
    this.#at[this.#next] = at;
    this.#value[this.#next] = value;
    this.#next = (this.#next + 1) % this.#at.length;
    if (this.#count < this.#at.length) this.#count++;
  }

  /** The values of the window ending at `now`, oldest first. */
  values(now: number): number[] {
    const out: number[] = [];
    const cap = this.#at.length;
    for (let i = 0; i < this.#count; i++) {
      const j = (this.#next - this.#count + i + cap) % cap;
      if (now - this.#at[j]! <= this.#windowMs) out.push(this.#value[j]!);
    }
    return out;
  }

  summary(now: number): LatencySummary {
    return summarize(this.values(now), this.#windowMs);
  }
}

/** p50/p99/max of `values` (nearest rank), rounded to 0.1 ms. */
export function summarize(values: readonly number[], windowMs = LATENCY_WINDOW_MS): LatencySummary {
  if (values.length === 0) return { p50: null, p99: null, max: null, samples: 0, window_ms: windowMs };
  const s = Float64Array.from(values).sort();
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), max: Math.round(s[s.length - 1]! * 10) / 10, samples: s.length, window_ms: windowMs };
}

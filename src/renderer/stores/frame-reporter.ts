// Tells the engine when this screen's display frames begin (chain.frame_clock), so it sends each
// steady-stream delta just before a frame (main/engine/flush-pacer.ts) rather than at a random
// point of one, where the delta waited up to a whole frame, often behind the page's own
// rendering, to be shown. About once a second it watches a few animation frames in a row: the
// smallest gap between them is the display's period (a skipped frame only makes a gap longer)
// and the last frame's time fixes the phase. A hidden page has no frames and reports nothing;
// the engine then drops the clock and paces as before.
import type { FrameClockReport } from '../../shared/latency.ts';

/** Frames and timers of the page; injected so tests drive them. */
export interface FrameSource {
  /** requestAnimationFrame: `run` gets the frame's start on monoNow()'s clock (timeOrigin + the rAF time). */
  frame(run: (at: number) => void): void;
  every(ms: number, run: () => void): () => void;
}

export const FRAME_REPORT_MS = 1000;
/** Frames watched per report (gaps = FRAMES - 1). */
const FRAMES = 4;

export const browserFrames: FrameSource = {
  frame: (run) => { requestAnimationFrame((t) => run(performance.timeOrigin + t)); },
  every: (ms, run) => { const id = setInterval(run, ms); return () => clearInterval(id); },
};

/** Starts the reports; returns the stop function. `send` failing is logged once per run of failures. */
export function startFrameReports(send: (report: FrameClockReport) => Promise<unknown>, source: FrameSource = browserFrames): () => void {
  let measuring = false;
  let failing = false;
  const measure = () => {
    if (measuring) return; // a hidden page has not run the last measurement's frames yet
    measuring = true;
    const seen: number[] = [];
    const onFrame = (at: number) => {
      seen.push(at);
      if (seen.length < FRAMES) { source.frame(onFrame); return; }
      measuring = false;
      const every = Math.min(...seen.slice(1).map((t, i) => t - seen[i]!));
      if (!(every >= 4 && every <= 100)) return; // not a display's cadence (a stalled page): skip this report
      send({ frame_at_ms: seen.at(-1)!, frame_every_ms: every }).then(
        () => { failing = false; },
        (err: unknown) => { if (!failing) console.warn('optick: reporting the display frame clock failed (deltas are paced without it)', err); failing = true; },
      );
    };
    source.frame(onFrame);
  };
  measure();
  return source.every(FRAME_REPORT_MS, measure);
}

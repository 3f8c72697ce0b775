// The page's report of its display frames (chain.frame_clock): period from the smallest gap of
// a few frames in a row, phase from the last; a hidden page (no frames) piles nothing up; a
// failing call is logged once per run of failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFrameReports, FRAME_REPORT_MS, type FrameSource } from '../../src/renderer/stores/frame-reporter.ts';
import type { FrameClockReport } from '../../src/shared/latency.ts';

class Frames implements FrameSource {
  pending: ((at: number) => void)[] = [];
  ticks: (() => void)[] = [];
  frame = (run: (at: number) => void) => { this.pending.push(run); };
  every = (ms: number, run: () => void) => { assert.equal(ms, FRAME_REPORT_MS); this.ticks.push(run); return () => { this.ticks = []; }; };
  /** Runs the frames asked for, one at each of `times`. */
  show(times: number[]): void { for (const t of times) for (const run of this.pending.splice(0)) run(t); }
}

test('a report: the period is the smallest gap (a skipped frame only lengthens one), the phase the last frame', async () => {
  const frames = new Frames();
  const sent: FrameClockReport[] = [];
  const stop = startFrameReports(async (r) => { sent.push(r); }, frames);
  frames.show([1000, 1016.7, 1050, 1066.7]); // one frame skipped between 1016.7 and 1050
  assert.equal(sent.length, 1);
  assert.equal(sent[0]!.frame_at_ms, 1066.7);
  assert.ok(Math.abs(sent[0]!.frame_every_ms - 16.7) < 1e-9, `period ${sent[0]!.frame_every_ms}`);
  stop();
  assert.equal(frames.ticks.length, 0, 'stopped: no more reports');
});

test('a hidden page (no frames) starts no second measurement; a stalled page (gaps > 100 ms) reports nothing', () => {
  const frames = new Frames();
  const sent: FrameClockReport[] = [];
  startFrameReports(async (r) => { sent.push(r); }, frames);
  frames.ticks[0]!(); frames.ticks[0]!(); // two report ticks while no frame ran
  assert.equal(frames.pending.length, 1, 'one measurement waits for frames, not three');
  frames.show([0, 200, 400, 600]);
  assert.equal(sent.length, 0, 'no display runs at 5 Hz: no report');
});

test('a failing call is logged once per run of failures and the reports go on', async () => {
  const frames = new Frames();
  const warned: unknown[] = [];
  const warn = console.warn;
  console.warn = (...a: unknown[]) => { warned.push(a[0]); };
  try {
    let fail = true;
    let calls = 0;
    startFrameReports(async () => { calls++; if (fail) throw new Error('link down'); }, frames);
    for (let i = 0; i < 3; i++) { frames.show([0, 16.7, 33.3, 50]); await new Promise((r) => setImmediate(r)); frames.ticks[0]!(); }
    assert.equal(calls, 3);
    assert.equal(warned.length, 1, 'logged once');
    assert.match(String(warned[0]), /frame clock/);
    fail = false;
    frames.show([0, 16.7, 33.3, 50]); await new Promise((r) => setImmediate(r));
    fail = true; frames.ticks[0]!();
    frames.show([0, 16.7, 33.3, 50]); await new Promise((r) => setImmediate(r));
    assert.equal(warned.length, 2, 'a new run of failures is logged again');
  } finally {
    console.warn = warn;
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameThrottle } from '../../src/renderer/stores/frame-throttle.ts';
import type { FrameClock } from '../../src/renderer/stores/frame-throttle.ts';

/** A clock the test moves by hand: frames every 16 ms, timers fire when time passes them. */
class SteppedClock implements FrameClock {
  time = 0;
  #frames: (() => void)[] = [];
  #timers: { at: number; run: () => void }[] = [];
  now = () => this.time;
  nextFrame = (run: () => void) => { this.#frames.push(run); };
  after = (ms: number, run: () => void) => { this.#timers.push({ at: this.time + ms, run }); };
  /** Advances time; timers fire at their due time, frame callbacks on each 16 ms boundary. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const frameAt = (Math.floor(this.time / 16) + 1) * 16;
      const timer = this.#timers.reduce<{ at: number; run: () => void } | null>((a, t) => (a === null || t.at < a.at ? t : a), null);
      if (timer && timer.at <= end && timer.at < frameAt) {
        this.#timers.splice(this.#timers.indexOf(timer), 1);
        this.time = Math.max(this.time, timer.at);
        timer.run();
      } else if (frameAt <= end) {
        this.time = frameAt;
        for (const frame of this.#frames.splice(0)) frame();
      } else break;
    }
    this.time = end;
  }
}

test('requests before a frame share one run on that frame', () => {
  const clock = new SteppedClock();
  const runs: number[] = [];
  const throttle = new FrameThrottle(() => runs.push(clock.time), 100, clock);
  for (let i = 0; i < 500; i++) throttle.request();
  assert.deepEqual(runs, []);
  clock.advance(16);
  assert.deepEqual(runs, [16]);
});

test('a steady stream of changes runs about every interval, never closer', () => {
  const clock = new SteppedClock();
  const runs: number[] = [];
  const throttle = new FrameThrottle(() => runs.push(clock.time), 100, clock);
  for (let t = 0; t < 1000; t += 4) { throttle.request(); clock.advance(4); }
  assert.ok(runs.length >= 8 && runs.length <= 10, `runs at ${runs.join(', ')}`);
  for (let i = 1; i < runs.length; i++) assert.ok(runs[i]! - runs[i - 1]! >= 100, `runs ${runs[i - 1]} and ${runs[i]} closer than 100 ms`);
});

test('after a quiet spell the next change is shown on the next frame', () => {
  const clock = new SteppedClock();
  const runs: number[] = [];
  const throttle = new FrameThrottle(() => runs.push(clock.time), 100, clock);
  throttle.request();
  clock.advance(16);
  clock.advance(500);
  throttle.request();
  clock.advance(16);
  assert.deepEqual(runs, [16, 528]);
});

// A test clock with two time lines, as a real machine has: the wall clock (what `now()`
// reads) and the monotonic clock timers run on. `advance` moves both; `sleep` and
// `jumpWall` move only the wall clock, as a suspended laptop or a changed system clock do.
import type { FeedControl, SchedulerClock, SchedulerTimers } from '../../src/main/engine/schedule/scheduler.ts';

interface Timer { id: number; due: number; fn: () => void }

export class FakeTime implements SchedulerClock, SchedulerTimers {
  #wall: number;
  #mono = 0;
  #seq = 0;
  #timers: Timer[] = [];
  wakeUps = 0;

  constructor(startWall: number) {
    this.#wall = startWall;
  }
  now(): number {
    return this.#wall;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const t = { id: ++this.#seq, due: this.#mono + Math.max(0, ms), fn };
    this.#timers.push(t);
    return t.id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }
  /** Runs time forward to wall time `wallTarget`, firing due timers in order. */
  advanceTo(wallTarget: number): void {
    for (;;) {
      this.#timers.sort((a, b) => a.due - b.due || a.id - b.id);
      const next = this.#timers[0];
      if (!next || this.#wall + (next.due - this.#mono) > wallTarget) break;
      this.#timers.shift();
      this.#wall += next.due - this.#mono;
      this.#mono = next.due;
      this.wakeUps++;
      next.fn();
    }
    this.#mono += wallTarget - this.#wall;
    this.#wall = wallTarget;
  }
  /** The machine sleeps for `ms`: the wall clock moves, timers do not. */
  sleep(ms: number): void {
    this.#wall += ms;
  }
  pending(): number {
    return this.#timers.length;
  }
}

export interface FeedEvent { action: 'connect' | 'activate' | 'disconnect'; at: string }

/** A feed that records what the scheduler told it, with the wall time as ISO (UTC). */
export class RecordingFeed implements FeedControl {
  readonly events: FeedEvent[] = [];
  readonly #clock: SchedulerClock;
  failNext = 0;
  constructor(clock: SchedulerClock) {
    this.#clock = clock;
  }
  #record(action: FeedEvent['action']): void {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error(`socket refused during ${action}`);
    }
    this.events.push({ action, at: new Date(this.#clock.now()).toISOString() });
  }
  connect(): void { this.#record('connect'); }
  activate(): void { this.#record('activate'); }
  disconnect(): void { this.#record('disconnect'); }
}

/** Instant of an IST wall time (IST has no DST: fixed +05:30 is exact here, and used only to state expectations). */
export const ist = (date: string, hhmm: string): number => Date.parse(`${date}T${hhmm}:00+05:30`);
export const iso = (t: number): string => new Date(t).toISOString();

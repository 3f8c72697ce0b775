// Drives a MarketModel in real time: one model slot per slotMs of wall time, catching up at most
// a second's worth after a pause (the rest is skipped and counted). Each protocol server of the
// simulator is told after every slot (ticked) and after each burst of slots (publish). Runtime: node.
import type { MarketModel } from './model.ts';

const MAX_CATCH_UP_MS = 1000;

export interface ModelClockHooks {
  /** Called before each wake-up: false = market closed (time passes, prices do not move). */
  trading(): boolean;
  /** After each model step: the slot's ticked instruments are in model.ticked. */
  ticked(): void;
  /** After the steps of one wake-up, when there were any. */
  publish(): void;
}

export interface ModelClock {
  readonly slotsSkipped: number;
  stop(): void;
}

export function startModelClock(model: MarketModel, hooks: ModelClockHooks): ModelClock {
  const origin = performance.now();
  let stepsDone = 0;
  let slotsSkipped = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const maxCatchUp = Math.max(1, Math.round(MAX_CATCH_UP_MS / model.slotMs));
  const wake = (): void => {
    let due = Math.floor((performance.now() - origin) / model.slotMs) - stepsDone;
    if (!hooks.trading()) {
      stepsDone += due;
      due = 0;
    }
    if (due > maxCatchUp) {
      slotsSkipped += due - maxCatchUp;
      stepsDone += due - maxCatchUp;
      due = maxCatchUp;
    }
    for (let i = 0; i < due; i++) {
      model.step();
      hooks.ticked();
      stepsDone++;
    }
    if (due > 0) hooks.publish();
    timer = setTimeout(wake, Math.max(0, origin + (stepsDone + 1) * model.slotMs - performance.now()));
  };
  timer = setTimeout(wake, model.slotMs);
  return {
    get slotsSkipped() { return slotsSkipped; },
    stop: () => clearTimeout(timer),
  };
}

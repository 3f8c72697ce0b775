// The simulated exchange keeps the hours of a trading-hours template: it trades only in the
// normal session and reports the session in market_info, as Upstox does. Runtime: std.
import type { MarketPhase, TradingHoursTemplate } from '../../shared/trading-hours.ts';
import { sessionAt } from '../engine/schedule/clock.ts';

/** Upstox MarketStatus values (proto enum) for each phase of a template. */
const STATUS_OF: Record<MarketPhase, number> = { pre_open: 0 /* PRE_OPEN_START */, normal: 2 /* NORMAL_OPEN */, closing: 4 /* CLOSING_START */, closed: 3 /* NORMAL_CLOSE */ };
const SEGMENTS = ['NSE_EQ', 'NSE_FO', 'NSE_INDEX'];

export interface MarketHoursState {
  phase: MarketPhase;
  /** Option and index prices move only in the normal session. */
  trading: boolean;
  segmentStatus: Record<string, number>;
}

/** Always-open market when no template is given. */
export const ALWAYS_OPEN: MarketHoursState = { phase: 'normal', trading: true, segmentStatus: Object.fromEntries(SEGMENTS.map((s) => [s, 2])) };

/** Follows one template; recomputes only at the template's next transition. */
export class MarketHours {
  #template: TradingHoursTemplate | null;
  #state: MarketHoursState = ALWAYS_OPEN;
  #validUntil = -Infinity;

  constructor(template: TradingHoursTemplate | null) {
    this.#template = template;
  }

  set(template: TradingHoursTemplate | null): void {
    this.#template = template;
    this.#validUntil = -Infinity;
  }

  /** The state at `now`; `changed` when it differs from the previous call's phase. */
  at(now: number): { state: MarketHoursState; changed: boolean } {
    if (now < this.#validUntil) return { state: this.#state, changed: false };
    const before = this.#state.phase;
    if (!this.#template) {
      this.#state = ALWAYS_OPEN;
      this.#validUntil = Infinity;
    } else {
      const s = sessionAt(this.#template, now);
      const status = STATUS_OF[s.phase];
      this.#state = { phase: s.phase, trading: s.phase === 'normal', segmentStatus: Object.fromEntries(SEGMENTS.map((seg) => [seg, status])) };
      this.#validUntil = s.next?.at ?? now + 3_600_000;
    }
    return { state: this.#state, changed: this.#state.phase !== before };
  }
}

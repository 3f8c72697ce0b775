// The connection plan: a feed connects `lead` before the first session of an exchange day,
// subscribes at that first session's start, and disconnects `lag` after the day's last
// session. Days whose windows touch (24×7, or a large lead/lag) merge into one window.
import type { ConnectionPhase, PlanAction, TradingHoursTemplate } from '../../../shared/trading-hours.ts';
import { dayOf } from './clock.ts';
import { addDays, localDate } from './zone.ts';

export interface PlanOptions {
  /** Connect this long before the day's first session (ms). */
  leadMs: number;
  /** Disconnect this long after the day's last session (ms). */
  lagMs: number;
}

export const DEFAULT_LEAD_MINUTES = 5;
/**
 * How far ahead the plan looks. A window still open (or none starting) after this many
 * days yields no next action; the scheduler's heartbeat re-plans long before it matters.
 */
export const PLAN_HORIZON_DAYS = 40;

export interface ConnectionWindow {
  connect_at: number;
  activate_at: number;
  disconnect_at: number;
}

interface PendingWindow extends ConnectionWindow {
  open_ended: boolean;
}

/** Connection windows from local day `fromDate` on, merged where they touch. */
export function* connectionWindows(template: TradingHoursTemplate, fromDate: string, opts: PlanOptions, days = PLAN_HORIZON_DAYS): Generator<PendingWindow> {
  let pending: ConnectionWindow | null = null;
  let touched = -1; // last day index that opened or extended `pending`
  for (let i = 0; i < days; i++) {
    const sessions = dayOf(template, addDays(fromDate, i)).sessions;
    const first = sessions[0];
    const last = sessions[sessions.length - 1];
    if (!first || !last) continue;
    const w = { connect_at: first.start - opts.leadMs, activate_at: first.start, disconnect_at: last.end + opts.lagMs };
    if (pending && w.connect_at <= pending.disconnect_at) {
      pending.disconnect_at = Math.max(pending.disconnect_at, w.disconnect_at);
      touched = i;
      continue;
    }
    if (pending) yield { ...pending, open_ended: false };
    pending = w;
    touched = i;
  }
  if (pending) yield { ...pending, open_ended: touched === days - 1 };
}

export interface PlanAt {
  phase: ConnectionPhase;
  /** The window `t` is in, or the next one; null when none within the horizon. */
  window: ConnectionWindow | null;
  /** The next thing the plan does after `t`; null when nothing within the horizon. */
  next_action: { at: number; action: PlanAction } | null;
}

/** Where the plan stands at `t`. */
export function planAt(template: TradingHoursTemplate, t: number, opts: PlanOptions): PlanAt {
  // Start two days back: a previous day's window can run past local midnight.
  const from = addDays(localDate(template.time_zone, t), -2);
  for (const w of connectionWindows(template, from, opts)) {
    if (w.disconnect_at <= t) continue;
    const window = { connect_at: w.connect_at, activate_at: w.activate_at, disconnect_at: w.disconnect_at };
    if (t < w.connect_at) return { phase: 'offline', window, next_action: { at: w.connect_at, action: 'connect' } };
    if (t < w.activate_at) return { phase: 'connected', window, next_action: { at: w.activate_at, action: 'activate' } };
    if (w.open_ended) return { phase: 'active', window, next_action: null };
    return { phase: 'active', window, next_action: { at: w.disconnect_at, action: 'disconnect' } };
  }
  return { phase: 'offline', window: null, next_action: null };
}

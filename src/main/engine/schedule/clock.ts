// The session clock: what session a template is in at instant t, and when that changes.
// Pure; all zone math goes through Intl (zone.ts), so the host's zone never matters.
import type {
  MarketPhase, SessionInterval, SessionState, TradingHoursTemplate, Transition,
} from '../../../shared/trading-hours.ts';
import { tradingDay, type TradingDay } from './calendar.ts';
import { addDays, localDate, zonedInstant } from './zone.ts';

/** How far ahead the clock looks for the next transition before answering "none". */
export const HORIZON_DAYS = 400;
const CACHE_LIMIT = 2048;

const cache = new WeakMap<TradingHoursTemplate, Map<string, TradingDay>>();

/** tradingDay with a bounded per-template cache (templates are immutable once validated). */
export function dayOf(template: TradingHoursTemplate, date: string): TradingDay {
  let m = cache.get(template);
  if (!m) cache.set(template, (m = new Map()));
  let d = m.get(date);
  if (!d) {
    if (m.size >= CACHE_LIMIT) m.clear();
    d = tradingDay(template, date);
    m.set(date, d);
  }
  return d;
}

export interface MergedInterval extends SessionInterval {
  /** True when the interval reaches the end of the horizon and may go on beyond it. */
  open_ended: boolean;
}

/**
 * Sessions from local day `fromDate` on, in time order, with back-to-back sessions of the
 * same kind merged (a 24×7 day ending 24:00 joins the next day's 00:00).
 */
export function* mergedSessions(template: TradingHoursTemplate, fromDate: string, days = HORIZON_DAYS): Generator<MergedInterval> {
  let pending: SessionInterval | null = null;
  let touched = -1; // last day index that opened or extended `pending`
  for (let i = 0; i < days; i++) {
    for (const s of dayOf(template, addDays(fromDate, i)).sessions) {
      touched = i;
      if (pending && pending.kind === s.kind && pending.end === s.start) {
        pending = { kind: s.kind, start: pending.start, end: s.end };
        continue;
      }
      if (pending) yield { ...pending, open_ended: false };
      pending = s;
    }
  }
  if (pending) yield { ...pending, open_ended: touched === days - 1 };
}

/** Per template, a span [from, until) over which isInSession's answer is known not to change. */
const spans = new WeakMap<TradingHoursTemplate, { from: number; until: number; inSession: boolean }>();

/**
 * True while any session (pre-open, normal, closing) of the template runs at `t`. A stall
 * detector asks this every second; the answer is cached until the next transition, so
 * those calls cost a comparison, and a miss costs one transition lookup.
 */
export function isInSession(template: TradingHoursTemplate, t: number): boolean {
  const span = spans.get(template);
  if (span && t >= span.from && t < span.until) return span.inSession;
  // Miss: look at the local day and its neighbours only (sessions never cross midnight).
  const d = localDate(template.time_zone, t);
  let from = -Infinity;
  // The window reaches the end of the next local day (≥ 23 h after t), so 12 h is safe.
  let until = t + 12 * 3_600_000;
  for (const date of [addDays(d, -1), d, addDays(d, 1)]) {
    for (const s of dayOf(template, date).sessions) {
      if (s.start <= t && t < s.end) {
        spans.set(template, { from: s.start, until: s.end, inSession: true });
        return true;
      }
      if (s.end <= t) from = Math.max(from, s.end);
      else until = Math.min(until, s.start);
    }
  }
  spans.set(template, { from: Math.max(from, t), until, inSession: false });
  return false;
}

/** The phase at `t`, the session containing it (start clipped to the previous local day) and the next change. */
function locate(template: TradingHoursTemplate, t: number): { session: SessionInterval | null; next: Transition | null } {
  const from = addDays(localDate(template.time_zone, t), -1);
  let current: MergedInterval | null = null;
  for (const iv of mergedSessions(template, from)) {
    if (iv.end <= t) continue;
    if (current) {
      // t was inside `current`; iv is the one after it.
      return { session: strip(current), next: { at: current.end, from: current.kind, to: iv.start === current.end ? iv.kind : 'closed' } };
    }
    if (iv.start > t) return { session: null, next: { at: iv.start, from: 'closed', to: iv.kind } };
    if (iv.open_ended) return { session: strip(iv), next: null };
    current = iv;
  }
  if (current) return { session: strip(current), next: { at: current.end, from: current.kind, to: 'closed' } };
  return { session: null, next: null };
}

const strip = (iv: SessionInterval): SessionInterval => ({ kind: iv.kind, start: iv.start, end: iv.end });

/** The next phase change after `t`, or null when none within the horizon. */
export function nextTransition(template: TradingHoursTemplate, t: number): Transition | null {
  return locate(template, t).next;
}

/** Start of the next normal session strictly after `t`, or null within the horizon. */
export function nextOpen(template: TradingHoursTemplate, t: number): number | null {
  for (const iv of mergedSessions(template, localDate(template.time_zone, t))) {
    if (iv.kind === 'normal' && iv.start > t) return iv.start;
  }
  return null;
}

/** Everything the status line and the timeline need about instant `t`. */
export function sessionAt(template: TradingHoursTemplate, t: number): SessionState {
  const date = localDate(template.time_zone, t);
  const day = dayOf(template, date);
  const { session, next } = locate(template, t);
  const phase: MarketPhase = session ? session.kind : 'closed';
  return {
    at: t,
    phase,
    local_date: date,
    day_start: zonedInstant(template.time_zone, date, 0),
    day_end: zonedInstant(template.time_zone, date, 1440),
    day_type: day.day_type,
    holiday: day.holiday,
    session,
    next,
    next_open: nextOpen(template, t),
    today: day.sessions.map(strip),
  };
}

// Words for the live trading-hours state: "Normal market — closes in 1 h 12 m",
// "Holiday: Diwali Balipratipada — next open Wed 09:15 IST". Pure (Intl only) so it is
// tested without a DOM; every time is shown in the exchange's zone, never the host's.
import type { FeedHoursStatus, MarketPhase, SessionKind, SessionState } from '../../../shared/trading-hours.ts';

export const PHASE_LABEL: Record<MarketPhase, string> = {
  pre_open: 'Pre-open',
  normal: 'Normal market',
  closing: 'Closing session',
  closed: 'Closed',
};
export const SESSION_LABEL: Record<SessionKind, string> = { pre_open: 'Pre-open', normal: 'Normal', closing: 'Closing / post' };

/** '1 h 12 m', '4 m', '35 s', '2 d 3 h'. Rounded up to the minute above one minute, so "closes in 1 m" never means 0. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.ceil(ms / 1000))} s`;
  const minutes = Math.ceil(ms / 60_000);
  const d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} m` : `${h} h`;
  return `${m} m`;
}

const abbrevCache = new Map<string, string>();
/** Short zone name at `t`: IST, EST/EDT, UTC; GMT+x only when no locale has a name for it. */
export function zoneAbbrev(zone: string, t: number): string {
  const key = `${zone}|${Math.floor(t / 3_600_000)}`;
  const hit = abbrevCache.get(key);
  if (hit) return hit;
  let name = '';
  for (const locale of ['en-US', 'en-IN', 'en-GB', 'en-AU']) {
    const part = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(t).find((p) => p.type === 'timeZoneName');
    name = part?.value ?? name;
    if (name && !/^(GMT|UTC)[+-]/.test(name)) break;
  }
  if (abbrevCache.size > 256) abbrevCache.clear();
  abbrevCache.set(key, name);
  return name;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(zone: string, kind: 'time' | 'day' | 'date' | 'ymd'): Intl.DateTimeFormat {
  const key = `${zone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'time' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : kind === 'day' ? { weekday: 'short' }
      : kind === 'date' ? { day: 'numeric', month: 'short' }
      : { year: 'numeric', month: '2-digit', day: '2-digit' };
    f = new Intl.DateTimeFormat(kind === 'ymd' ? 'en-CA' : 'en-GB', { timeZone: zone, ...opts });
    formatters.set(key, f);
  }
  return f;
}

/** '09:15' in the exchange's zone. */
export function wallTime(zone: string, t: number): string {
  return fmt(zone, 'time').format(t);
}

/** '09:15 IST' today, 'Mon 09:15 IST' within the week, 'Mon 30 Nov 09:15 IST' beyond. */
export function whenLabel(zone: string, t: number, now: number): string {
  const time = `${wallTime(zone, t)} ${zoneAbbrev(zone, t)}`;
  const ymd = fmt(zone, 'ymd');
  if (ymd.format(t) === ymd.format(now)) return time;
  const day = fmt(zone, 'day').format(t);
  return t - now < 6 * 86_400_000 ? `${day} ${time}` : `${day} ${fmt(zone, 'date').format(t)} ${time}`;
}

function untilNext(s: SessionState, now: number): string | null {
  const n = s.next;
  if (!n) return null;
  const inIt = formatDuration(n.at - now);
  if (n.to === 'closed') return `${s.phase === 'normal' ? 'closes' : 'ends'} in ${inIt}`;
  return `${PHASE_LABEL[n.to].toLowerCase()} in ${inIt}`;
}

/** One line for the trader about where the market stands now. */
export function describeSession(s: SessionState, zone: string, now: number): string {
  if (s.phase !== 'closed') {
    const head = s.day_type === 'special' && s.holiday ? `${PHASE_LABEL[s.phase]} (${s.holiday.description})` : PHASE_LABEL[s.phase];
    const tail = untilNext(s, now);
    return tail ? `${head} — ${tail}` : `${head} — open around the clock`;
  }
  const nextOpen = s.next_open !== null ? `next open ${whenLabel(zone, s.next_open, now)}` : 'no session within a year';
  if (s.day_type === 'holiday' && s.holiday) return `Holiday: ${s.holiday.description} — ${nextOpen}`;
  if (s.day_type === 'special' && s.holiday && s.next && s.next.at < s.day_end) {
    return `${s.holiday.description}: special session, ${PHASE_LABEL[s.next.to].toLowerCase()} at ${whenLabel(zone, s.next.at, now)}`;
  }
  if (s.day_type === 'weekend') return `Weekend — ${nextOpen}`;
  if (s.next && s.next.at < s.day_end) return `Closed — ${PHASE_LABEL[s.next.to].toLowerCase()} at ${whenLabel(zone, s.next.at, now)}`;
  return `Closed for the day — ${nextOpen}`;
}

/** The scheduler's side: 'connected · disconnects 16:05 IST', 'offline · connects Mon 08:55 IST', 'forced connect'. */
export function describePlan(f: FeedHoursStatus, now: number): string {
  if (f.forced) return `forced ${f.forced} (schedule paused)`;
  const a = f.next_action;
  const next = a ? ` · ${a.action}s ${whenLabel(f.time_zone, a.at, now)}` : '';
  return `${f.applied}${next}`;
}

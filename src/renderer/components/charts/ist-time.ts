// Chart times: bars carry their START as epoch ms; lightweight-charts wants UTC seconds and
// formats them in UTC unless told otherwise. The axis and crosshair labels are therefore drawn
// by these formatters, which read every instant in IST (never the host's zone).
import type { Time, UTCTimestamp } from 'lightweight-charts';
import { EXCHANGE_TIME_ZONE } from '../../format.ts';

/** lightweight-charts' TickMarkType, by value (its const enum cannot be imported under erasable syntax). */
export const TICK_MARK = { year: 0, month: 1, dayOfMonth: 2, time: 3, timeWithSeconds: 4 } as const;

const LOCALE = 'en-IN';
const hhmm = new Intl.DateTimeFormat(LOCALE, { timeZone: EXCHANGE_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const hhmmss = new Intl.DateTimeFormat(LOCALE, { timeZone: EXCHANGE_TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const dayMonth = new Intl.DateTimeFormat(LOCALE, { timeZone: EXCHANGE_TIME_ZONE, day: 'numeric', month: 'short' });
const month = new Intl.DateTimeFormat(LOCALE, { timeZone: EXCHANGE_TIME_ZONE, month: 'short' });
const year = new Intl.DateTimeFormat(LOCALE, { timeZone: EXCHANGE_TIME_ZONE, year: 'numeric' });
const full = new Intl.DateTimeFormat(LOCALE, {
  timeZone: EXCHANGE_TIME_ZONE, weekday: 'short', day: '2-digit', month: 'short', year: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** A bar's start (epoch ms) as the chart's time: whole UTC seconds. */
export function toChartTime(epochMs: number): UTCTimestamp {
  return Math.floor(epochMs / 1000) as UTCTimestamp;
}

/** The chart's time back to epoch ms; null for the business-day and string forms this app never uses. */
export function fromChartTime(time: Time): number | null {
  return typeof time === 'number' ? time * 1000 : null;
}

/** Axis labels in IST: the date where a day starts, HH:MM (or HH:MM:SS for second bars) within it. */
export function istTickMark(time: Time, tickMarkType: number): string | null {
  const ms = fromChartTime(time);
  if (ms === null) return null;
  switch (tickMarkType) {
    case TICK_MARK.year: return year.format(ms);
    case TICK_MARK.month: return month.format(ms);
    case TICK_MARK.dayOfMonth: return dayMonth.format(ms);
    case TICK_MARK.timeWithSeconds: return hhmmss.format(ms);
    default: return hhmm.format(ms);
  }
}

/** The crosshair's time label and the legend's time: "Mon, 23 Nov 26, 14:05:30" in IST. */
export function istCrosshairTime(time: Time): string {
  const ms = fromChartTime(time);
  return ms === null ? '' : full.format(ms);
}

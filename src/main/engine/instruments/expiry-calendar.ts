// NSE index-option expiry calendar and exchange-clock helpers. Runtime: std (pure; Intl only).
//
// Rules for contracts expiring on or after 1 Sep 2025 (quant.md §3):
// - NIFTY: a weekly expiry every Tuesday; the monthly is the last Tuesday of the month.
// - BANKNIFTY (and every other underlying here): monthly only, last Tuesday of the month.
// - A Tuesday that is a trading holiday moves the expiry to the previous trading day
//   (skipping weekends and further holidays).
// - NSE lists NIFTY 4 weeklies + 3 monthlies, BANKNIFTY 3 monthlies (quarterlies/half-yearlies not modelled).
//
// Holiday list format (the `holidays` of resources/trading-hours/nse.json): a JSON array of
//   { "date": "YYYY-MM-DD", "description": string, "kind": "full" | "special", "open"?: "HH:MM", "close"?: "HH:MM" }
// "full" = exchange closed all day (weekend holidays are listed too, for completeness);
// "special" = an extra or unusual session (Muhurat, a Sunday budget session) with its hours when known.
// Only "full" entries are trading holidays for expiry purposes.

import { zonedDate as zonedDateIn, zonedEpochMs as zonedEpochMsIn } from '../time/zoned.ts';

export const NSE_TIME_ZONE = 'Asia/Kolkata';

export interface Expiry {
  /** Expiry date in the exchange calendar, 'YYYY-MM-DD'. */
  date: string;
  /** true for a weekly contract, false for the month's (last-Tuesday) contract. */
  weekly: boolean;
}

export interface HolidayEntry {
  date: string;
  description: string;
  kind: 'full' | 'special';
  open?: string;
  close?: string;
}

export class ExpiryCalendarError extends Error {
  override name = 'ExpiryCalendarError';
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** Days since 1970-01-01 for a calendar date; throws on anything that is not a real 'YYYY-MM-DD'. */
export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new ExpiryCalendarError(`date '${date}' is not YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  if (new Date(ms).getUTCDate() !== d || mo < 1 || mo > 12) throw new ExpiryCalendarError(`date '${date}' does not exist`);
  return ms / DAY_MS;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isTradingDay(day: number, holidays: ReadonlySet<string>): boolean {
  const wd = weekday(day);
  return wd !== 0 && wd !== 6 && !holidays.has(dateOfDay(day));
}

/** The last trading day (weekday, not a holiday) before `date` ('YYYY-MM-DD'): whose close is today's previous close. */
export function previousTradingDay(date: string, holidays: ReadonlySet<string>): string {
  let d = dayNumber(date) - 1;
  while (!isTradingDay(d, holidays)) d--;
  return dateOfDay(d);
}

/** The scheduled Tuesday itself, or the trading day before it when it is a holiday. */
function shiftToTradingDay(day: number, holidays: ReadonlySet<string>): number {
  let d = day;
  for (let guard = 0; !isTradingDay(d, holidays); guard++) {
    if (guard > 30) throw new ExpiryCalendarError(`no trading day within 30 days before ${dateOfDay(day)}`);
    d -= 1;
  }
  return d;
}

function isLastTuesdayOfMonth(tuesday: number): boolean {
  return new Date((tuesday + 7) * DAY_MS).getUTCMonth() !== new Date(tuesday * DAY_MS).getUTCMonth();
}

/** true when the underlying has weekly options on NSE (only NIFTY since SEBI's one-benchmark rule). */
export function hasWeeklies(underlying: string): boolean {
  return underlying === 'NIFTY';
}

/**
 * The next `count` expiries on or after `fromDate` (inclusive), ascending.
 * NIFTY yields every (holiday-shifted) Tuesday, flagging monthlies `weekly: false`;
 * other underlyings yield monthlies only.
 */
export function nseExpiries(underlying: string, fromDate: string, count: number, holidays: ReadonlySet<string>): Expiry[] {
  if (!Number.isInteger(count) || count < 0 || count > 1000) {
    throw new ExpiryCalendarError(`expiry count for ${underlying} must be an integer 0..1000, got ${count}`);
  }
  return expiryStream(hasWeeklies(underlying), dayNumber(fromDate), count, holidays);
}

function expiryStream(weeklies: boolean, from: number, count: number, holidays: ReadonlySet<string>): Expiry[] {
  const out: Expiry[] = [];
  let tuesday = from + ((2 - weekday(from) + 7) % 7);
  while (out.length < count) {
    const monthly = isLastTuesdayOfMonth(tuesday);
    if (monthly || weeklies) {
      const day = shiftToTradingDay(tuesday, holidays);
      if (day >= from) out.push({ date: dateOfDay(day), weekly: !monthly });
    }
    tuesday += 7;
  }
  return out;
}

/** The expiries NSE lists today: NIFTY 4 weeklies + 3 monthlies, others 3 monthlies. */
export function nseListedExpiries(underlying: string, fromDate: string, holidays: ReadonlySet<string>): Expiry[] {
  if (!hasWeeklies(underlying)) return nseExpiries(underlying, fromDate, 3, holidays);
  const from = dayNumber(fromDate);
  const weekly = expiryStream(true, from, 20, holidays).filter((e) => e.weekly).slice(0, 4);
  const monthly = expiryStream(false, from, 3, holidays);
  return [...weekly, ...monthly].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** Validates a parsed holiday file (format in this module's header). */
export function parseHolidayFile(json: unknown, source: string): HolidayEntry[] {
  if (!Array.isArray(json)) throw new ExpiryCalendarError(`${source}: expected a JSON array of holidays`);
  return json.map((raw: unknown, i): HolidayEntry => {
    const e = raw as Partial<Record<keyof HolidayEntry, unknown>> | null;
    const where = `${source}[${i}]`;
    if (e === null || typeof e !== 'object') throw new ExpiryCalendarError(`${where}: not an object`);
    if (typeof e.date !== 'string') throw new ExpiryCalendarError(`${where}: 'date' missing`);
    dayNumber(e.date);
    if (typeof e.description !== 'string' || e.description === '') throw new ExpiryCalendarError(`${where} (${e.date}): 'description' missing`);
    if (e.kind !== 'full' && e.kind !== 'special') throw new ExpiryCalendarError(`${where} (${e.date}): 'kind' must be 'full' or 'special', got ${String(e.kind)}`);
    const entry: HolidayEntry = { date: e.date, description: e.description, kind: e.kind };
    for (const f of ['open', 'close'] as const) {
      const v = e[f];
      if (v === undefined) continue;
      if (typeof v !== 'string' || !TIME_RE.test(v)) throw new ExpiryCalendarError(`${where} (${e.date}): '${f}' must be HH:MM, got ${String(v)}`);
      entry[f] = v;
    }
    return entry;
  });
}

/** Dates on which the exchange is closed all day. */
export function tradingHolidays(entries: readonly HolidayEntry[]): Set<string> {
  return new Set(entries.filter((e) => e.kind === 'full').map((e) => e.date));
}

/** The calendar date of an instant in the exchange zone, 'YYYY-MM-DD'. */
export function zonedDate(epochMs: number, timeZone: string = NSE_TIME_ZONE): string {
  return zonedDateIn(epochMs, timeZone);
}

/** Epoch ms of a wall-clock time ('HH:MM' or 'HH:MM:SS') on a date in a zone (NSE by default). */
export function zonedEpochMs(date: string, time: string, timeZone: string = NSE_TIME_ZONE): number {
  return zonedEpochMsIn(date, time, timeZone);
}

/** NSE option expiry instant: 15:30 exchange time on the expiry date. */
export function expiryCloseMs(date: string): number {
  return zonedEpochMs(date, '15:30');
}

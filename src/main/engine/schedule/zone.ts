// Time-zone arithmetic on IANA zones through Intl (the host's zone never enters).
// Calendar dates are 'YYYY-MM-DD' strings in the exchange's zone; instants are epoch ms.

const MINUTE = 60_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the runtime knows this IANA zone. */
export function isKnownZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock in `zone` at instant `t`. */
export function wallClockAt(zone: string, t: number): WallClock {
  const w: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(zone).formatToParts(t)) {
    if (p.type === 'year' || p.type === 'month' || p.type === 'day' || p.type === 'hour' || p.type === 'minute' || p.type === 'second') {
      w[p.type] = Number(p.value);
    }
  }
  return w;
}

/** Offset of `zone` from UTC at instant `t`, in ms (IST = +19 800 000). */
export function zoneOffset(zone: string, t: number): number {
  const w = wallClockAt(zone, t);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
}

/** Exchange-local calendar date at instant `t`. */
export function localDate(zone: string, t: number): string {
  const w = wallClockAt(zone, t);
  return formatDate(w.year, w.month, w.day);
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of 00:00 UTC of a 'YYYY-MM-DD' date, or null when it is not a calendar date. */
export function parseDate(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t;
}

function dateUtc(date: string): number {
  const t = parseDate(date);
  if (t === null) throw new RangeError(`not a calendar date: '${date}'`);
  return t;
}

export function addDays(date: string, days: number): string {
  const d = new Date(dateUtc(date) + days * DAY_MS);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: string): number {
  return (new Date(dateUtc(date)).getUTCDay() + 6) % 7;
}

/**
 * The instant at which the wall clock in `zone` reads `minutes` after midnight of `date`
 * (minutes may be 1440 = the next midnight). A time skipped by a DST gap maps past the gap
 * and a repeated time maps to its first occurrence (Temporal's 'compatible' rule).
 */
export function zonedInstant(zone: string, date: string, minutes: number): number {
  const local = dateUtc(date) + minutes * MINUTE;
  const before = zoneOffset(zone, local - DAY_MS);
  const after = zoneOffset(zone, local + DAY_MS);
  let best: number | null = null;
  for (const off of before === after ? [before] : [before, after]) {
    const t = local - off;
    if (zoneOffset(zone, t) === off && (best === null || t < best)) best = t;
  }
  return best ?? local - before;
}

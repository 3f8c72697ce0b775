// Wall-clock time in an exchange's own zone, via Intl (never fixed offsets), correct across
// DST changes and whatever the host's zone is. The one implementation for the engine:
// expiry calendar, pricing conventions and the chain all use it. Runtime: std.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

export class ZonedTimeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ZonedTimeError';
  }
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (IST: +19,800,000). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Calendar date 'YYYY-MM-DD' of instant `ms` in `timeZone`. */
export function zonedDate(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffsetMs(ms, timeZone)).toISOString().slice(0, 10);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/**
 * Epoch ms of wall-clock `date` ('YYYY-MM-DD') at `time` ('HH:MM' or 'HH:MM:SS') in `timeZone`.
 * A time inside a DST gap maps forward; a repeated hour maps to its first occurrence.
 */
export function zonedEpochMs(date: string, time: string, timeZone: string): number {
  const d = DATE_RE.exec(date);
  if (!d) throw new ZonedTimeError(`date '${date}' is not YYYY-MM-DD`);
  const t = TIME_RE.exec(time);
  if (!t) throw new ZonedTimeError(`time '${time}' is not HH:MM[:SS]`);
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3] ?? 0));
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const next = wall - zoneOffsetMs(guess, timeZone);
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

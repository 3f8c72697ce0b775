// Exchange session clock: where a trading day's session opens and closes, in epoch ms,
// computed in the exchange's own zone through Intl (no fixed offsets), whatever the host's zone.
// Runtime: std.

/** A daily session in the exchange's zone; `open` and `close` are wall times 'HH:MM', open < close. */
export interface SessionSpec {
  timeZone: string;
  open: string;
  close: string;
  /**
   * Instruments of another market, with their own session (a crypto perpetual's UTC day beside
   * NSE's 09:15–15:30): instrument key → session. The rest follow this one.
   */
  byKey?: Readonly<Record<string, SessionSpec>>;
}

/** The session instrument `key` follows under `spec`. */
export function sessionFor(spec: SessionSpec, key: string): SessionSpec {
  return spec.byKey?.[key] ?? spec;
}

/** NSE normal market: 09:15–15:30 IST. */
export const NSE_SESSION: SessionSpec = Object.freeze({ timeZone: 'Asia/Kolkata', open: '09:15', close: '15:30' });

/** A 24×7 market (crypto): the whole UTC day, so bars align to UTC midnight. A close of '24:00' is the day's end. */
export const UTC_DAY_SESSION: SessionSpec = Object.freeze({ timeZone: 'UTC', open: '00:00', close: '24:00' });

/** One calendar day of the exchange, with its session bounds. All epoch ms UTC. */
export interface SessionDay {
  /** Local calendar date, 'YYYY-MM-DD'. */
  date: string;
  /** Local midnight that starts the day, and the next one. */
  dayStart: number;
  dayEnd: number;
  /** Session open (inclusive) and close (exclusive). */
  open: number;
  close: number;
}

export class SessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionError';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23',
        year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch (e) {
      throw new SessionError(`unknown time zone '${timeZone}': ${(e as Error).message}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of `tsMs` in `timeZone` (month 1–12). */
export function wallClock(tsMs: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const w = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(tsMs)) {
    if (p.type === 'year' || p.type === 'month' || p.type === 'day' || p.type === 'hour' || p.type === 'minute' || p.type === 'second') {
      w[p.type] = Number(p.value);
    }
  }
  return w;
}

/** Offset of `timeZone` from UTC at instant `tsMs`, in ms (IST = +19,800,000). */
export function zoneOffsetMs(tsMs: number, timeZone: string): number {
  const whole = Math.floor(tsMs / 1000) * 1000;
  const w = wallClock(whole, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

/** Epoch ms of a wall time in `timeZone` (month 1–12; day may overflow, Date.UTC normalises it). */
export function wallToEpoch(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const guess = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(guess, timeZone);
}

function parseHHMM(value: string, what: string): [number, number] {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  if (!m || h > 23 || min > 59) throw new SessionError(`session ${what} '${value}' is not a wall time HH:MM`);
  return [h, min];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Session bounds by day, with a one-day cache so the per-tick cost is two comparisons.
 * One clock per session spec; not shared across threads.
 */
export class SessionClock {
  readonly session: SessionSpec;
  readonly #open: [number, number];
  readonly #close: [number, number];
  #cached: SessionDay | null = null;

  constructor(session: SessionSpec) {
    this.session = session;
    this.#open = parseHHMM(session.open, 'open');
    this.#close = session.close === '24:00' ? [24, 0] : parseHHMM(session.close, 'close');
    if (this.#open[0] * 60 + this.#open[1] >= this.#close[0] * 60 + this.#close[1]) {
      throw new SessionError(`session open ${session.open} is not before close ${session.close} (overnight sessions are not supported)`);
    }
    formatter(session.timeZone);
  }

  /** The exchange day containing `tsMs`. */
  day(tsMs: number): SessionDay {
    const c = this.#cached;
    if (c && tsMs >= c.dayStart && tsMs < c.dayEnd) return c;
    if (!Number.isFinite(tsMs)) throw new SessionError(`timestamp ${tsMs} is not a finite epoch ms`);
    const tz = this.session.timeZone;
    const w = wallClock(tsMs, tz);
    const d: SessionDay = {
      date: `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`,
      dayStart: wallToEpoch(w.year, w.month, w.day, 0, 0, tz),
      dayEnd: wallToEpoch(w.year, w.month, w.day + 1, 0, 0, tz),
      open: wallToEpoch(w.year, w.month, w.day, this.#open[0], this.#open[1], tz),
      close: wallToEpoch(w.year, w.month, w.day, this.#close[0], this.#close[1], tz),
    };
    this.#cached = d;
    return d;
  }
}

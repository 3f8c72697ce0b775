// Validation of trading-hours templates on load and on edit. Every error names the field
// by its path (e.g. 'week.mon.normal.start') and says what is wrong with the value found.
// Returns a clean copy holding only known fields, so stored documents never carry junk.
import {
  SESSION_KINDS, WEEKDAYS,
  type DaySessions, type ExpiryOverride, type FieldError, type Holiday, type TimeRange,
  type TradingHoursTemplate, type Validated, type WeekdaySchedule,
} from '../../../shared/trading-hours.ts';
import { isKnownZone, parseDate } from './zone.ts';

const TIME_RE = /^(\d{2}):(\d{2})$/;
const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Minutes after midnight of an 'HH:MM' time, or null when invalid. '24:00' only when `isEnd`. */
export function parseWallTime(value: unknown, isEnd = false): number | null {
  if (typeof value !== 'string') return null;
  const m = TIME_RE.exec(value);
  if (!m) return null;
  const h = Number(m[1]), min = Number(m[2]);
  if (h === 24 && min === 0 && isEnd) return 1440;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

class Collector {
  readonly errors: FieldError[] = [];
  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }
  unknownKeys(o: Obj, allowed: readonly string[], path: string): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.add(path ? `${path}.${k}` : k, `unknown field '${k}' (expected one of ${allowed.join(', ')})`);
    }
  }
  text(o: Obj, key: string, path: string, required = true): string | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      this.add(path, `must be a non-empty string, found ${show(v)}`);
      return undefined;
    }
    return v.trim();
  }
  date(v: unknown, path: string): string | undefined {
    if (typeof v !== 'string' || parseDate(v) === null) {
      this.add(path, `must be a calendar date 'YYYY-MM-DD', found ${show(v)}`);
      return undefined;
    }
    return v;
  }
}

function checkRange(c: Collector, v: unknown, path: string): { range: TimeRange; from: number; to: number } | null {
  if (!isObj(v)) {
    c.add(path, `must be { start, end } or null, found ${show(v)}`);
    return null;
  }
  c.unknownKeys(v, ['start', 'end'], path);
  const from = parseWallTime(v.start);
  const to = parseWallTime(v.end, true);
  if (from === null) c.add(`${path}.start`, `must be a time 'HH:MM' from 00:00 to 23:59, found ${show(v.start)}`);
  if (to === null) c.add(`${path}.end`, `must be a time 'HH:MM' from 00:00 to 24:00, found ${show(v.end)}`);
  if (from === null || to === null) return null;
  if (to <= from) {
    c.add(`${path}.end`, `must be after start (${String(v.start)}), found ${String(v.end)}`);
    return null;
  }
  return { range: { start: v.start as string, end: v.end as string }, from, to };
}

/** Checks one day's sessions: each valid, in the order pre_open < normal < closing, none overlapping. */
function checkSessions(c: Collector, o: Obj, path: string, requireOne: boolean): DaySessions {
  const out: DaySessions = {};
  let prev: { kind: string; to: number; end: string } | null = null;
  for (const kind of SESSION_KINDS) {
    const v = o[kind];
    if (v === undefined || v === null) continue;
    const r = checkRange(c, v, `${path}.${kind}`);
    if (!r) continue;
    if (prev && r.from < prev.to) {
      c.add(`${path}.${kind}.start`, `must not be before the end of ${prev.kind} (${prev.end}): sessions run in order pre_open, normal, closing without overlap`);
    }
    out[kind] = r.range;
    prev = { kind, to: r.to, end: r.range.end };
  }
  if (requireOne && Object.keys(out).length === 0 && !SESSION_KINDS.some((k) => o[k] != null)) {
    c.add(path, 'trades but has no session: give at least one of pre_open, normal, closing');
  }
  return out;
}

function checkWeekday(c: Collector, v: unknown, path: string): WeekdaySchedule {
  if (!isObj(v)) {
    c.add(path, `must be { trades, pre_open?, normal?, closing? }, found ${show(v)}`);
    return { trades: false };
  }
  c.unknownKeys(v, ['trades', ...SESSION_KINDS], path);
  if (typeof v.trades !== 'boolean') c.add(`${path}.trades`, `must be true or false, found ${show(v.trades)}`);
  const trades = v.trades === true;
  return { trades, ...checkSessions(c, v, path, trades) };
}

function checkHoliday(c: Collector, v: unknown, path: string): Holiday | null {
  if (!isObj(v)) {
    c.add(path, `must be { date, description, kind, sessions?, note? }, found ${show(v)}`);
    return null;
  }
  c.unknownKeys(v, ['date', 'description', 'kind', 'sessions', 'note'], path);
  const date = c.date(v.date, `${path}.date`);
  const description = c.text(v, 'description', `${path}.description`);
  const note = c.text(v, 'note', `${path}.note`, false);
  const kind = v.kind;
  if (kind !== 'full' && kind !== 'special') {
    c.add(`${path}.kind`, `must be 'full' or 'special', found ${show(kind)}`);
    return null;
  }
  let sessions: DaySessions | undefined;
  if (kind === 'full' && v.sessions !== undefined) c.add(`${path}.sessions`, "a 'full' holiday has no sessions; use kind 'special' for a special session");
  if (kind === 'special') {
    if (!isObj(v.sessions)) c.add(`${path}.sessions`, `a 'special' session needs its times { pre_open?, normal?, closing? }, found ${show(v.sessions)}`);
    else {
      c.unknownKeys(v.sessions, SESSION_KINDS, `${path}.sessions`);
      sessions = checkSessions(c, v.sessions, `${path}.sessions`, true);
    }
  }
  if (date === undefined || description === undefined) return null;
  return { date, description, kind, ...(sessions ? { sessions } : {}), ...(note ? { note } : {}) };
}

function checkOverride(c: Collector, v: unknown, path: string): ExpiryOverride | null {
  if (!isObj(v)) {
    c.add(path, `must be { date, description, sessions }, found ${show(v)}`);
    return null;
  }
  c.unknownKeys(v, ['date', 'description', 'sessions'], path);
  const date = c.date(v.date, `${path}.date`);
  const description = c.text(v, 'description', `${path}.description`);
  if (!isObj(v.sessions)) {
    c.add(`${path}.sessions`, `must be { pre_open?, normal?, closing? }, found ${show(v.sessions)}`);
    return null;
  }
  c.unknownKeys(v.sessions, SESSION_KINDS, `${path}.sessions`);
  const sessions = checkSessions(c, v.sessions, `${path}.sessions`, true);
  if (date === undefined || description === undefined) return null;
  return { date, description, sessions };
}

function checkList<T extends { date: string }>(c: Collector, v: unknown, path: string, item: (c: Collector, v: unknown, p: string) => T | null): T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    c.add(path, `must be a list, found ${show(v)}`);
    return [];
  }
  const out: T[] = [];
  const seen = new Map<string, number>();
  v.forEach((x, i) => {
    const r = item(c, x, `${path}[${i}]`);
    if (!r) return;
    const first = seen.get(r.date);
    if (first !== undefined) c.add(`${path}[${i}].date`, `${r.date} is already listed at ${path}[${first}]`);
    else seen.set(r.date, i);
    out.push(r);
  });
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Validates a template from a file, an import or an edit. */
export function validateTemplate(input: unknown): Validated<TradingHoursTemplate> {
  const c = new Collector();
  if (!isObj(input)) return { ok: false, errors: [{ field: '', message: `a template must be a JSON object, found ${show(input)}` }] };
  c.unknownKeys(input, ['id', 'name', 'time_zone', 'week', 'holidays', 'expiry_overrides'], '');
  const id = c.text(input, 'id', 'id');
  if (id !== undefined && !ID_RE.test(id)) c.add('id', `must be lowercase letters, digits and dashes (at most 64), found ${show(id)}`);
  const name = c.text(input, 'name', 'name');
  const zone = input.time_zone;
  if (typeof zone !== 'string' || !isKnownZone(zone)) c.add('time_zone', `must be a known IANA time zone such as 'Asia/Kolkata', found ${show(zone)}`);
  const weekIn = input.week;
  const week = {} as TradingHoursTemplate['week'];
  if (!isObj(weekIn)) c.add('week', `must give every weekday (${WEEKDAYS.join(', ')}), found ${show(weekIn)}`);
  else {
    c.unknownKeys(weekIn, WEEKDAYS, 'week');
    for (const d of WEEKDAYS) week[d] = checkWeekday(c, weekIn[d], `week.${d}`);
  }
  const holidays = checkList(c, input.holidays, 'holidays', checkHoliday);
  const expiry_overrides = checkList(c, input.expiry_overrides, 'expiry_overrides', checkOverride);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return { ok: true, value: deepFreeze({ id: id as string, name: name as string, time_zone: zone as string, week, holidays, expiry_overrides }) };
}

/** Validated templates are immutable: the clock caches by template object, so an edit must make a new one. */
function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Throws a readable error listing every field at fault; for built-in files that must be valid. */
export function assertTemplate(input: unknown, source: string): TradingHoursTemplate {
  const r = validateTemplate(input);
  if (r.ok) return r.value;
  throw new TemplateError(source, r.errors);
}

export class TemplateError extends Error {
  readonly source: string;
  readonly errors: FieldError[];
  constructor(source: string, errors: FieldError[]) {
    super(`invalid trading-hours template in ${source}: ${errors.map((e) => `${e.field || '(root)'}: ${e.message}`).join('; ')}`);
    this.name = 'TemplateError';
    this.source = source;
    this.errors = errors;
  }
}

/** Validates a holiday list on its own (CSV import), with fields named 'holidays[i].…'. */
export function validateHolidays(input: unknown): Validated<Holiday[]> {
  const c = new Collector();
  const list = checkList(c, input, 'holidays', checkHoliday);
  return c.errors.length > 0 ? { ok: false, errors: c.errors } : { ok: true, value: list };
}

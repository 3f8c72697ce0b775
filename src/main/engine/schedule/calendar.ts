// Which sessions a template has on one exchange-local date, as concrete instants.
// Precedence: holiday (closed, or its special sessions) > expiry override > weekday table.
import {
  SESSION_KINDS, WEEKDAYS,
  type DaySessions, type DayType, type Holiday, type SessionInterval, type TradingHoursTemplate,
} from '../../../shared/trading-hours.ts';
import { parseWallTime } from './validate.ts';
import { weekdayIndex, zonedInstant } from './zone.ts';

export interface TradingDay {
  date: string;
  day_type: DayType;
  holiday: Holiday | null;
  sessions: SessionInterval[];
}

/** Per-template lookup tables, built once per template object. */
interface Index {
  holidays: Map<string, Holiday>;
  overrides: Map<string, DaySessions>;
}
const indexes = new WeakMap<TradingHoursTemplate, Index>();

function indexOf(t: TradingHoursTemplate): Index {
  let ix = indexes.get(t);
  if (!ix) {
    ix = {
      holidays: new Map(t.holidays.map((h) => [h.date, h])),
      overrides: new Map(t.expiry_overrides.map((o) => [o.date, o.sessions])),
    };
    indexes.set(t, ix);
  }
  return ix;
}

function concrete(zone: string, date: string, s: DaySessions): SessionInterval[] {
  const out: SessionInterval[] = [];
  for (const kind of SESSION_KINDS) {
    const r = s[kind];
    if (!r) continue;
    const from = parseWallTime(r.start);
    const to = parseWallTime(r.end, true);
    if (from === null || to === null) throw new RangeError(`template session ${date} ${kind} has invalid times ${r.start}-${r.end}; validate templates before use`);
    out.push({ kind, start: zonedInstant(zone, date, from), end: zonedInstant(zone, date, to) });
  }
  return out;
}

/** The sessions of `template` on exchange-local `date` ('YYYY-MM-DD'). */
export function tradingDay(template: TradingHoursTemplate, date: string): TradingDay {
  const ix = indexOf(template);
  const holiday = ix.holidays.get(date) ?? null;
  if (holiday) {
    const sessions = holiday.kind === 'special' && holiday.sessions ? concrete(template.time_zone, date, holiday.sessions) : [];
    return { date, day_type: holiday.kind === 'special' ? 'special' : 'holiday', holiday, sessions };
  }
  const override = ix.overrides.get(date);
  if (override) return { date, day_type: 'trading', holiday: null, sessions: concrete(template.time_zone, date, override) };
  const day = template.week[WEEKDAYS[weekdayIndex(date)] ?? 'mon'];
  if (!day.trades) return { date, day_type: 'weekend', holiday: null, sessions: [] };
  return { date, day_type: 'trading', holiday: null, sessions: concrete(template.time_zone, date, day) };
}

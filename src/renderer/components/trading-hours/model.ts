// Pane-side helpers: the injected caller, draft edits that return new objects, and
// matching server field errors to inputs. Validation itself stays on the engine (hours.put).
import {
  type DaySessions, type FieldError, type SessionKind, type TradingHoursMethod, type TradingHoursMethods,
  type TradingHoursTemplate,
} from '../../../shared/trading-hours.ts';

/** How the pane talks to the host: the app passes `(m, req) => api.call(m, req)`. */
export type HoursCall = <M extends TradingHoursMethod>(method: M, req: TradingHoursMethods[M]['req']) => Promise<TradingHoursMethods[M]['res']>;

export const clone = <T>(x: T): T => structuredClone(x);

/** Sets one end of a session; clearing both ends removes the session. */
export function setSessionTime<T extends DaySessions>(day: T, kind: SessionKind, end: 'start' | 'end', value: string): T {
  const cur = day[kind] ?? { start: '', end: '' };
  const next = { ...cur, [end]: value.trim() };
  const out = { ...day };
  if (next.start === '' && next.end === '') delete out[kind];
  else out[kind] = next;
  return out;
}

/** The error shown at input `path`: one naming it, or naming a parent (e.g. 'week.mon'). */
export function errorAt(errors: FieldError[], path: string): string | null {
  const e = errors.find((x) => x.field !== '' && (x.field === path || path.startsWith(`${x.field}.`)));
  return e ? e.message : null;
}

export function copyOf(t: TradingHoursTemplate, taken: string[]): TradingHoursTemplate {
  let id = `${t.id}-copy`;
  for (let i = 2; taken.includes(id); i++) id = `${t.id}-copy${i}`;
  return { ...clone(t), id, name: `${t.name} (copy)` };
}

// Massive (Polygon) options/stocks WebSocket frames → Ticks. Every server frame is a JSON array
// of events (protocols.md §3.3): T trades, Q quotes, A/AM aggregates, FMV fair market value,
// status. A malformed event is dropped and counted by reason; the rest of the frame is kept.
// Nothing here throws on input. Runtime: std.
import type { Tick } from '../../../../shared/market.ts';

export interface MassiveStatus {
  status: string;
  message: string;
}

export interface MassiveFrame {
  ticks: Tick[];
  statuses: MassiveStatus[];
  /** Dropped events (or the whole frame) by reason: not_json, not_array, not_event, unknown_event, bad_field. */
  rejected: Record<string, number>;
  /** One example of the last rejection, for the log. */
  detail: string | null;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function reject(f: MassiveFrame, reason: string, detail: string): void {
  f.rejected[reason] = (f.rejected[reason] ?? 0) + 1;
  f.detail = detail;
}

/** Decodes one text frame received at `receiveTs`. */
export function decodeMassiveFrame(text: string, receiveTs: number): MassiveFrame {
  const f: MassiveFrame = { ticks: [], statuses: [], rejected: {}, detail: null };
  let events: unknown;
  try {
    events = JSON.parse(text);
  } catch (err) {
    reject(f, 'not_json', (err as Error).message);
    return f;
  }
  if (!Array.isArray(events)) {
    reject(f, 'not_array', `frame is ${typeof events}, not an array of events`);
    return f;
  }
  for (const e of events) decodeEvent(e, receiveTs, f);
  return f;
}

function decodeEvent(e: unknown, receiveTs: number, f: MassiveFrame): void {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return reject(f, 'not_event', 'array element is not an object');
  const ev = (e as { ev?: unknown }).ev;
  const o = e as Record<string, unknown>;
  if (ev === 'status') {
    f.statuses.push({ status: String(o.status ?? ''), message: String(o.message ?? '') });
    return;
  }
  const sym = o.sym;
  if (!str(sym)) return reject(f, 'bad_field', `${String(ev)} event without sym`);
  switch (ev) {
    case 'T': {
      if (!num(o.p) || !num(o.s) || !num(o.t)) return reject(f, 'bad_field', `T ${sym}: p, s, t must be numbers`);
      f.ticks.push({ key: sym, exchangeTs: o.t, receiveTs, ltp: o.p, ltq: o.s });
      return;
    }
    case 'Q': {
      if (!num(o.bp) || !num(o.ap) || !num(o.bs) || !num(o.as) || !num(o.t)) return reject(f, 'bad_field', `Q ${sym}: bp, ap, bs, as, t must be numbers`);
      // A zero price is "no quote on that side", as on the exchange's NBBO.
      f.ticks.push({
        key: sym, exchangeTs: o.t, receiveTs,
        bids: o.bp > 0 ? [{ price: o.bp, qty: o.bs }] : [],
        asks: o.ap > 0 ? [{ price: o.ap, qty: o.as }] : [],
      });
      return;
    }
    case 'A':
    case 'AM': {
      if (!num(o.c) || !num(o.e) || !num(o.av)) return reject(f, 'bad_field', `${ev} ${sym}: c, e, av must be numbers`);
      const t: Tick = { key: sym, exchangeTs: o.e, receiveTs, volume: o.av };
      if (num(o.a)) t.atp = o.a;
      f.ticks.push(t);
      return;
    }
    case 'FMV': {
      // fmv is a number in the spec, a string in client-js's typings: take either. t is in nanoseconds.
      const fmv = typeof o.fmv === 'string' ? Number(o.fmv) : o.fmv;
      if (!num(fmv) || !num(o.t)) return reject(f, 'bad_field', `FMV ${sym}: fmv and t must be numbers`);
      f.ticks.push({ key: sym, exchangeTs: Math.floor(o.t / 1e6), receiveTs, fairValue: fmv });
      return;
    }
    default:
      return reject(f, 'unknown_event', `event type ${JSON.stringify(ev)}`);
  }
}

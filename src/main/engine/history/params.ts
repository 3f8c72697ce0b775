// Parsing what charts, exports, the HTTP API and the CLI pass in: times (epoch ms, ISO-8601 with
// offset, 'YYYY-MM-DD HH:MM[:SS]' or 'YYYY-MM-DD' in the exchange's zone), intervals and ranges.
import { isCandleInterval, type CandleInterval } from '../../../shared/history.ts';
import { wallToEpoch } from '../candles/session.ts';
import { parseTimestamp } from '../store/csv-import.ts';
import { BadRequestError } from '../engine.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of a time parameter; a bare date is its midnight in `timeZone`. */
export function parseTime(raw: unknown, field: string, timeZone: string): number {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw !== 'string' || raw.trim() === '') throw new BadRequestError(`'${field}' is required: epoch ms or ISO-8601 time`);
  const s = raw.trim();
  const d = DATE.exec(s);
  if (d) return wallToEpoch(Number(d[1]), Number(d[2]), Number(d[3]), 0, 0, timeZone);
  const t = parseTimestamp(s, timeZone);
  if (typeof t === 'string') throw new BadRequestError(`'${field}': ${t}`);
  return t;
}

/** [from, to) with from < to. */
export function parseRange(from: unknown, to: unknown, timeZone: string): { from: number; to: number } {
  const f = parseTime(from, 'from', timeZone);
  const t = parseTime(to, 'to', timeZone);
  if (!(f < t)) throw new BadRequestError(`empty range: 'from' ${f} must be before 'to' ${t} (epoch ms, to exclusive)`);
  return { from: f, to: t };
}

export function parseInterval(raw: unknown): CandleInterval {
  if (typeof raw !== 'string' || !isCandleInterval(raw)) {
    throw new BadRequestError(`'interval' must be one of 1s, 5s, 15s, 30s, 1m, 3m, 5m, 15m, 30m, 1h, 1d; got ${JSON.stringify(raw ?? null)}`);
  }
  return raw;
}

export function parseSymbol(raw: unknown, field = 'symbol'): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new BadRequestError(`'${field}' must be a non-empty symbol (e.g. NIFTY or NIFTY23NOV2626000CE)`);
  return raw.trim();
}

/** A comma-separated list or an array of symbols. */
export function parseSymbols(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
  if (!list || list.some((s) => typeof s !== 'string')) throw new BadRequestError("'symbols' must be a list of symbols or a comma-separated string");
  const out = (list as string[]).map((s) => s.trim()).filter(Boolean);
  return out.length ? out : undefined;
}

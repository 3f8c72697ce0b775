// `optick import ticks`: loads external tick history from CSV, streaming, through the same writer
// as live ticks, then rebuilds the 1m candles over the imported range, so charts, candles and
// replay use it like recorded ticks.
// Columns: timestamp, price[, quantity[, cumulative volume[, OI]]], with or without a header
// (a header may name them: time|timestamp|datetime, price|ltp|close, qty|quantity|ltq,
// volume|cum_volume, oi|open_interest). Timestamps: ISO-8601 with an offset or Z, epoch ms, or
// 'YYYY-MM-DD HH:MM:SS[.sss]' read in the exchange's zone. With quantity but no cumulative volume,
// the cumulative volume is the running sum of quantities per exchange day.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { SessionClock, wallToEpoch, type SessionSpec } from '../candles/session.ts';
import { NSE_SESSION } from '../candles/session.ts';
import type { InstrumentInfo } from './protocol.ts';
import type { TickStore } from './tick-store.ts';

export interface ImportOptions {
  store: TickStore;
  /** The instrument the ticks belong to (the CLI resolves --symbol to it). */
  instrument: InstrumentInfo;
  /** Session/zone for zone-less timestamps and daily volume. Default NSE. */
  session?: SessionSpec;
  signal?: AbortSignal;
  onProgress?: (rows: number) => void;
  /** Keep at most this many bad-row messages. Default 20. */
  maxErrors?: number;
}

export interface ImportResult {
  rows: number;
  /** Lines that were not a valid tick (counted; the first messages are in `errors`). */
  skipped: number;
  /** Ticks the store dropped or refused during the import. */
  dropped: number;
  errors: string[];
  header: boolean;
  from: number | null;
  to: number | null;
}

const FLUSH_EVERY = 20_000;
const NAMES: Record<string, 'ts' | 'price' | 'qty' | 'volume' | 'oi'> = {
  time: 'ts', timestamp: 'ts', datetime: 'ts', date: 'ts', ts: 'ts',
  price: 'price', ltp: 'price', close: 'price', last: 'price',
  qty: 'qty', quantity: 'qty', ltq: 'qty',
  volume: 'volume', cum_volume: 'volume', cumulative_volume: 'volume',
  oi: 'oi', open_interest: 'oi',
};
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Epoch ms of one timestamp cell, or a reason it is not one. */
export function parseTimestamp(cell: string, timeZone: string): number | string {
  if (/^\d+$/.test(cell)) {
    const v = Number(cell);
    return v >= 1e11 ? v : `'${cell}' looks like epoch seconds or a count; epoch milliseconds expected`;
  }
  if (ISO.test(cell)) {
    const v = Date.parse(cell);
    return Number.isFinite(v) ? v : `'${cell}' is not a valid ISO-8601 time`;
  }
  const m = LOCAL.exec(cell);
  if (m) {
    const [, y, mo, d, h, mi, s, ms] = m;
    const base = wallToEpoch(Number(y), Number(mo), Number(d), Number(h), Number(mi), timeZone);
    if (Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return `'${cell}' is not a valid time`;
    return base + Number(s ?? 0) * 1000 + Number((ms ?? '0').padEnd(3, '0'));
  }
  return `'${cell}' is not a timestamp (ISO-8601 with offset, epoch ms, or YYYY-MM-DD HH:MM:SS)`;
}

const unquote = (c: string): string => {
  const v = c.trim();
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).replace(/""/g, '"') : v;
};

/** Imports one instrument's ticks from a CSV stream. Bad lines are skipped and counted, never fatal. */
export async function importTicksCsv(input: Readable, options: ImportOptions): Promise<ImportResult> {
  const session = options.session ?? NSE_SESSION;
  const clock = new SessionClock(session);
  const maxErrors = options.maxErrors ?? 20;
  const { store, instrument } = options;
  store.registerInstrument(instrument);
  const droppedBefore = store.stats().dropped + store.stats().rejected;
  const result: ImportResult = { rows: 0, skipped: 0, dropped: 0, errors: [], header: false, from: null, to: null };
  let cols: Record<'ts' | 'price' | 'qty' | 'volume' | 'oi', number> = { ts: 0, price: 1, qty: 2, volume: 3, oi: 4 };
  let lineNo = 0;
  let day = '';
  let running = 0;
  const bad = (why: string): void => {
    result.skipped++;
    if (result.errors.length < maxErrors) result.errors.push(`line ${lineNo}: ${why}`);
  };

  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const raw of lines) {
    lineNo++;
    options.signal?.throwIfAborted();
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    const cells = line.split(',').map(unquote);
    if (result.rows === 0 && result.skipped === 0 && !result.header && typeof parseTimestamp(cells[0] ?? '', session.timeZone) === 'string') {
      const named = cells.map((c) => NAMES[c.toLowerCase()]);
      if (named.includes('ts') && named.includes('price')) {
        result.header = true;
        cols = { ts: -1, price: -1, qty: -1, volume: -1, oi: -1 };
        named.forEach((n, i) => { if (n && cols[n] < 0) cols[n] = i; });
        continue;
      }
      if (!/\d/.test(cells[0] ?? '')) {
        result.header = true;
        continue;
      }
    }
    const ts = parseTimestamp(cells[cols.ts] ?? '', session.timeZone);
    if (typeof ts === 'string') { bad(ts); continue; }
    const price = Number(cells[cols.price]);
    if (!cells[cols.price] || !Number.isFinite(price)) { bad(`price '${cells[cols.price] ?? ''}' is not a number`); continue; }
    const opt = (i: number, what: string): number | null | undefined => {
      const c = cells[i];
      if (i < 0 || c === undefined || c === '') return null;
      const v = Number(c);
      if (!Number.isFinite(v) || v < 0) { bad(`${what} '${c}' is not a non-negative number`); return undefined; }
      return v;
    };
    const qty = opt(cols.qty, 'quantity');
    const vol = opt(cols.volume, 'cumulative volume');
    const oi = opt(cols.oi, 'OI');
    if (qty === undefined || vol === undefined || oi === undefined) continue;
    let volume = vol;
    if (volume === null && qty !== null) {
      const d = clock.day(ts).date;
      if (d !== day) { day = d; running = 0; }
      running += qty;
      volume = running;
    }
    store.append({ key: instrument.key, exchangeTs: ts, receiveTs: ts, ltp: price, ...(qty !== null && { ltq: qty }), ...(volume !== null && { volume }), ...(oi !== null && { oi }) });
    result.rows++;
    result.from = result.from === null ? ts : Math.min(result.from, ts);
    result.to = result.to === null ? ts : Math.max(result.to, ts);
    if (result.rows % FLUSH_EVERY === 0) {
      await store.flush();
      options.onProgress?.(result.rows);
    }
  }
  await store.flush();
  if (result.from !== null && result.to !== null) await store.rebuildCandles([instrument.key], result.from, result.to + 1);
  result.dropped = store.stats().dropped + store.stats().rejected - droppedBefore;
  options.onProgress?.(result.rows);
  return result;
}

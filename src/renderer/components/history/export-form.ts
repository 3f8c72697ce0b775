// The CSV export form as plain data: defaults, IST wall times ⇄ epoch ms, validation into the
// `history.export` request, and the streaming download URL of browser mode. Pure.
import type { CandleInterval, ExportKind } from '../../../shared/history.ts';
import { isCandleInterval } from '../../../shared/history.ts';
import type { ExportJobRequest } from '../../../shared/replay.ts';
import { EXCHANGE_TIME_ZONE } from '../../format.ts';

export type ExportScope = 'chain' | 'symbols';

export interface ExportForm {
  kind: ExportKind;
  /** IST wall times as a datetime-local input holds them: 'YYYY-MM-DDTHH:MM'. `to` is exclusive. */
  from: string;
  to: string;
  /** The shown underlying + expiry, or the symbols listed. */
  scope: ExportScope;
  underlying: string;
  expiry: string;
  /** OpenAlgo symbols or underlying names, separated by commas, spaces or new lines. */
  symbols: string;
  interval: CandleInterval;
}

const wallParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: EXCHANGE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** An instant as the IST wall time a datetime-local input shows, to the minute (seconds dropped). */
export function toIstWall(epochMs: number): string {
  const p = Object.fromEntries(wallParts.formatToParts(epochMs).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** An IST wall time 'YYYY-MM-DDTHH:MM' as epoch ms; null when malformed or not a real time. */
export function fromIstWall(wall: string): number | null {
  const m = WALL.exec(wall);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at that instant, read through Intl (no offset written into the code).
  const offset = Date.parse(`${toIstWall(asUtc)}:00Z`) - asUtc;
  const epoch = asUtc - offset;
  return toIstWall(epoch) === wall ? epoch : null;
}

/** The session so far: today's 09:15 IST (yesterday's before it) to the next whole minute. */
export function defaultExportForm(nowMs: number, underlying: string | null, expiry: string | null, symbols: readonly string[]): ExportForm {
  const today = toIstWall(nowMs).slice(0, 10);
  let from = fromIstWall(`${today}T09:15`) ?? nowMs;
  if (from > nowMs) from -= 86_400_000;
  return {
    kind: 'candles', from: toIstWall(from), to: toIstWall(Math.ceil((nowMs + 1) / 60_000) * 60_000),
    scope: 'chain', underlying: underlying ?? '', expiry: expiry ?? '', symbols: symbols.join(', '), interval: '1m',
  };
}

export function symbolList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))];
}

/** The request for `history.export`, or the first thing wrong with the form, in words. */
export function exportRequest(form: ExportForm): { request: ExportJobRequest } | { error: string } {
  const from = fromIstWall(form.from);
  const to = fromIstWall(form.to);
  if (from === null) return { error: `From is not a date and time: '${form.from}'` };
  if (to === null) return { error: `To is not a date and time: '${form.to}'` };
  if (to <= from) return { error: 'To must be after From' };
  const request: ExportJobRequest = { kind: form.kind, from, to };
  if (form.scope === 'chain') {
    if (!form.underlying) return { error: 'No underlying is shown yet' };
    request.underlying = form.underlying;
    if (form.expiry) request.expiry = form.expiry;
  } else {
    const symbols = symbolList(form.symbols);
    if (symbols.length === 0) return { error: 'List at least one symbol' };
    request.symbols = symbols;
  }
  if (form.kind === 'candles') {
    if (!isCandleInterval(form.interval)) return { error: `Unknown interval '${String(form.interval)}'` };
    request.interval = form.interval;
  }
  return { request };
}

/** Browser mode: the same export streamed straight to the browser as a file download (the session cookie authenticates it). */
export function downloadUrl(request: ExportJobRequest): string {
  const q = new URLSearchParams({ from: String(request.from), to: String(request.to) });
  if (request.symbols) q.set('symbols', request.symbols.join(','));
  if (request.underlying) q.set('underlying', request.underlying);
  if (request.expiry) q.set('expiry', request.expiry);
  if (request.interval) q.set('interval', request.interval);
  return `/api/export/${request.kind}.csv?${q.toString()}`;
}

const bytesFormat = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 1 });

/** 532 B, 12.4 KB, 3.1 MB, 1.2 GB (binary units). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${bytesFormat.format(i === 0 ? Math.round(v) : v)} ${units[i]}`;
}

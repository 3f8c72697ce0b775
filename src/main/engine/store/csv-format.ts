// CSV cells: ISO-8601 in the exchange's zone with its offset (2026-11-20T09:15:00.000+05:30),
// dot decimals, empty for absent, RFC 4180 quoting. Fast path: one Intl lookup per 15 minutes.
import { zoneOffsetMs } from '../candles/session.ts';

const QUARTER_HOUR = 900_000;

export class IsoInZone {
  readonly timeZone: string;
  #quarter = Number.NaN;
  #offset = 0;
  #suffix = '';
  #minute = Number.NaN;
  #prefix = '';

  constructor(timeZone: string) {
    this.timeZone = timeZone;
  }

  format(ts: number): string {
    const minute = Math.floor(ts / 60_000);
    if (minute !== this.#minute) {
      const quarter = Math.floor(ts / QUARTER_HOUR);
      if (quarter !== this.#quarter) {
        this.#quarter = quarter;
        this.#offset = zoneOffsetMs(ts, this.timeZone);
        const abs = Math.abs(this.#offset) / 60_000;
        this.#suffix = `${this.#offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      }
      this.#minute = minute;
      this.#prefix = new Date(minute * 60_000 + this.#offset).toISOString().slice(0, 17);
    }
    const ms = ts - minute * 60_000;
    const sec = Math.floor(ms / 1000);
    const milli = ms - sec * 1000;
    return `${this.#prefix}${sec < 10 ? '0' : ''}${sec}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}${this.#suffix}`;
  }
}

export function num(v: number | null | undefined): string {
  return v == null || Number.isNaN(v) ? '' : String(v);
}

export function text(v: string | null | undefined): string {
  if (v == null) return '';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

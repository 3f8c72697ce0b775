// Byte-level CSV row writing for the tick export's fast path: digits go straight into a Buffer
// (no per-row strings), prices are formatted from integer units without floating point, and the
// ISO-8601 time prefix and epoch-second digits are built once per second.
// Output is identical to csv-format.ts (String(price) of a whole number of units, IsoInZone).
import { IsoInZone } from './csv-format.ts';

/** Writes a non-negative integer below 2^53 at `p`; returns the position after it. */
export function writeUint(b: Buffer, p: number, v: number): number {
  if (v < 10) { b[p] = 48 + v; return p + 1; }
  let len = 1;
  for (let t = v; t >= 10; len++) t = Math.floor(t / 10);
  let q = p + len;
  if (v < 0x80000000) {
    while (v >= 10) { const d = (v / 10) | 0; b[--q] = 48 + v - d * 10; v = d; }
  } else {
    while (v >= 10) { const d = Math.floor(v / 10); b[--q] = 48 + v - d * 10; v = d; }
  }
  b[q - 1] = 48 + v;
  return p + len;
}

/** Formats prices held as integer units of 1/scale. */
export class UnitsFormat {
  readonly scale: number;
  /** Decimal digits of the scale when it is a power of ten, else -1 (formatted via String). */
  readonly digits: number;

  constructor(scale: number) {
    this.scale = scale;
    const d = Math.round(Math.log10(scale));
    this.digits = 10 ** d === scale ? d : -1;
  }

  write(b: Buffer, p: number, units: number): number {
    if (this.digits < 0) return p + b.write(String(units / this.scale), p, 'latin1');
    if (units < 0) { b[p++] = 45; units = -units; }
    if (this.digits === 0) return writeUint(b, p, units);
    const whole = Math.floor(units / this.scale);
    let frac = units - whole * this.scale;
    p = writeUint(b, p, whole);
    if (frac === 0) return p;
    b[p++] = 46;
    let div = this.scale / 10;
    while (frac > 0) {
      const d = Math.floor(frac / div);
      b[p++] = 48 + d;
      frac -= d * div;
      div /= 10;
    }
    return p;
  }
}

/** `2026-11-20T09:15:00.000+05:30,<epoch ms>` for a ts, from per-second cached bytes. */
export class TimeCells {
  readonly #iso: IsoInZone;
  #second = Number.NaN;
  readonly #prefix = Buffer.alloc(64);
  #prefixLen = 0;
  readonly #suffix = Buffer.alloc(8);
  #suffixLen = 0;
  readonly #secDigits = Buffer.alloc(20);
  #secLen = 0;

  constructor(timeZone: string) {
    this.#iso = new IsoInZone(timeZone);
  }

  write(b: Buffer, p: number, ts: number): number {
    const second = Math.floor(ts / 1000);
    if (second !== this.#second) this.#load(second);
    const ms = ts - second * 1000;
    const pre = this.#prefix;
    for (let i = 0; i < this.#prefixLen; i++) b[p++] = pre[i]!;
    const h = (ms / 100) | 0;
    const t = ((ms - h * 100) / 10) | 0;
    b[p++] = 48 + h; b[p++] = 48 + t; b[p++] = 48 + ms - h * 100 - t * 10;
    const suf = this.#suffix;
    for (let i = 0; i < this.#suffixLen; i++) b[p++] = suf[i]!;
    b[p++] = 44;
    if (this.#secLen === 0) return writeUint(b, p, ms);
    const sd = this.#secDigits;
    for (let i = 0; i < this.#secLen; i++) b[p++] = sd[i]!;
    b[p++] = 48 + h; b[p++] = 48 + t; b[p++] = 48 + ms - h * 100 - t * 10;
    return p;
  }

  #load(second: number): void {
    this.#second = second;
    const iso = this.#iso.format(second * 1000); // …T09:15:00.000+05:30
    const dot = iso.indexOf('.', 10);
    this.#prefixLen = this.#prefix.write(iso.slice(0, dot + 1), 0, 'latin1');
    this.#suffixLen = this.#suffix.write(iso.slice(dot + 4), 0, 'latin1');
    this.#secLen = second === 0 ? 0 : writeUint(this.#secDigits, 0, second);
  }
}

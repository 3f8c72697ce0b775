// Compact binary encoding of ticks (schema v2). One blob holds the ticks of one instrument in one
// exchange minute, each tick as zigzag varints, most of them deltas:
//   head  = zigzag(ts − previous ts) × 2 + (absent-mask changed ? 1 : 0)   [previous ts starts at the minute]
//   mask  = which of the 9 fields are absent (only when it changed; starts at 0 = all present)
//   recv  = receive ts − exchange ts
//   ltp   = ltp − previous ltp (units)                     [previous values start at 0]
//   ltq
//   bid   = base − bid, ask = ask − base (units), base = this ltp, else the previous one
//   bid_qty, ask_qty
//   volume = cumulative volume − previous volume − ltq (0 when the day volume grew by the trade)
//   oi    = oi − previous oi
// Every value is an integer (prices in units of 1/price_scale), so decoding gives back exactly what
// was encoded. A blob is self-contained: decoding needs no other row.

/** Decoded ticks as columns (NaN = absent); prices in integer units. Reused: grow, never shrink. */
export class TickColumns {
  n = 0;
  cap = 0;
  ts = new Float64Array(0);
  recv = new Float64Array(0);
  ltp = new Float64Array(0);
  ltq = new Float64Array(0);
  bid = new Float64Array(0);
  bidQty = new Float64Array(0);
  ask = new Float64Array(0);
  askQty = new Float64Array(0);
  volume = new Float64Array(0);
  oi = new Float64Array(0);
  /** Instrument of each row: an index the caller chooses (selection index, or instrument id). */
  inst = new Int32Array(0);

  constructor(capacity = 256) {
    this.reserve(capacity);
  }

  reserve(capacity: number): void {
    if (capacity <= this.cap) return;
    const cap = Math.max(capacity, this.cap * 2);
    const grow = (a: Float64Array): Float64Array<ArrayBuffer> => { const b = new Float64Array(cap); b.set(a.subarray(0, this.n)); return b; };
    this.ts = grow(this.ts); this.recv = grow(this.recv); this.ltp = grow(this.ltp); this.ltq = grow(this.ltq);
    this.bid = grow(this.bid); this.bidQty = grow(this.bidQty); this.ask = grow(this.ask); this.askQty = grow(this.askQty);
    this.volume = grow(this.volume); this.oi = grow(this.oi);
    const inst = new Int32Array(cap);
    inst.set(this.inst.subarray(0, this.n));
    this.inst = inst;
    this.cap = cap;
  }

  /** Appends one row; returns its index. */
  push(inst: number, ts: number, recv: number, ltp: number, ltq: number, bid: number, bidQty: number, ask: number, askQty: number, volume: number, oi: number): number {
    if (this.n === this.cap) this.reserve(this.n + 1);
    const r = this.n++;
    this.inst[r] = inst; this.ts[r] = ts; this.recv[r] = recv; this.ltp[r] = ltp; this.ltq[r] = ltq;
    this.bid[r] = bid; this.bidQty[r] = bidQty; this.ask[r] = ask; this.askQty[r] = askQty; this.volume[r] = volume; this.oi[r] = oi;
    return r;
  }

  /** Copies row `r` of `from` to the end. */
  copyRow(from: TickColumns, r: number, inst = from.inst[r]!): number {
    return this.push(inst, from.ts[r]!, from.recv[r]!, from.ltp[r]!, from.ltq[r]!, from.bid[r]!, from.bidQty[r]!, from.ask[r]!, from.askQty[r]!, from.volume[r]!, from.oi[r]!);
  }

  /** True when row `a` of this and row `b` of `o` hold the same tick (NaN equals NaN). */
  sameRow(a: number, o: TickColumns, b: number): boolean {
    return Object.is(this.ts[a], o.ts[b]) && Object.is(this.recv[a], o.recv[b]) && Object.is(this.ltp[a], o.ltp[b]) && Object.is(this.ltq[a], o.ltq[b])
      && Object.is(this.bid[a], o.bid[b]) && Object.is(this.bidQty[a], o.bidQty[b]) && Object.is(this.ask[a], o.ask[b]) && Object.is(this.askQty[a], o.askQty[b])
      && Object.is(this.volume[a], o.volume[b]) && Object.is(this.oi[a], o.oi[b]);
  }
}

/** Growable output buffer for encoding. */
export class ByteSink {
  buf = new Uint8Array(4096);
  pos = 0;

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.pos + extra));
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }
}

const zz = (v: number): number => (v >= 0 ? v * 2 : -v * 2 - 1);

function put(s: ByteSink, z: number): void {
  const b = s.buf;
  let p = s.pos;
  if (z < 0x80000000) {
    while (z >= 128) { b[p++] = (z & 127) | 128; z >>>= 7; }
  } else {
    while (z >= 128) { b[p++] = (z % 128) | 128; z = Math.floor(z / 128); }
  }
  b[p++] = z;
  s.pos = p;
}

/** Most bytes one tick can take: 11 varints of at most 8 bytes (values below 2^53). */
const MAX_TICK_BYTES = 96;

/**
 * Appends to `s` the blob of rows `order[start..end)` of `c` (one instrument, one minute starting at
 * `minuteStart`), in that order. The caller guarantees integer values below 2^52 in magnitude.
 */
export function encodeBlock(c: TickColumns, order: ArrayLike<number>, start: number, end: number, minuteStart: number, s: ByteSink): void {
  s.ensure(8 + (end - start) * MAX_TICK_BYTES);
  put(s, end - start);
  let pTs = minuteStart;
  let pLtp = 0;
  let pVol = 0;
  let pOi = 0;
  let pMask = 0;
  for (let k = start; k < end; k++) {
    const r = order[k]!;
    const ts = c.ts[r]!; const recv = c.recv[r]!; const ltp = c.ltp[r]!; const ltq = c.ltq[r]!; const bid = c.bid[r]!;
    const bidQty = c.bidQty[r]!; const ask = c.ask[r]!; const askQty = c.askQty[r]!; const vol = c.volume[r]!; const oi = c.oi[r]!;
    const mask = (recv !== recv ? 1 : 0) | (ltp !== ltp ? 2 : 0) | (ltq !== ltq ? 4 : 0) | (bid !== bid ? 8 : 0) | (bidQty !== bidQty ? 16 : 0)
      | (ask !== ask ? 32 : 0) | (askQty !== askQty ? 64 : 0) | (vol !== vol ? 128 : 0) | (oi !== oi ? 256 : 0);
    put(s, zz(ts - pTs) * 2 + (mask !== pMask ? 1 : 0));
    if (mask !== pMask) put(s, mask);
    pTs = ts;
    pMask = mask;
    if (!(mask & 1)) put(s, zz(recv - ts));
    if (!(mask & 2)) { put(s, zz(ltp - pLtp)); pLtp = ltp; }
    if (!(mask & 4)) put(s, zz(ltq));
    if (!(mask & 8)) put(s, zz(pLtp - bid));
    if (!(mask & 16)) put(s, zz(bidQty));
    if (!(mask & 32)) put(s, zz(ask - pLtp));
    if (!(mask & 64)) put(s, zz(askQty));
    if (!(mask & 128)) { put(s, zz(vol - pVol - (mask & 4 ? 0 : ltq))); pVol = vol; }
    if (!(mask & 256)) { put(s, zz(oi - pOi)); pOi = oi; }
  }
}

let rp = 0;
function get(b: Uint8Array): number {
  let c = b[rp++]!;
  if (c < 128) return c;
  let x = c & 127;
  let mul = 128;
  do {
    c = b[rp++]!;
    x += (c & 127) * mul;
    mul *= 128;
  } while (c >= 128);
  return x;
}
function getZ(b: Uint8Array): number {
  const z = get(b);
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Decodes a blob and appends its ticks to `c` with instrument `inst`. Throws on a truncated blob. */
export function decodeBlock(data: Uint8Array, minuteStart: number, inst: number, c: TickColumns): void {
  rp = 0;
  const n = get(data);
  c.reserve(c.n + n);
  let pTs = minuteStart;
  let pLtp = 0;
  let pVol = 0;
  let pOi = 0;
  let mask = 0;
  for (let i = 0; i < n; i++) {
    const head = get(data);
    const dz = Math.floor(head / 2);
    pTs += dz % 2 === 0 ? dz / 2 : -(dz + 1) / 2;
    if (head % 2 === 1) mask = get(data);
    const r = c.n++;
    c.inst[r] = inst;
    c.ts[r] = pTs;
    c.recv[r] = mask & 1 ? NaN : pTs + getZ(data);
    if (!(mask & 2)) pLtp += getZ(data);
    c.ltp[r] = mask & 2 ? NaN : pLtp;
    const ltq = mask & 4 ? NaN : getZ(data);
    c.ltq[r] = ltq;
    c.bid[r] = mask & 8 ? NaN : pLtp - getZ(data);
    c.bidQty[r] = mask & 16 ? NaN : getZ(data);
    c.ask[r] = mask & 32 ? NaN : pLtp + getZ(data);
    c.askQty[r] = mask & 64 ? NaN : getZ(data);
    if (!(mask & 128)) pVol += getZ(data) + (mask & 4 ? 0 : ltq);
    c.volume[r] = mask & 128 ? NaN : pVol;
    if (!(mask & 256)) pOi += getZ(data);
    c.oi[r] = mask & 256 ? NaN : pOi;
  }
  if (rp !== data.length) throw new RangeError(`tick blob of minute ${minuteStart}: ${data.length} bytes, ${n} ticks decoded from ${rp}`);
}

/** Rows `0..c.n` ordered by ts, stable (append order breaks ties). */
export function orderByTs(c: TickColumns, order: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const out = order.length >= c.n ? order : new Int32Array(c.n);
  for (let i = 0; i < c.n; i++) out[i] = i;
  const ts = c.ts;
  out.subarray(0, c.n).sort((a, b) => ts[a]! - ts[b]! || a - b);
  return out;
}

/**
 * Calls `each(minute, inst, start, end)` for every run of rows of `c` sharing exchange minute and
 * `inst`, with `order[start..end)` those rows in arrival order; runs come by (minute, inst).
 */
export function forEachMinuteRun(c: TickColumns, each: (minute: number, inst: number, order: Int32Array, start: number, end: number) => void): void {
  const order = new Int32Array(c.n);
  const minute = new Float64Array(c.n);
  for (let i = 0; i < c.n; i++) { order[i] = i; minute[i] = Math.floor(c.ts[i]! / 60_000); }
  order.sort((a, b) => minute[a]! - minute[b]! || c.inst[a]! - c.inst[b]! || a - b);
  for (let s = 0; s < c.n;) {
    const r0 = order[s]!;
    let e = s + 1;
    while (e < c.n && minute[order[e]!] === minute[r0] && c.inst[order[e]!] === c.inst[r0]) e++;
    each(minute[r0]!, c.inst[r0]!, order, s, e);
    s = e;
  }
}

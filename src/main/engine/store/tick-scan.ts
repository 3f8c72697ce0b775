// Reads stored ticks back, minute by minute, in exchange-time order across instruments.
// Ticks live in two tables (schema v2): tick_blocks, one sealed blob per (minute, instrument) with
// id = minute × 2^20 + instrument id, and tick_frags, the blobs of recent minutes the writer has
// not sealed yet (one per batch and instrument). A scan reads a window of minutes from both tables
// in one read transaction (a seal moving ticks between them is never seen half done), decodes one
// minute at a time into reused columns, and orders its rows by (ts, instrument id, arrival).
// Memory is bounded by one window, whatever the range.
import type { Database, Statement } from 'better-sqlite3';
import { decodeBlock, TickColumns } from './tick-codec.ts';

export const MINUTE_MS = 60_000;
/** id of a sealed block = minute × ID_SPAN + instrument id. */
export const ID_SPAN = 2 ** 20;
/** Minutes beyond this are out of any sensible range (keeps minute × ID_SPAN below 2^53). */
const MAX_MINUTE = 2 ** 32;
const ROW_BITS = 2 ** 21;
const INST_SPAN = 2 ** 16;
/** Selections this small read through the instrument index; larger ones scan by time. */
const FEW = 16;

/** One decoded minute: rows of `cols` in exchange-time order are `order[0..count)`. */
export interface TickMinute {
  minute: number;
  cols: TickColumns;
  order: Int32Array;
  count: number;
}

type Raw = [number, number, Buffer];

/**
 * Ticks of `ids` (instrument ids) with exchange ts in [from, to). `cols.inst` of each row is the
 * position of its instrument in `ids` sorted ascending (see `sortedIds`). The yielded object is
 * reused: read it before the next step.
 */
export function* scanTicks(db: Database, ids: readonly number[], from: number, to: number): Generator<TickMinute> {
  if (ids.length === 0 || !(from < to)) return;
  const sorted = sortedIds(ids);
  const slot = new Map(sorted.map((id, i) => [id, i]));
  const list = sorted.join(',');
  const few = sorted.length <= FEW;
  const window = few ? 60 : 2;
  const blocks = db.prepare(few
    ? `SELECT id, instrument_id, data FROM tick_blocks INDEXED BY tick_blocks_instrument WHERE instrument_id IN (${list}) AND id >= ? AND id < ? ORDER BY id`
    : `SELECT id, instrument_id, data FROM tick_blocks NOT INDEXED WHERE id >= ? AND id < ? AND instrument_id IN (${list}) ORDER BY id`).raw();
  const frags = db.prepare(`SELECT minute, instrument_id, data FROM tick_frags WHERE minute >= ? AND minute < ? AND instrument_id IN (${list}) ORDER BY minute, instrument_id, id`).raw();
  const nextFrag = db.prepare('SELECT min(minute) FROM tick_frags WHERE minute >= ?').pluck();
  const nextBlock: (m: number) => number | null = few
    ? ((st: Statement) => (m: number) => {
      let best: number | null = null;
      for (const id of sorted) {
        const v = st.get(id, m * ID_SPAN) as number | undefined;
        if (v !== undefined && (best === null || v < best)) best = v;
      }
      return best === null ? null : Math.floor(best / ID_SPAN);
    })(db.prepare('SELECT id FROM tick_blocks WHERE instrument_id = ? AND id >= ? ORDER BY id LIMIT 1').pluck())
    : ((st: Statement) => (m: number) => {
      const v = st.get(m * ID_SPAN) as number | null;
      return v === null ? null : Math.floor(v / ID_SPAN);
    })(db.prepare('SELECT min(id) FROM tick_blocks WHERE id >= ?').pluck());

  const cols = new TickColumns(1024);
  const out: TickMinute = { minute: 0, cols, order: new Int32Array(1024), count: 0 };
  let keys = new Float64Array(1024);
  const endMinute = Math.min(MAX_MINUTE, Math.ceil(to / MINUTE_MS));
  let m = Math.max(0, Math.floor(from / MINUTE_MS));
  while (m < endMinute) {
    const wEnd = Math.min(endMinute, m + window);
    const own = !db.inTransaction;
    let b: Raw[];
    let f: Raw[];
    if (own) db.exec('BEGIN');
    try {
      b = blocks.all(m * ID_SPAN, wEnd * ID_SPAN) as Raw[];
      f = frags.all(m, wEnd) as Raw[];
      if (b.length === 0 && f.length === 0) {
        const nb = nextBlock(wEnd);
        const nf = nextFrag.get(wEnd) as number | null;
        const next = nb === null ? nf : nf === null ? nb : Math.min(nb, nf);
        if (next === null) return;
        m = next;
        continue;
      }
    } finally {
      if (own) db.exec('COMMIT');
    }
    let bi = 0;
    let fi = 0;
    while (bi < b.length || fi < f.length) {
      const bm = bi < b.length ? Math.floor(b[bi]![0] / ID_SPAN) : Infinity;
      const fm = fi < f.length ? f[fi]![0] : Infinity;
      const minute = Math.min(bm, fm);
      const start = minute * MINUTE_MS;
      cols.n = 0;
      for (; bi < b.length && Math.floor(b[bi]![0] / ID_SPAN) === minute; bi++) decodeBlock(b[bi]![2], start, slot.get(b[bi]![1])!, cols);
      for (; fi < f.length && f[fi]![0] === minute; fi++) decodeBlock(f[fi]![2], start, slot.get(f[fi]![1])!, cols);
      if (keys.length < cols.n) keys = new Float64Array(cols.n * 2);
      if (out.order.length < cols.n) out.order = new Int32Array(cols.n * 2);
      out.count = order(cols, start, from, to, keys, out.order, sorted.length);
      out.minute = minute;
      if (out.count > 0) yield out;
    }
    m = wEnd;
  }
}

/** Ascending distinct ids: the order `cols.inst` indexes into. */
export function sortedIds(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** Rows within [from, to) sorted by (ts, instrument slot, row); returns how many. */
function order(c: TickColumns, start: number, from: number, to: number, keys: Float64Array, out: Int32Array, slots: number): number {
  let k = 0;
  const whole = start >= from && start + MINUTE_MS <= to;
  if (slots <= INST_SPAN && c.n <= ROW_BITS) {
    for (let r = 0; r < c.n; r++) {
      const ts = c.ts[r]!;
      if (!whole && (ts < from || ts >= to)) continue;
      keys[k++] = ((ts - start) * INST_SPAN + c.inst[r]!) * ROW_BITS + r;
    }
    const sorted = keys.subarray(0, k).sort();
    for (let i = 0; i < k; i++) out[i] = sorted[i]! % ROW_BITS;
    return k;
  }
  for (let r = 0; r < c.n; r++) {
    const ts = c.ts[r]!;
    if (whole || (ts >= from && ts < to)) out[k++] = r;
  }
  out.subarray(0, k).sort((a, b) => c.ts[a]! - c.ts[b]! || c.inst[a]! - c.inst[b]! || a - b);
  return k;
}

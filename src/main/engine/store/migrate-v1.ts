// Schema v1 → v2: moves the one-row-per-tick `ticks` table into minute blobs (tick_blocks), one
// exchange minute at a time so memory stays bounded, then drops it. v1 kept bid/ask as offsets
// from ltp (ltp taken as 0 when absent) and the receive ts as a lag; both are undone here.
import type { Database } from 'better-sqlite3';
import { ByteSink, encodeBlock, forEachMinuteRun, TickColumns } from './tick-codec.ts';
import { ID_SPAN, MINUTE_MS } from './tick-scan.ts';

type V1Row = [number, number, number | null, number | null, number | null, number | null, number | null, number | null, number | null, number | null, number | null];

/** Integer or NaN; v1 stored whatever number it got, v2 keeps integers (quantities are whole). */
const int = (v: number | null): number => (v === null ? NaN : Math.round(v));

export function migrateTicksV1(db: Database): void {
  const insert = db.prepare('INSERT INTO tick_blocks(id, instrument_id, n, data) VALUES (?,?,?,?)');
  const cols = new TickColumns(4096);
  const sink = new ByteSink();
  const flush = (): void => {
    forEachMinuteRun(cols, (m, inst, order, start, end) => {
      sink.pos = 0;
      encodeBlock(cols, order, start, end, m * MINUTE_MS, sink);
      insert.run(m * ID_SPAN + inst, inst, end - start, Buffer.from(sink.buf.subarray(0, sink.pos)));
    });
    cols.n = 0;
  };
  // One minute per query (.all): better-sqlite3 cannot write while a statement iterates.
  const next = db.prepare('SELECT min(ts) FROM ticks WHERE ts >= ?').pluck();
  const rows = db.prepare('SELECT ts, instrument_id, recv_lag, ltp, ltq, bid_off, bid_qty, ask_off, ask_qty, volume, oi FROM ticks WHERE ts >= ? AND ts < ? ORDER BY ts, instrument_id, n').raw();
  for (let ts0 = next.get(-Infinity) as number | null; ts0 !== null; ts0 = next.get((Math.floor(ts0 / MINUTE_MS) + 1) * MINUTE_MS) as number | null) {
    const m = Math.floor(ts0 / MINUTE_MS);
    for (const [ts, id, lag, ltp, ltq, bidOff, bidQty, askOff, askQty, volume, oi] of rows.all(m * MINUTE_MS, (m + 1) * MINUTE_MS) as V1Row[]) {
      const base = ltp ?? 0;
      cols.push(id, ts, lag === null ? NaN : ts + Math.round(lag), int(ltp), int(ltq), bidOff === null ? NaN : base - int(bidOff), int(bidQty),
        askOff === null ? NaN : base + int(askOff), int(askQty), int(volume), int(oi));
    }
    flush();
  }
  db.exec('DROP TABLE ticks');
}

// Tick rows of the CSV export, written byte by byte from the decoded minute columns into 64 KB
// Buffers: one Buffer per chunk handed to the sink (never reused, the sink may hold it), and a
// wait for 'drain' whenever the sink says it is full, so memory stays constant.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ExportProgress, ExportRequest } from '../../../shared/history.ts';
import { TimeCells, UnitsFormat, writeUint } from './csv-bytes.ts';
import { text } from './csv-format.ts';
import type { ExportOptions } from './csv-export.ts';
import type { StoreReader } from './store-reader.ts';

const CHUNK = 64 * 1024;
/** Bytes of a row without its instrument cell: times, 9 numbers of at most 22 characters, commas. */
const ROW_MAX = 320;

/** Writes a number cell (integer, possibly negative) or nothing when absent (NaN). */
function cell(b: Buffer, p: number, v: number): number {
  b[p++] = 44;
  if (v !== v) return p;
  if (v < 0) { b[p++] = 45; v = -v; }
  return writeUint(b, p, v);
}

function price(b: Buffer, p: number, f: UnitsFormat, units: number): number {
  b[p++] = 44;
  return units !== units ? p : f.write(b, p, units);
}

export async function exportTicks(reader: StoreReader, req: ExportRequest, out: Writable, options: ExportOptions, progress: ExportProgress, every: number): Promise<void> {
  const instruments = reader.slots(reader.select(req));
  const keys = instruments.map((i) => Buffer.from(text(i.key), 'utf8'));
  const formats = instruments.map((i) => new UnitsFormat(i.scale));
  const room = CHUNK - ROW_MAX - Math.max(0, ...keys.map((k) => k.length));
  const time = new TimeCells(reader.session.timeZone);
  let b = Buffer.allocUnsafe(CHUNK);
  let p = 0;
  let rows = progress.rows;
  let nextReport = rows + every;
  const push = async (): Promise<void> => {
    options.signal?.throwIfAborted();
    progress.rows = rows;
    progress.bytes += p;
    if (p === 0) return;
    const ok = out.write(b.subarray(0, p));
    b = Buffer.allocUnsafe(CHUNK);
    p = 0;
    if (!ok) await once(out, 'drain', { signal: options.signal });
  };
  for (const { cols: c, order, count } of reader.tickMinutes(instruments, req.from, req.to)) {
    for (let i = 0; i < count; i++) {
      const r = order[i]!;
      const slot = c.inst[r]!;
      const ts = c.ts[r]!;
      p = time.write(b, p, ts);
      b[p++] = 44;
      const key = keys[slot]!;
      for (let k = 0; k < key.length; k++) b[p++] = key[k]!;
      const f = formats[slot]!;
      p = price(b, p, f, c.ltp[r]!);
      p = cell(b, p, c.ltq[r]!);
      p = price(b, p, f, c.bid[r]!);
      p = cell(b, p, c.bidQty[r]!);
      p = price(b, p, f, c.ask[r]!);
      p = cell(b, p, c.askQty[r]!);
      p = cell(b, p, c.volume[r]!);
      p = cell(b, p, c.oi[r]!);
      const recv = c.recv[r]!;
      p = cell(b, p, recv === recv ? recv : ts);
      b[p++] = 13;
      b[p++] = 10;
      progress.lastTs = ts;
      if (++rows === nextReport) {
        nextReport += every;
        options.onProgress?.({ ...progress, rows, bytes: progress.bytes + p });
      }
      if (p > room) await push();
    }
  }
  await push();
}

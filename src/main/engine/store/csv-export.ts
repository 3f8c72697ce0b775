// CSV export of ticks, candles and chain snapshots to any Writable (an HTTP response, a file),
// streamed with constant memory: rows are read from SQLite one at a time, written in ~64 KB
// chunks, and the export waits for 'drain' when the sink is slow. Cancel with an AbortSignal.
// Give each export its own StoreReader: the connection is busy while the export iterates.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ExportProgress, ExportRequest } from '../../../shared/history.ts';
import { IsoInZone, num, text } from './csv-format.ts';
import { exportTicks } from './csv-ticks.ts';
import type { StoreReader } from './store-reader.ts';

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

export interface ExportOptions {
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** Report progress every this many rows. Default 50,000. */
  progressEvery?: number;
  /** End the sink when the export completes. Default true. */
  end?: boolean;
}

const CHUNK = 64 * 1024;
const EOL = '\r\n';

export const CSV_HEADERS = {
  ticks: 'time,time_ms,instrument,ltp,ltq,bid,bid_qty,ask,ask_qty,volume,oi,receive_ms',
  candles: 'time,time_ms,instrument,interval,open,high,low,close,volume,oi',
  chain: 'time,time_ms,underlying,expiry,strike,side,instrument,ltp,bid,ask,bid_qty,ask_qty,volume,oi,iv,delta,gamma,theta,vega,rho,underlying_ltp,forward,pcr,max_pain',
} as const;

/** Throws ExportError when the request cannot be exported (checked before any byte is sent). */
export function checkExportRequest(req: ExportRequest): void {
  if (!Number.isFinite(req.from) || !Number.isFinite(req.to) || req.from >= req.to) throw new ExportError(`export ${req.kind}: range [${req.from}, ${req.to}) is empty or not epoch ms`);
  if (req.kind === 'candles' && !req.interval) throw new ExportError('export candles: interval is required (1s … 1d)');
  if (req.kind !== 'chain' && !(req.instruments?.length) && !req.underlying) throw new ExportError(`export ${req.kind}: name instruments, or an underlying (and expiry)`);
}

/** Streams the export; resolves with the final progress. Rejects with the signal's reason when aborted. */
export async function exportCsv(reader: StoreReader, req: ExportRequest, out: Writable, options: ExportOptions = {}): Promise<ExportProgress> {
  checkExportRequest(req);
  const iso = new IsoInZone(reader.session.timeZone);
  const every = options.progressEvery ?? 50_000;
  const progress: ExportProgress = { rows: 0, bytes: 0, lastTs: null };
  let chunk = `${CSV_HEADERS[req.kind]}${EOL}`;
  const push = async (): Promise<void> => {
    options.signal?.throwIfAborted();
    progress.bytes += Buffer.byteLength(chunk);
    const ok = out.write(chunk);
    chunk = '';
    if (!ok) await once(out, 'drain', { signal: options.signal });
  };
  /** Adds a row; true when the chunk is full and must be pushed (awaited only then: no promise per row). */
  const add = (line: string, ts: number): boolean => {
    chunk += line;
    progress.rows++;
    progress.lastTs = ts;
    if (progress.rows % every === 0) options.onProgress?.({ ...progress });
    return chunk.length >= CHUNK;
  };

  if (req.kind === 'ticks') {
    await push();
    await exportTicks(reader, req, out, options, progress, every);
  } else if (req.kind === 'candles') {
    for (const inst of reader.select(req)) {
      for (const c of reader.candlesOf(inst, req.interval!, req.from, req.to)) {
        if (add(`${iso.format(c.time)},${c.time},${text(inst.key)},${req.interval},${c.open},${c.high},${c.low},${c.close},${c.volume},${num(c.oi)}${EOL}`, c.time)) await push();
      }
    }
  } else {
    let metricsJson = '';
    let pcr = '';
    let maxPain = '';
    for (const l of reader.chainLegs(req.underlying, req.expiry, req.from, req.to)) {
      if (l.metrics !== metricsJson) {
        metricsJson = l.metrics;
        const m = JSON.parse(l.metrics) as Record<string, number | null>;
        pcr = num(m.pcr);
        maxPain = num(m.max_pain);
      }
      if (add(`${iso.format(l.ts)},${l.ts},${text(l.underlying)},${l.expiry},${l.strike},${l.side},${text(l.instrumentKey)},${num(l.ltp)},${num(l.bid)},${num(l.ask)},${num(l.bidQty)},${num(l.askQty)},${num(l.volume)},${num(l.oi)},${num(l.iv)},${num(l.delta)},${num(l.gamma)},${num(l.theta)},${num(l.vega)},${num(l.rho)},${num(l.underlyingLtp)},${num(l.forward)},${pcr},${maxPain}${EOL}`, l.ts)) await push();
    }
  }
  if (chunk.length > 0) await push();
  options.onProgress?.({ ...progress });
  if (options.end ?? true) out.end();
  return progress;
}

// An export worker: runs one CSV export at a time off the main thread (its own read-only
// connection, SQLite reads and CSV formatting all here), so the event loop that serves /health,
// the chain and the WebSocket clients never waits on an export of any range.
import { parentPort } from 'node:worker_threads';
import { Writable } from 'node:stream';
import { exportCsv } from './csv-export.ts';
import type { ExportJobSpec, FromExportWorker, ToExportWorker } from './export-protocol.ts';
import { StoreReader } from './store-reader.ts';

const port = parentPort;
if (!port) throw new Error('export.worker.ts must run as a worker thread');
const send = (m: FromExportWorker, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);

/** Bytes the worker buffers ahead of the consumer at most (plus one chunk in flight). */
const AHEAD = 256 * 1024;

let current: { job: number; abort: AbortController; acked: (() => void) | null } | null = null;

async function run(job: number, spec: ExportJobSpec): Promise<void> {
  const abort = new AbortController();
  const state: { job: number; abort: AbortController; acked: (() => void) | null } = { job, abort, acked: null };
  current = state;
  const sink = new Writable({
    highWaterMark: AHEAD,
    write(chunk: Buffer, _enc, done) {
      // A copy the receiver owns: the chunk may share a pooled ArrayBuffer.
      const data = new Uint8Array(chunk.byteLength);
      data.set(chunk);
      state.acked = () => { state.acked = null; done(); };
      send({ type: 'chunk', job, data }, [data.buffer]);
    },
  });
  let reader: StoreReader | null = null;
  try {
    reader = new StoreReader(spec.file, spec.session);
    const progress = await exportCsv(reader, spec.req, sink, {
      signal: abort.signal, end: false, progressEvery: spec.progressEvery,
      onProgress: (p) => send({ type: 'progress', job, progress: p }),
    });
    // Every chunk written must be acknowledged before the export is done.
    if (sink.writableLength > 0 || state.acked) {
      await new Promise<void>((resolve, reject) => {
        abort.signal.addEventListener('abort', () => reject(abort.signal.reason as Error), { once: true });
        sink.write(Buffer.alloc(0), () => resolve());
      });
    }
    send({ type: 'done', job, progress });
  } catch (e) {
    send({ type: 'error', job, name: (e as Error)?.name ?? 'Error', message: (e as Error)?.message ?? String(e) });
  } finally {
    reader?.close();
    sink.destroy();
    current = null;
  }
}

port.on('message', (m: ToExportWorker) => {
  if (m.type === 'run') void run(m.job, m.spec);
  else if (current?.job !== m.job) return;
  else if (m.type === 'ack') current.acked?.();
  else current.abort.abort(new Error(`export ${m.job} cancelled`));
});

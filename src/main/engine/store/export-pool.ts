// CSV exports run in worker threads (export.worker.ts), never on the event loop: an export of any
// range, eight at once, leaves the main thread free for the chain, /health and the clients.
// At most `maxWorkers` exports run at a time (each in its own worker, reused); more wait their turn
// in order. A worker's heap is capped, so a pathological export fails with a clear error instead of
// growing the process without bound. Bytes reach the sink with its back-pressure: the worker sends
// the next chunk only once the sink took the previous one.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { ExportProgress, ExportRequest } from '../../../shared/history.ts';
import type { SessionSpec } from '../candles/session.ts';
import { siblingModuleUrl } from '../worker-url.ts';
import { checkExportRequest, ExportError, type ExportOptions } from './csv-export.ts';
import type { FromExportWorker, ToExportWorker } from './export-protocol.ts';

export interface ExportPoolOptions {
  /** Exports running at once (one worker each). Default 2. */
  maxWorkers?: number;
  /** Heap cap of each worker, MB. Default 256. */
  maxHeapMb?: number;
}

interface Job {
  id: number;
  file: string;
  session: SessionSpec;
  req: ExportRequest;
  out: Writable;
  options: ExportOptions;
  resolve: (p: ExportProgress) => void;
  reject: (e: Error) => void;
}

interface Slot { worker: Worker; job: Job | null }

export class ExportPool {
  readonly #max: number;
  readonly #heapMb: number;
  readonly #idle: Slot[] = [];
  readonly #busy = new Set<Slot>();
  readonly #queue: Job[] = [];
  #next = 1;
  #closed = false;

  constructor(options: ExportPoolOptions = {}) {
    this.#max = Math.max(1, options.maxWorkers ?? 2);
    this.#heapMb = options.maxHeapMb ?? 256;
  }

  /** Exports running or waiting. */
  get size(): number {
    return this.#busy.size + this.#queue.length;
  }

  /**
   * Streams the export of `file` to `out` (ended afterwards unless options.end is false); resolves
   * with the final progress, rejects with ExportError for a request that cannot be exported (before
   * any byte is written) or with the signal's reason when aborted.
   */
  run(file: string, session: SessionSpec, req: ExportRequest, out: Writable, options: ExportOptions = {}): Promise<ExportProgress> {
    checkExportRequest(req);
    if (this.#closed) return Promise.reject(new ExportError(`export of ${file}: the store is closing`));
    options.signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.#next++, file, session, req, out, options, resolve, reject };
      const signal = options.signal;
      if (signal) {
        const onAbort = (): void => {
          const i = this.#queue.indexOf(job);
          if (i >= 0) { this.#queue.splice(i, 1); reject(signal.reason as Error); }
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }
      this.#queue.push(job);
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#queue.length > 0 && (this.#idle.length > 0 || this.#busy.size < this.#max)) {
      const job = this.#queue.shift()!;
      const slot = this.#idle.pop() ?? this.#spawn();
      this.#busy.add(slot);
      this.#start(slot, job);
    }
  }

  #spawn(): Slot {
    const worker = new Worker(siblingModuleUrl(import.meta.url, 'export.worker'), { resourceLimits: { maxOldGenerationSizeMb: this.#heapMb } });
    const slot: Slot = { worker, job: null };
    worker.unref();
    const gone = (why: string): void => {
      this.#busy.delete(slot);
      const i = this.#idle.indexOf(slot);
      if (i >= 0) this.#idle.splice(i, 1);
      const job = slot.job;
      slot.job = null;
      if (job) job.reject(new ExportError(`export ${job.req.kind} of ${job.file} failed: ${why}`));
      if (!this.#closed) this.#pump();
    };
    worker.on('error', (e) => gone(`export worker crashed: ${e.message}`));
    worker.on('exit', (code) => gone(`export worker exited with code ${code}`));
    return slot;
  }

  #start(slot: Slot, job: Job): void {
    slot.job = job;
    const { worker } = slot;
    const post = (m: ToExportWorker): void => worker.postMessage(m);
    const { out, options } = job;
    const signal = options.signal;
    let settled = false;
    const finish = (err: Error | null, progress?: ExportProgress): void => {
      if (settled) return;
      settled = true;
      worker.off('message', onMessage);
      signal?.removeEventListener('abort', onAbort);
      slot.job = null;
      this.#busy.delete(slot);
      if (!this.#closed) this.#idle.push(slot);
      if (err) job.reject(err);
      else {
        if (options.end ?? true) out.end();
        job.resolve(progress!);
      }
      this.#pump();
    };
    const onAbort = (): void => post({ type: 'cancel', job: job.id });
    const onMessage = (m: FromExportWorker): void => {
      if (m.job !== job.id || settled) return;
      if (m.type === 'chunk') {
        if (signal?.aborted) return;
        const ok = out.write(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
        if (ok) post({ type: 'ack', job: job.id });
        else void once(out, 'drain', signal ? { signal } : {}).then(() => post({ type: 'ack', job: job.id }), () => {});
      } else if (m.type === 'progress') options.onProgress?.(m.progress);
      else if (m.type === 'done') { options.onProgress?.(m.progress); finish(null, m.progress); }
      else if (signal?.aborted) finish(signal.reason as Error);
      else finish(m.name === 'ExportError' ? new ExportError(m.message) : new ExportError(`export ${job.req.kind} of ${job.file} failed: ${m.message}`));
    };
    worker.on('message', onMessage);
    signal?.addEventListener('abort', onAbort, { once: true });
    post({ type: 'run', job: job.id, spec: { file: job.file, session: { ...job.session }, req: job.req, progressEvery: options.progressEvery ?? 50_000 } });
  }

  /** Stops every worker; running and waiting exports reject. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new ExportError(`export of ${job.file}: the store is closing`));
    const all = [...this.#idle.splice(0), ...this.#busy];
    await Promise.all(all.map((s) => s.worker.terminate()));
  }
}

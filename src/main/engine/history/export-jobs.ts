// CSV export jobs for the UI: each writes one file under <dataDir>/exports/ from an export worker
// (the pool's read connection, off the event loop), reports progress to the client that started it, and can be cancelled. A failed or
// cancelled export removes its partial file.
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportRequest } from '../../../shared/history.ts';
import type { ExportJobProgress } from '../../../shared/replay.ts';
import type { Logger } from '../log.ts';
import type { ExportPool } from '../store/export-pool.ts';
import type { SessionSpec } from '../candles/session.ts';
import type { PushTo } from './live-candles.ts';

interface Job {
  client: string;
  progress: ExportJobProgress;
  abort: AbortController;
}

export class ExportJobs {
  readonly dir: string;
  readonly #dbFile: string;
  readonly #session: SessionSpec;
  readonly #push: PushTo;
  readonly #pool: ExportPool;
  readonly #log: Logger;
  readonly #jobs = new Map<string, Job>();
  readonly #settled = new Set<Promise<void>>();
  #next = 1;

  constructor(options: { dbFile: string; dir: string; session: SessionSpec; push: PushTo; pool: ExportPool; log: Logger }) {
    this.#dbFile = options.dbFile;
    this.#pool = options.pool;
    this.dir = options.dir;
    this.#session = options.session;
    this.#push = options.push;
    this.#log = options.log;
  }

  get running(): number {
    return this.#jobs.size;
  }

  /** Starts writing `req` to a new file; progress goes to `client` as export.progress pushes. */
  start(client: string, req: ExportRequest): { id: string; file: string } {
    mkdirSync(this.dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const id = `exp-${Date.now().toString(36)}-${this.#next++}`;
    const file = join(this.dir, `${req.kind}${req.interval ? `-${req.interval}` : ''}-${stamp}-${id}.csv`);
    const job: Job = { client, progress: { id, rows: 0, bytes: 0, done: false, error: null, file }, abort: new AbortController() };
    this.#jobs.set(id, job);
    const out = createWriteStream(file);
    const send = (): void => this.#push({ type: 'export.progress', ...job.progress }, new Set([client]));
    const run = this.#pool.run(this.#dbFile, this.#session, req, out, {
      signal: job.abort.signal,
      progressEvery: 10_000,
      onProgress: (p) => { job.progress.rows = p.rows; job.progress.bytes = p.bytes; if (!job.progress.done) send(); },
    }).then(
      () => new Promise<void>((resolve, reject) => { out.once('finish', resolve); out.once('error', reject); if (out.writableFinished) resolve(); }),
    ).then(
      () => this.#log('info', `export ${id}: ${job.progress.rows} rows, ${job.progress.bytes} bytes → ${file}`),
      (err: Error) => {
        job.progress.error = job.abort.signal.aborted ? 'cancelled' : err.message;
        out.destroy();
        rmSync(file, { force: true });
        if (!job.abort.signal.aborted) this.#log('error', `export ${id} (${req.kind} ${req.from}..${req.to}) failed: ${err.message}`);
      },
    ).finally(() => {
      job.progress.done = true;
      this.#jobs.delete(id);
      send();
    });
    this.#settled.add(run);
    void run.finally(() => this.#settled.delete(run));
    return { id, file };
  }

  /** Cancels a running export; false when there is none with this id. */
  cancel(id: string): boolean {
    const job = this.#jobs.get(id);
    if (!job) return false;
    job.abort.abort(new Error(`export ${id} cancelled`));
    return true;
  }

  /** Cancels every running export and waits for them to clean up. */
  async close(): Promise<void> {
    for (const id of this.#jobs.keys()) this.cancel(id);
    await Promise.allSettled([...this.#settled]);
  }
}

// startSimulatorInWorker: the same simulator in a worker_threads Worker, behind the same handle
// (every control method returns a Promise answered by the worker).
import { siblingModuleUrl } from '../engine/worker-url.ts';
import { Worker } from 'node:worker_threads';
import type { TradingHoursTemplate } from '../../shared/trading-hours.ts';
import { unpackTicks, type PackedTicks } from './backfill.ts';
import type { OpenAlgoSimEndpoint, SimulatorHandle, SimulatorOptions, SimulatorStats } from './simulator.ts';
import type { OpenAlgoServerStats } from './openalgo-server.ts';
import { validateOptions } from './simulator.ts';
import type { InjectSpec, Injection } from './inject.ts';

export type WorkerRequest =
  | { id: number; op: 'drop'; how?: { code?: number; reset?: boolean } }
  | { id: number; op: 'stall'; ms: number }
  | { id: number; op: 'shock'; underlying: string; pct: number }
  | { id: number; op: 'stats' }
  | { id: number; op: 'hours'; template: TradingHoursTemplate | null }
  | { id: number; op: 'backfill' }
  | { id: number; op: 'kill-openalgo'; index: number }
  | { id: number; op: 'openalgo-stats' }
  | { id: number; op: 'inject'; spec: InjectSpec }
  | { id: number; op: 'close' };

export type WorkerReply =
  | { type: 'ready'; port: number; baseUrl: string; feedUrl: string; instrumentsUrl: string; token: string; openalgo: OpenAlgoSimEndpoint[] }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; message: string };

type Pending = { op: WorkerRequest['op']; resolve: (v: unknown) => void; reject: (e: Error) => void };
type Op = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class SimulatorWorkerError extends Error {
  override name = 'SimulatorWorkerError';
}

export function startSimulatorInWorker(opts: Omit<SimulatorOptions, 'now'> = {}): Promise<SimulatorHandle> {
  try {
    validateOptions(opts); // fail fast, in the caller's thread
  } catch (e) {
    return Promise.reject(e as Error);
  }
  const worker = new Worker(siblingModuleUrl(import.meta.url, 'simulator.worker'), { workerData: { ...opts } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let exited = false;
  const failAll = (err: Error): void => {
    for (const p of pending.values()) {
      if (p.op === 'close') p.resolve(undefined); // exiting is what close asked for
      else p.reject(err);
    }
    pending.clear();
  };
  const call = (op: Op): Promise<unknown> => {
    if (exited) return Promise.reject(new SimulatorWorkerError(`simulator worker has exited; cannot ${op.op}`));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { op: op.op, resolve, reject });
      worker.postMessage({ ...op, id });
    });
  };
  return new Promise((resolve, reject) => {
    worker.on('error', (err) => {
      const e = new SimulatorWorkerError(`simulator worker crashed: ${err.message}`);
      failAll(e);
      reject(e);
    });
    worker.on('exit', (code) => {
      exited = true;
      failAll(new SimulatorWorkerError(`simulator worker exited with code ${code}`));
      reject(new SimulatorWorkerError(`simulator worker exited with code ${code} before it was ready`));
    });
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'failed') return reject(new SimulatorWorkerError(`simulator worker failed to start: ${m.message}`));
      if (m.type === 'reply') {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new SimulatorWorkerError(m.message));
        return;
      }
      resolve({
        port: m.port, baseUrl: m.baseUrl, feedUrl: m.feedUrl, instrumentsUrl: m.instrumentsUrl, token: m.token, openalgo: m.openalgo,
        killOpenAlgo: async (index) => { await call({ op: 'kill-openalgo', index }); },
        openalgoStats: async () => (await call({ op: 'openalgo-stats' })) as OpenAlgoServerStats[],
        dropConnections: async (how) => { await call({ op: 'drop', how }); },
        stall: async (ms) => { await call({ op: 'stall', ms }); },
        shock: async (underlying, pct) => (await call({ op: 'shock', underlying, pct })) as number,
        stats: async () => (await call({ op: 'stats' })) as SimulatorStats,
        setHours: async (template) => { await call({ op: 'hours', template }); },
        backfill: async () => unpackTicks((await call({ op: 'backfill' })) as PackedTicks),
        inject: async (spec) => (await call({ op: 'inject', spec })) as Injection,
        close: async () => {
          if (exited) return;
          const gone = new Promise<void>((r) => worker.once('exit', () => r()));
          await call({ op: 'close' });
          const timeout = setTimeout(() => void worker.terminate(), 2000);
          await gone;
          clearTimeout(timeout);
        },
      });
    });
  });
}

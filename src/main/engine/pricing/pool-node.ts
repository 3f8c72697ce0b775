// PricingPool: chain pricing off the engine's thread. Runtime: node (worker_threads).
//
// submit(chainId, input) hands over one chain's input buffer (createChainInput(...).buffer;
// ownership passes to the pool: the buffer is transferred, not copied). Coalescing: at most one
// pending job per chain — a newer submit replaces the pending one (latest inputs win) — and at
// most one in flight per chain, so results for a chain arrive in submit order. Idle workers
// take up to `maxBatch` pending chains in one message; results come back as one message per
// batch and are delivered per chain to onResult listeners as ChainResultView (typed-array views).
// With `minIntervalMs`, a chain is sent at most that often: ticks between two sends coalesce into
// the pending job (latest inputs win), which goes out when the interval is up.
import { siblingModuleUrl } from '../worker-url.ts';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { viewChainInput, viewChainResult, type ChainResultView } from './chain-pricing.ts';
import type { QuoteRules } from './conventions.ts';
import type { WorkerBatch, WorkerReply } from './pool-protocol.ts';

export interface PricingPoolOptions {
  /** Worker threads; default cores − 1, at least 1. */
  workers?: number;
  /** Worker entry; default ./pricing.worker.ts next to this file (the Electron build passes its own). */
  workerUrl?: URL;
  /** Most chains per message to one worker (default 16). */
  maxBatch?: number;
  rules?: QuoteRules;
  /**
   * Least time between two sends of one chain (default 0: as soon as a worker is free). The
   * engine uses half its flush period: pricing more often than deltas go out is work no screen shows.
   */
  minIntervalMs?: number;
}

export type ResultListener = (chainId: string, result: ChainResultView) => void;
export type ErrorListener = (chainId: string, error: Error) => void;

export interface PoolStats {
  submitted: number;
  /** Submits that replaced a pending job of the same chain. */
  coalesced: number;
  completed: number;
  failed: number;
  batches: number;
  /** Total time workers spent pricing, µs. */
  workerMicros: number;
  workerRestarts: number;
}

interface Slot {
  worker: Worker;
  batch: WorkerBatch | null;
}

export class PricingPool {
  readonly size: number;
  private readonly url: URL;
  private readonly maxBatch: number;
  private readonly rules: QuoteRules;
  private readonly slots: Slot[] = [];
  /** Pending inputs, or builders called when the chain is sent (so a coalesced submit builds nothing). */
  private readonly pending = new Map<string, Float64Array | (() => Float64Array)>();
  private readonly inFlight = new Set<string>();
  private readonly resultListeners = new Set<ResultListener>();
  private readonly errorListeners = new Set<ErrorListener>();
  private readonly idleWaiters: (() => void)[] = [];
  private nextId = 1;
  private closing = false;
  private readonly minIntervalMs: number;
  /** When each chain was last sent to a worker (performance.now()). */
  private readonly sentAt = new Map<string, number>();
  private wake: ReturnType<typeof setTimeout> | null = null;
  readonly stats: PoolStats = { submitted: 0, coalesced: 0, completed: 0, failed: 0, batches: 0, workerMicros: 0, workerRestarts: 0 };

  constructor(options: PricingPoolOptions = {}) {
    const requested = options.workers ?? availableParallelism() - 1;
    this.size = Math.max(1, Math.floor(requested));
    this.url = options.workerUrl ?? siblingModuleUrl(import.meta.url, 'pricing.worker');
    this.maxBatch = Math.max(1, options.maxBatch ?? 16);
    this.rules = options.rules ?? {};
    this.minIntervalMs = Math.max(0, options.minIntervalMs ?? 0);
    for (let i = 0; i < this.size; i++) this.slots.push(this.attach({ worker: null as unknown as Worker, batch: null }));
  }

  /**
   * Queues one chain for pricing; replaces a pending job of the same chain. Takes ownership of
   * `input`. A function is called when the chain is sent to a worker instead (its inputs as of
   * then): a submit that a later one replaces costs nothing to build.
   */
  submit(chainId: string, input: Float64Array | (() => Float64Array)): void {
    if (this.closing) throw new Error(`pricing pool is closed (submit for chain ${chainId})`);
    if (typeof input !== 'function') viewChainInput(input); // validates the layout now, on the caller's stack
    this.stats.submitted++;
    if (this.pending.has(chainId)) this.stats.coalesced++;
    this.pending.set(chainId, input);
    this.dispatch();
  }

  /** Registers a result listener; returns its remover. */
  onResult(listener: ResultListener): () => void {
    this.resultListeners.add(listener);
    return () => this.resultListeners.delete(listener);
  }

  /** Registers a listener for chains whose pricing failed (bad buffer, worker crash). */
  onError(listener: ErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Resolves once nothing is pending or in flight. */
  idle(): Promise<void> {
    if (this.pending.size === 0 && this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops the workers; pending jobs are dropped. */
  async close(): Promise<void> {
    this.closing = true;
    this.pending.clear();
    if (this.wake) { clearTimeout(this.wake); this.wake = null; }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.inFlight.clear();
    this.settleIdle();
  }

  /** Starts a worker for `slot`; events of a replaced worker are ignored. */
  private attach(slot: Slot): Slot {
    const worker = new Worker(this.url);
    slot.worker = worker;
    worker.on('message', (reply: WorkerReply) => { if (slot.worker === worker) this.receive(slot, reply); });
    worker.on('error', (err) => { if (slot.worker === worker) this.crashed(slot, err); });
    worker.on('exit', (code) => {
      if (slot.worker === worker && !this.closing && code !== 0) this.crashed(slot, new Error(`pricing worker exited with code ${code}`));
    });
    worker.unref(); // referenced only while a batch is out (dispatch/receive)
    return slot;
  }

  private dispatch(): void {
    const now = this.minIntervalMs > 0 ? performance.now() : 0;
    let soonest = Number.POSITIVE_INFINITY;
    for (const slot of this.slots) {
      if (slot.batch || this.pending.size === 0) continue;
      const jobs: WorkerBatch['jobs'] = [];
      const transfer: ArrayBuffer[] = [];
      for (const [chainId, pending] of this.pending) {
        if (this.inFlight.has(chainId)) continue; // one in flight per chain; this one waits
        if (this.minIntervalMs > 0) {
          const wait = (this.sentAt.get(chainId) ?? Number.NEGATIVE_INFINITY) + this.minIntervalMs - now;
          if (wait > 0) { soonest = Math.min(soonest, wait); continue; } // sent too recently: its latest inputs wait
          this.sentAt.set(chainId, now);
        }
        this.pending.delete(chainId);
        let input = pending as Float64Array; // a submitted array was validated by submit()
        try {
          if (typeof pending === 'function') viewChainInput((input = pending()));
        } catch (err) {
          this.fail(chainId, new Error(`building the pricing input of chain ${chainId} failed: ${(err as Error).message}`));
          continue;
        }
        this.inFlight.add(chainId);
        jobs.push({ id: this.nextId++, chainId, input });
        transfer.push(input.buffer as ArrayBuffer);
        if (jobs.length >= this.maxBatch) break;
      }
      if (jobs.length === 0) break;
      slot.batch = { jobs, rules: this.rules };
      this.stats.batches++;
      slot.worker.ref(); // keep the process alive while a batch is out
      slot.worker.postMessage(slot.batch, transfer);
    }
    if (soonest !== Number.POSITIVE_INFINITY && this.wake === null && !this.closing) {
      this.wake = setTimeout(() => { this.wake = null; this.dispatch(); }, Math.ceil(soonest));
    }
  }

  private receive(slot: Slot, reply: WorkerReply): void {
    slot.batch = null;
    slot.worker.unref(); // an idle pool never holds the process open
    this.stats.workerMicros += reply.workerMicros;
    for (const r of reply.results) {
      this.inFlight.delete(r.chainId);
      if (r.result) {
        this.stats.completed++;
        const view = viewChainResult(r.result);
        for (const listener of this.resultListeners) this.deliver(() => listener(r.chainId, view), r.chainId);
      } else {
        this.fail(r.chainId, new Error(`pricing chain ${r.chainId} failed in the worker: ${r.error}`));
      }
    }
    this.dispatch();
    this.settleIdle();
  }

  private crashed(slot: Slot, err: Error): void {
    if (this.closing) return;
    const lost = slot.batch?.jobs ?? [];
    console.error(`[pricing-pool] worker failed (${err.message}); ${lost.length} chain(s) lost: ${lost.map((j) => j.chainId).join(', ')}`);
    slot.batch = null;
    for (const job of lost) {
      this.inFlight.delete(job.chainId);
      this.fail(job.chainId, new Error(`pricing worker failed while pricing chain ${job.chainId}: ${err.message}`));
    }
    const broken = slot.worker;
    this.attach(slot);
    void broken.terminate();
    this.stats.workerRestarts++;
    this.dispatch();
    this.settleIdle();
  }

  private fail(chainId: string, error: Error): void {
    this.stats.failed++;
    if (this.errorListeners.size === 0) console.error(`[pricing-pool] ${error.message}`);
    for (const listener of this.errorListeners) this.deliver(() => listener(chainId, error), chainId);
  }

  private deliver(call: () => void, chainId: string): void {
    try {
      call();
    } catch (err) {
      console.error(`[pricing-pool] listener threw for chain ${chainId}:`, err);
    }
  }

  private settleIdle(): void {
    if (this.pending.size > 0 || this.inFlight.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

// Messages between PricingPool and pricing.worker.ts. Runtime: std (types only).
import type { QuoteRules } from './conventions.ts';

export interface WorkerJob {
  id: number;
  chainId: string;
  /** Chain input buffer (layout in chain-pricing.ts), transferred. */
  input: Float64Array;
}

export interface WorkerBatch {
  jobs: WorkerJob[];
  rules: QuoteRules;
}

export interface WorkerResult {
  id: number;
  chainId: string;
  /** Chain result buffer (layout in chain-pricing.ts), transferred; null when pricing threw. */
  result: Float64Array | null;
  error: string | null;
}

export interface WorkerReply {
  results: WorkerResult[];
  /** Time the worker spent pricing this batch, µs. */
  workerMicros: number;
}

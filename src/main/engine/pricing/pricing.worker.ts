// Worker thread: prices batches of chains. Runtime: node (worker_threads).
// Message in : { jobs: { id, chainId, input: Float64Array }[] } (input buffers transferred)
// Message out: { results: { id, chainId, result: Float64Array | null, error: string | null }[], workerMicros }
import { parentPort } from 'node:worker_threads';
import { priceChain } from './chain-pricing.ts';
import type { WorkerBatch, WorkerReply } from './pool-protocol.ts';

if (!parentPort) throw new Error('pricing.worker.ts must run as a worker thread');
const port = parentPort;

port.on('message', (batch: WorkerBatch) => {
  const started = performance.now();
  const reply: WorkerReply = { results: [], workerMicros: 0 };
  const transfer: ArrayBuffer[] = [];
  for (const job of batch.jobs) {
    try {
      const result = priceChain(job.input, batch.rules).buffer;
      reply.results.push({ id: job.id, chainId: job.chainId, result, error: null });
      transfer.push(result.buffer as ArrayBuffer);
    } catch (err) {
      reply.results.push({ id: job.id, chainId: job.chainId, result: null, error: err instanceof Error ? err.message : String(err) });
    }
  }
  reply.workerMicros = (performance.now() - started) * 1000;
  port.postMessage(reply, transfer);
});

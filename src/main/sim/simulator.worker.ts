// Worker-thread entry: runs startSimulator() here so the generator never competes with the
// engine's event loop. Messages are defined in in-worker.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from './simulator.ts';
import type { SimulatorHandle, SimulatorOptions } from './simulator.ts';
import type { WorkerRequest, WorkerReply } from './in-worker.ts';
import { packTicks } from './backfill.ts';

if (!parentPort) throw new Error('simulator.worker.ts must run inside a worker thread');
const port = parentPort;

const reply = (m: WorkerReply): void => port.postMessage(m);

async function handle(sim: SimulatorHandle, req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'drop': return sim.dropConnections(req.how);
    case 'stall': return sim.stall(req.ms);
    case 'shock': return sim.shock(req.underlying, req.pct);
    case 'stats': return sim.stats();
    case 'hours': return sim.setHours(req.template);
    case 'backfill': return packTicks(await sim.backfill());
    case 'kill-openalgo': return sim.killOpenAlgo(req.index);
    case 'openalgo-stats': return sim.openalgoStats();
    case 'inject': return sim.inject(req.spec);
    case 'close': {
      await sim.close();
      port.close();
      return undefined;
    }
  }
}

try {
  const sim = await startSimulator(workerData as SimulatorOptions);
  port.on('message', (req: WorkerRequest) => {
    handle(sim, req).then(
      (value) => {
        // The backfill's ticks go over as one transferred buffer (cloning 100k tick objects took seconds).
        const transfer = value && typeof value === 'object' && 'data' in value && (value as { data: unknown }).data instanceof Float64Array ? [(value as { data: Float64Array }).data.buffer as ArrayBuffer] : [];
        port.postMessage({ type: 'reply', id: req.id, ok: true, value } satisfies WorkerReply, transfer);
      },
      (e: unknown) => reply({ type: 'reply', id: req.id, ok: false, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
    );
  });
  reply({ type: 'ready', port: sim.port, baseUrl: sim.baseUrl, feedUrl: sim.feedUrl, instrumentsUrl: sim.instrumentsUrl, token: sim.token, openalgo: sim.openalgo });
} catch (e) {
  reply({ type: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  port.close();
}

// A pricing worker that dies on its first batch: exercises the pool's crash handling.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => {
  throw new Error('simulated worker fault');
});

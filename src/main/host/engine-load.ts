// Load figures the engine cannot measure itself (it runs on std only): the event loop's delay
// (perf_hooks, p99 of each status period) and the tick writer's queue, added to every feed's
// status.load. And the test-only throttle the "falling behind" e2e drives. Runtime: node.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Engine } from '../engine/engine.ts';
import type { HistoryService } from '../engine/history/history-service.ts';
import type { Logger } from '../engine/log.ts';

const PERIOD_MS = 1000;

/** Starts measuring; returns the stop function. */
export function watchEngineLoad(engine: Engine, history: HistoryService | null): () => void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let p99: number | null = null;
  const timer = setInterval(() => {
    // After a long block this timer may run before the histogram's own: nothing recorded yet, so
    // keep the last figure and the histogram until its sample of the block is in.
    if (delay.count === 0) return;
    p99 = Math.round(delay.percentile(99) / 1e4) / 100;
    delay.reset();
  }, PERIOD_MS);
  timer.unref();
  const off = engine.addLoadGauge(() => {
    const store = history?.status().store;
    return { event_loop_delay_p99_ms: p99, writer_queue_depth: store ? store.pending + store.in_flight : null };
  });
  return () => { clearInterval(timer); delay.disable(); off(); };
}

/**
 * TEST ONLY, off unless the process was started with OPTICK_TEST_THROTTLE_US=<µs per tick>:
 * then SIGUSR2 toggles that much busy work per ingested tick (Engine.setTestThrottle). No API
 * route reaches it; a normal start never installs the handler.
 */
export function armTestThrottle(engine: Engine, log: Logger, env: NodeJS.ProcessEnv = process.env): void {
  const us = Number(env.OPTICK_TEST_THROTTLE_US ?? 0);
  if (!(us > 0)) return;
  let on = false;
  process.on('SIGUSR2', () => {
    on = !on;
    engine.setTestThrottle(on ? us : 0);
    log('warn', `TEST throttle ${on ? `on: ${us} µs of busy work per tick` : 'off'}`);
  });
  log('warn', `TEST throttle armed (OPTICK_TEST_THROTTLE_US=${us}); SIGUSR2 toggles it`);
}

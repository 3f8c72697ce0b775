// The pricing worker pool's public module; the implementation needs node (worker_threads) and
// lives in pool-node.ts so this folder's pure-core lint rule holds.
export { PricingPool } from './pool-node.ts';
export type { ErrorListener, PoolStats, PricingPoolOptions, ResultListener } from './pool-node.ts';

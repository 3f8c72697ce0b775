// The built-in market simulator: Optick's default feed, a local Upstox Market Data Feed V3.
export { startSimulator, SimulatorOptionError } from './simulator.ts';
export type { SimulatorOptions, SimulatorHandle, SimulatorStats } from './simulator.ts';
export { startSimulatorInWorker } from './in-worker.ts';
export { runSimCommand } from './sim-command.ts';

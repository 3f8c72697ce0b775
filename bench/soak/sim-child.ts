// The soak's simulator, in its own process so the soak measures the engine's memory alone: the
// same market simulator `optick sim` runs (Upstox V3 feed + instrument master on loopback),
// reporting its endpoints as one JSON line on stdout, stopped by SIGTERM.
//   node bench/soak/sim-child.ts --seed 11 --rate 2000
import { parseArgs } from 'node:util';
import { startSimulator } from '../../src/main/sim/simulator.ts';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '11' }, rate: { type: 'string', default: '2000' } } });
const sim = await startSimulator({ seed: Number(values.seed), rate: Number(values.rate) });
console.log(JSON.stringify({ port: sim.port, baseUrl: sim.baseUrl, feedUrl: sim.feedUrl, instrumentsUrl: sim.instrumentsUrl, token: sim.token, openalgo: sim.openalgo }));
process.on('SIGTERM', () => { void sim.close().finally(() => process.exit(0)); });

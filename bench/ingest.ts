// Ingest benchmark: the simulator at firehose rate (in its own worker thread, real
// Upstox V3 frames over loopback) into the real adapter and engine, with one client
// watching each underlying's nearest chain. Prints one JSON object.
//   npx node bench/ingest.ts [--rate 200000] [--seconds 10]
import { parseArgs } from 'node:util';
import { Engine } from '../src/main/engine/engine.ts';
import { fetchUpstoxMaster } from '../src/main/engine/feeds/upstox/instrument-master-node.ts';
import { NSE_TIME_ZONE } from '../src/main/engine/feeds/upstox/instrument-master.ts';
import { UpstoxFeed } from '../src/main/engine/feeds/upstox/upstox-feed.ts';
import { zonedDate } from '../src/main/engine/time/zoned.ts';
import { startSimulatorInWorker } from '../src/main/sim/index.ts';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '200000' }, seconds: { type: 'string', default: '10' } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);

const sim = await startSimulatorInWorker({ seed: 42, rate });
const registry = await fetchUpstoxMaster(sim.instrumentsUrl, { underlyings: ['NIFTY', 'BANKNIFTY'], today: zonedDate(Date.now(), NSE_TIME_ZONE) });
const feed = new UpstoxFeed({ feedUrl: sim.feedUrl, accessToken: sim.token });
const engine = new Engine({ feed, registry });
let deltaBytes = 0, flushes = 0, flushNs = 0n;
engine.onDeltas((deltas) => {
  flushes++;
  deltaBytes += JSON.stringify({ push: { type: 'chain.delta', seq: engine.seq, deltas } }).length;
});
// Time the flush (diff + encode) by wrapping it: the engine calls flush() from its timer.
const flush = engine.flush.bind(engine);
engine.flush = () => { const t = process.hrtime.bigint(); flush(); flushNs += process.hrtime.bigint() - t; };
engine.start();
for (const u of ['NIFTY', 'BANKNIFTY']) engine.watch('bench', u);

await new Promise((r) => setTimeout(r, 2000)); // warm-up: subscriptions, JIT
const s0 = engine.status();
const d0 = feed.decodeCost();
const f0 = { flushes, deltaBytes, flushNs };
const t0 = performance.now();
let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 250);
await new Promise((r) => setTimeout(r, seconds * 1000));
clearInterval(sampler);
const elapsed = (performance.now() - t0) / 1000;
const s1 = engine.status();
const d1 = feed.decodeCost();
const processed = s1.feeds[0]!.ticks_processed - s0.feeds[0]!.ticks_processed;
const nFlush = flushes - f0.flushes;
await engine.stop();
await sim.close();

console.log(JSON.stringify({
  bench: 'ingest',
  sim_rate_requested: rate,
  seconds: Number(elapsed.toFixed(2)),
  ticks_per_s: Math.round(processed / elapsed),
  dropped: s1.feeds[0]!.ticks_dropped,
  decode_errors: s1.feeds[0]!.decode_errors,
  decode_ns_per_feed: Math.round((d1.ns - d0.ns) / Math.max(1, d1.feeds - d0.feeds)),
  flushes_per_s: Math.round(nFlush / elapsed),
  flush_us_avg: Number((Number(flushNs - f0.flushNs) / 1000 / Math.max(1, nFlush)).toFixed(1)),
  delta_bytes_per_s: Math.round((deltaBytes - f0.deltaBytes) / elapsed),
  rss_mb: Math.round(peakRss / 1048576),
}));

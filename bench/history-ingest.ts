// Ingest with tick history attached: the simulator at firehose rate → Upstox adapter → engine,
// with the HistoryService recording every tick (writer worker) and keeping live bars of every
// interval. Compare ticks_per_s with bench/ingest.ts (the same pipeline without history).
//   npx node bench/history-ingest.ts [--rate 200000] [--seconds 8]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../src/main/engine/engine.ts';
import { fetchUpstoxMaster } from '../src/main/engine/feeds/upstox/instrument-master-node.ts';
import { NSE_TIME_ZONE } from '../src/main/engine/feeds/upstox/instrument-master.ts';
import { UpstoxFeed } from '../src/main/engine/feeds/upstox/upstox-feed.ts';
import { HistoryService } from '../src/main/engine/history/history-service.ts';
import { zonedDate } from '../src/main/engine/time/zoned.ts';
import { startSimulatorInWorker } from '../src/main/sim/index.ts';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '200000' }, seconds: { type: 'string', default: '8' } } });
const seconds = Number(values.seconds);
const dataDir = mkdtempSync(join(tmpdir(), 'optick-bench-history-'));
const sim = await startSimulatorInWorker({ seed: 42, rate: Number(values.rate) });
const registry = await fetchUpstoxMaster(sim.instrumentsUrl, { underlyings: ['NIFTY', 'BANKNIFTY'], today: zonedDate(Date.now(), NSE_TIME_ZONE) });
const engine = new Engine({ feed: new UpstoxFeed({ feedUrl: sim.feedUrl, accessToken: sim.token }), registry });
// An all-day session so the live bars are built whatever the hour (NSE hours would skip them at night).
const history = await HistoryService.open({ dataDir, engine, session: { timeZone: 'Asia/Kolkata', open: '00:00', close: '23:59' } });
let listenerNs = 0n;
const origIngest = engine.ingest.bind(engine);
engine.start();
for (const u of ['NIFTY', 'BANKNIFTY']) engine.watch('bench', u);
history.watch('bench', { symbol: 'NIFTY', interval: '1m' });
await new Promise((r) => setTimeout(r, 2000));
const s0 = engine.status().feeds[0]!.ticks_processed;
const h0 = history.status().store!;
engine.ingest = (ticks) => { const t = process.hrtime.bigint(); origIngest(ticks); listenerNs += process.hrtime.bigint() - t; };
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const elapsed = (performance.now() - t0) / 1000;
const processed = engine.status().feeds[0]!.ticks_processed - s0;
await engine.stop();
await history.flush();
const h1 = history.status().store!;
await history.close();
await sim.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify({
  bench: 'history-ingest',
  seconds: Number(elapsed.toFixed(2)),
  ticks_per_s: Math.round(processed / elapsed),
  ingest_ns_per_tick: Math.round(Number(listenerNs) / Math.max(1, processed)),
  stored_per_s: Math.round((h1.written - h0.written) / elapsed),
  store_dropped: h1.dropped,
  store_failed: h1.failed,
  last_batch_ms: h1.last_batch_ms,
}));

// Simulator benchmark: the simulator in its worker thread at a firehose rate, one raw ws client
// subscribed to every listed key in full mode, frames decoded. Prints one JSON object:
// ticks generated and feeds delivered per second, frames and MB per second, the simulator
// thread's busy fraction, and slots it had to skip.
//   npx node bench/sim-firehose.ts [--rate 50000] [--seconds 5] [--mode full|ltpc|option_greeks]
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { startSimulatorInWorker } from '../src/main/sim/index.ts';
import { UpstoxProto } from '../src/main/engine/feeds/upstox/proto.ts';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '50000' }, seconds: { type: 'string', default: '5' }, mode: { type: 'string', default: 'full' } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);

const sim = await startSimulatorInWorker({ rate, seed: 42 });
const master = JSON.parse(gunzipSync(Buffer.from(await (await fetch(sim.instrumentsUrl)).arrayBuffer())).toString('utf8')) as { instrument_key: string }[];
const keys = master.map((r) => r.instrument_key);
const ws = new WebSocket(sim.feedUrl, { headers: { Authorization: `Bearer ${sim.token}` }, followRedirects: true });
await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
let frames = 0;
let feeds = 0;
let bytes = 0;
let counting = false;
ws.on('message', (raw: Buffer) => {
  const msg = UpstoxProto.FeedResponse.decode(raw);
  if (!counting) return;
  frames++;
  bytes += raw.length;
  feeds += Object.keys(msg.feeds).length;
});
ws.send(Buffer.from(JSON.stringify({ guid: 'bench', method: 'sub', data: { mode: values.mode, instrumentKeys: keys } })));
await new Promise((r) => setTimeout(r, 1000)); // warm-up
const s0 = await sim.stats();
const t0 = performance.now();
counting = true;
await new Promise((r) => setTimeout(r, seconds * 1000));
counting = false;
const elapsed = (performance.now() - t0) / 1000;
const s1 = await sim.stats();
ws.terminate();
await sim.close();
const per = (x: number): number => Math.round(x / elapsed);
console.log(JSON.stringify({
  bench: 'sim-firehose',
  rate, seconds: Math.round(elapsed * 100) / 100, mode: values.mode, subscribedKeys: keys.length,
  ticksPerSecond: per(s1.ticks - s0.ticks),
  feedsDeliveredPerSecond: per(feeds),
  framesPerSecond: per(frames),
  megabytesPerSecond: Math.round((bytes / elapsed / 1e6) * 100) / 100,
  simThreadBusy: Math.round(s1.busy * 1000) / 1000,
  slotsSkipped: s1.slotsSkipped - s0.slotsSkipped,
  backlogSkips: s1.backlogSkips - s0.backlogSkips,
}));

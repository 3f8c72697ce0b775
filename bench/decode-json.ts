// Decode benchmark of the JSON feeds: real frames captured from the simulator's Massive /options
// cluster (T, Q, A, FMV of the nearest SPY expiry: arrays of events) and its Bluefin-shaped price
// stream (trades, ticker, 5-level books of BTC-PERP and ETH-PERP: one event a message), decoded by
// Optick's decoders (text → Ticks; JSON.parse included). Prints one JSON object.
//   npx node bench/decode-json.ts [--frames 400] [--rate 20000]
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { decodeMassiveFrame } from '../src/main/engine/feeds/massive/decode.ts';
import { fetchMassiveRegistry } from '../src/main/engine/feeds/massive/instruments-node.ts';
import { decodeStreamMessage } from '../src/main/engine/feeds/json-stream/decode.ts';
import { startUsSimulator } from '../src/main/sim/us-sim.ts';

const { values } = parseArgs({ options: { frames: { type: 'string', default: '400' }, rate: { type: 'string', default: '20000' } } });
const want = Number(values.frames);

async function capture(url: string, first: (ws: WebSocket) => void, keep: (text: string) => boolean): Promise<string[]> {
  const ws = new WebSocket(url);
  const out: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${out.length} frames from ${url} in 30 s`)), 30_000);
    ws.on('error', reject);
    ws.on('open', () => first(ws));
    ws.on('message', (d) => {
      const text = String(d);
      if (keep(text)) out.push(text);
      if (out.length >= want) { clearTimeout(timer); resolve(); }
    });
  });
  ws.close();
  return out;
}

/** Nanoseconds per unit of `decode` over all messages, best of `rounds` passes after a warm-up. */
function time(messages: readonly string[], units: number, decode: (s: string) => unknown, rounds = 7): number {
  let sink = 0;
  const pass = (): number => {
    const t0 = process.hrtime.bigint();
    for (const m of messages) sink += decode(m) ? 1 : 0;
    return Number(process.hrtime.bigint() - t0);
  };
  for (let i = 0; i < 5; i++) pass();
  let best = Infinity;
  for (let i = 0; i < rounds; i++) best = Math.min(best, pass());
  if (sink < 0) console.error(sink);
  return best / units;
}

const sim = await startUsSimulator({ seed: 42, rate: Number(values.rate) });
try {
  const { registry } = await fetchMassiveRegistry(sim.baseUrl, sim.apiKey, ['SPY']);
  const expiry = registry.expiries('SPY')[0]!;
  const keys = registry.strikes('SPY', expiry).flatMap((p) => [p.CE!.key, p.PE!.key]);
  const massive = await capture(`${sim.massiveWsBase}/options`, (ws) => {
    ws.send(JSON.stringify({ action: 'auth', params: sim.apiKey }));
    ws.send(JSON.stringify({ action: 'subscribe', params: keys.flatMap((k) => [`T.${k}`, `Q.${k}`, `A.${k}`, `FMV.${k}`]).join(',') }));
  }, (t) => !t.includes('"ev":"status"'));
  const stream = await capture(sim.jsonStreamUrl, (ws) => {
    ws.send(JSON.stringify({ method: 'Subscribe', dataStreams: ['BTC-PERP', 'ETH-PERP'].map((symbol) => ({ symbol, streams: ['Recent_Trade', 'Ticker', 'Partial_Depth_5'] })) }));
  }, (t) => t.startsWith('{"event"'));
  let events = 0, massiveBytes = 0;
  for (const f of massive) { events += decodeMassiveFrame(f, 0).ticks.length; massiveBytes += f.length; }
  let streamBytes = 0;
  for (const m of stream) streamBytes += m.length;
  const nsEvent = time(massive, events, (f) => decodeMassiveFrame(f, 1));
  const nsFrame = time(massive, massive.length, (f) => decodeMassiveFrame(f, 1));
  const nsMessage = time(stream, stream.length, (m) => decodeStreamMessage(m));
  console.log(JSON.stringify({
    bench: 'decode-json',
    massive_ns_per_event: Math.round(nsEvent),
    massive_ns_per_frame: Math.round(nsFrame),
    massive_events: events,
    massive_frames: massive.length,
    massive_bytes_per_event: Math.round(massiveBytes / events),
    json_stream_ns_per_message: Math.round(nsMessage),
    json_stream_messages: stream.length,
    json_stream_bytes_per_message: Math.round(streamBytes / stream.length),
  }));
} finally {
  await sim.close();
}

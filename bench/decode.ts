// Decode benchmark: real Upstox V3 frames captured from the simulator (full mode, one
// NIFTY and one BANKNIFTY chain), decoded by protobufjs static code (decode alone, no
// normalisation) and by Optick's generated decoder (bytes → Ticks, end to end); and OpenAlgo
// proxy messages (JSON text, one instrument each, Depth mode) captured from the simulator's
// OpenAlgo server, decoded by JSON.parse alone and by Optick's OpenAlgo decoder (text → Tick).
// Prints one JSON object.   npx node bench/decode.ts [--frames 400] [--rate 100000]
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { decodeUpstoxFrame } from '../src/main/engine/feeds/upstox/decode.ts';
import { decodeOpenAlgoMessage, splitOpenAlgoKey } from '../src/main/engine/feeds/openalgo/decode.ts';
import { fetchOpenAlgoRegistry } from '../src/main/engine/feeds/openalgo/instruments-node.ts';
import { fetchUpstoxMaster } from '../src/main/engine/feeds/upstox/instrument-master-node.ts';
import { NSE_TIME_ZONE } from '../src/main/engine/feeds/upstox/instrument-master.ts';
import { UpstoxProto } from '../src/main/engine/feeds/upstox/proto.ts';
import { zonedDate } from '../src/main/engine/time/zoned.ts';
import { startSimulatorInWorker } from '../src/main/sim/index.ts';

const { values } = parseArgs({ options: { frames: { type: 'string', default: '400' }, rate: { type: 'string', default: '100000' } } });
const wantFrames = Number(values.frames);

async function captureFrames(): Promise<Buffer[]> {
  const sim = await startSimulatorInWorker({ seed: 42, rate: Number(values.rate) });
  try {
    const today = zonedDate(Date.now(), NSE_TIME_ZONE);
    const registry = await fetchUpstoxMaster(sim.instrumentsUrl, { underlyings: ['NIFTY', 'BANKNIFTY'], today });
    const keys: string[] = [];
    for (const u of registry.underlyings()) {
      keys.push(u.key);
      const expiry = registry.expiries(u.name, today)[0]!;
      for (const s of registry.strikes(u.name, expiry)) for (const c of [s.CE, s.PE]) if (c) keys.push(c.key);
    }
    const ws = new WebSocket(sim.feedUrl, { headers: { Authorization: `Bearer ${sim.token}` }, followRedirects: true });
    const frames: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('open', () => {
        const sub = { guid: 'bench', method: 'sub', data: { mode: 'full', instrumentKeys: keys } };
        ws.send(Buffer.from(JSON.stringify(sub)), { binary: true });
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) return;
        const type = UpstoxProto.FeedResponse.decode(data).type ?? 0;
        if (type === 1) frames.push(Buffer.from(data)); // live feeds: the steady state
        if (frames.length >= wantFrames) resolve();
      });
    });
    ws.close();
    return frames;
  } finally {
    await sim.close();
  }
}

/** OpenAlgo market_data messages (text) of the nearest NIFTY and BANKNIFTY chains in Depth mode. */
async function captureOpenAlgo(want: number): Promise<string[]> {
  const sim = await startSimulatorInWorker({ seed: 42, rate: Number(values.rate) });
  try {
    const ep = sim.openalgo[0]!;
    const today = zonedDate(Date.now(), NSE_TIME_ZONE);
    const registry = await fetchOpenAlgoRegistry({ hostUrl: ep.hostUrl, apiKey: ep.apiKey, underlyings: ['NIFTY', 'BANKNIFTY'], today, maxExpiries: 1 });
    const symbols = registry.underlyings().flatMap((u) => [u.key, ...registry.strikes(u.name, registry.expiries(u.name)[0]!).flatMap((s) => [s.CE!.key, s.PE!.key])])
      .map((k) => splitOpenAlgoKey(k)!);
    const ws = new WebSocket(ep.wsUrl);
    const out: string[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('open', () => ws.send(JSON.stringify({ action: 'authenticate', api_key: ep.apiKey })));
      ws.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        if (text.startsWith('{"type":"auth"')) ws.send(JSON.stringify({ action: 'subscribe', symbols, mode: 3, depth: 5 }));
        else if (text.startsWith('{"type":"market_data"') && (out.push(text), out.length >= want)) resolve();
      });
    });
    ws.close();
    return out;
  } finally {
    await sim.close();
  }
}

/** Nanoseconds per feed of `decode` over all frames, best of `rounds` passes after a warm-up. */
function time(frames: readonly Buffer[], feeds: number, decode: (b: Buffer) => unknown, rounds = 7): number {
  let sink = 0;
  const pass = (): number => {
    const t0 = process.hrtime.bigint();
    for (const f of frames) sink += decode(f) ? 1 : 0;
    return Number(process.hrtime.bigint() - t0);
  };
  for (let i = 0; i < 5; i++) pass();
  let best = Infinity;
  for (let i = 0; i < rounds; i++) best = Math.min(best, pass());
  if (sink < 0) console.error(sink);
  return best / feeds;
}

const frames = await captureFrames();
let feeds = 0, bytes = 0;
for (const f of frames) {
  const n = decodeUpstoxFrame(f, 0).ticks.length;
  const m = Object.keys(UpstoxProto.FeedResponse.decode(f).feeds).length;
  if (n !== m) throw new Error(`frame decoded to ${n} ticks by the fast decoder but ${m} feeds by protobufjs`);
  feeds += n;
  bytes += f.length;
}
const protobufjs = time(frames, feeds, (b) => UpstoxProto.FeedResponse.decode(b));
const fast = time(frames, feeds, (b) => decodeUpstoxFrame(b, 1));
const messages = await captureOpenAlgo(Math.max(2000, wantFrames * 20));
const texts = messages.map((m) => Buffer.from(m));
const oaParse = time(texts, texts.length, (b) => JSON.parse(b.toString('utf8')));
const oaDecode = time(texts, texts.length, (b) => decodeOpenAlgoMessage(b.toString('utf8'), 1));
console.log(JSON.stringify({
  bench: 'decode',
  ns_per_feed_protobufjs: Math.round(protobufjs),
  ns_per_feed_fast: Math.round(fast),
  speedup: Number((protobufjs / fast).toFixed(2)),
  feeds,
  frames: frames.length,
  bytes_per_feed: Math.round(bytes / feeds),
  openalgo_ns_per_message_json_parse: Math.round(oaParse),
  openalgo_ns_per_message: Math.round(oaDecode),
  openalgo_messages: messages.length,
  openalgo_bytes_per_message: Math.round(texts.reduce((a, b) => a + b.length, 0) / texts.length),
}));

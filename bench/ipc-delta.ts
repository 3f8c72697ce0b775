// What the desktop app's IPC adds to a chain delta: real deltas from the engine (real V3 frames
// from the loopback Upstox stand-in through Optick's adapter), each as the push frame the client
// hub posts, timed as (1) v8.serialize + v8.deserialize (the structured-clone wire format
// Electron's MessagePort uses), (2) structuredClone, (3) JSON.stringify + JSON.parse (the
// WebSocket path of browser mode), and (4) post → onmessage through a real MessageChannel (one
// process: no process hop, which Electron adds).
// Two kinds of delta: a whole-chain frame (every strike changed) and a one-contract tick.
// Prints one JSON object.   npm run bench ipc-delta   [-- --rounds 2000]
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { MessageChannel } from 'node:worker_threads';
import type { HostFrame, PushEvent } from '../src/shared/api.ts';
import { chainId } from '../src/shared/chain.ts';
import type { ChainDelta } from '../src/shared/delta.ts';
import { monoNow } from '../src/shared/latency.ts';
import { cleanFeeds, startFeedStand, until } from '../test/helpers/feed-stand.ts';
import { liveFrame } from '../test/helpers/hostile-upstox.ts';
import { connectIpc } from '../test/helpers/ipc-stand.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2000' } } });
const ROUNDS = Number(values.rounds);
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const r2 = (x: number) => Math.round(x * 100) / 100;
const us = (xs: number[]) => ({ p50: r2(pct(xs, 50) * 1000), p99: r2(pct(xs, 99) * 1000) });

function time(run: () => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < ROUNDS; i++) { const t0 = performance.now(); run(); out.push(performance.now() - t0); }
  return out;
}

const stand = await startFeedStand({ keepSeen: false });
const ipc = connectIpc(stand.engine);
const chain = chainId('NIFTY', stand.expiry);
const captured: { whole: ChainDelta[] | null; one: ChainDelta[] | null } = { whole: null, one: null };
let want: 'whole' | 'one' | null = null;
stand.engine.onDeltas((deltas) => { if (want && deltas.some((d) => d.chain === chain && d.oldest_receive !== undefined)) { captured[want] = structuredClone(deltas); want = null; } });
await ipc.transport.call('chain.watch', { underlying: 'NIFTY', expiry: stand.expiry });
want = 'whole';
await stand.server.send(liveFrame(cleanFeeds(stand.options, Date.now(), 1)));
await until(() => captured.whole !== null, 'a whole-chain delta');
const one = stand.options.find((o) => o.strike === 17_050 && o.side === 'CE')!;
want = 'one';
await stand.server.send(liveFrame({ [one.key]: cleanFeeds([one], Date.now(), 2)[one.key]! }));
await until(() => captured.one !== null, 'a one-contract delta');

const kinds: Record<string, unknown> = {};
for (const kind of ['whole', 'one'] as const) {
  const frame: HostFrame = { push: { type: 'chain.delta', seq: 1, deltas: captured[kind]! } };
  const wire = serialize(frame);
  const json = JSON.stringify(frame);
  // (4) through a real port: post time → onmessage time, one at a time.
  const port: number[] = [];
  const { port1, port2 } = new MessageChannel();
  let sentAt = 0;
  let done: (() => void) | null = null;
  port2.on('message', () => { port.push(monoNow() - sentAt); done?.(); });
  for (let i = 0; i < Math.min(ROUNDS, 1000); i++) {
    await new Promise<void>((r) => { done = r; sentAt = monoNow(); port1.postMessage(frame); });
  }
  port1.close();
  port2.close();
  kinds[kind] = {
    deltas: captured[kind]!.length,
    rows: captured[kind]!.reduce((a, d) => a + (d.rows?.length ?? 0), 0),
    v8_bytes: wire.length,
    json_bytes: Buffer.byteLength(json),
    v8_serialize_deserialize_us: us(time(() => deserialize(serialize(frame)))),
    structured_clone_us: us(time(() => structuredClone(frame))),
    json_stringify_parse_us: us(time(() => JSON.parse(JSON.stringify(frame)) as PushEvent)),
    message_channel_post_to_listener_us: us(port),
  };
}
ipc.close();
await stand.close();
console.log(JSON.stringify({
  bench: 'ipc-delta', rounds: ROUNDS, whole_chain: kinds.whole, one_contract: kinds.one,
  load_average: (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10),
  note: 'real deltas from the engine as the push frame the client hub posts; the MessageChannel is in one process (Electron adds a process hop on top, not measured here: no Electron binary)',
}));

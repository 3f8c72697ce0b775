// Conformance with the official upstox-js-sdk 2.31.0 MarketDataStreamerV3, pointed at the
// simulator as protocols.md §1.8 describes: sub, change mode, unsub, market_info, initial_feed,
// live_feed, and the SDK's own reconnect (with its re-sent subscriptions) after the simulator
// drops it with close code 4000 and with a TCP reset. Ends before the SDK's retries run out
// and closes with 1000 (protocols.md §1.7: its exhausted-retries path crashes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { startSimulator } from '../../src/main/sim/index.ts';

const require = createRequire(import.meta.url);

interface SdkFeeder { protobufRoot: unknown; connectWebSocket(url: string, token: string): Promise<unknown> }
interface SdkStreamer {
  on(event: string, fn: (arg: Buffer | Error | string) => void): void;
  connect(): Promise<void>;
  disconnect(): void;
  autoReconnect(enable: boolean, interval?: number, retries?: number): void;
  subscribe(keys: string[], mode: string): void;
  unsubscribe(keys: string[]): void;
  changeMode(keys: string[], mode: string): void;
}
interface Msg { type?: string; feeds?: Record<string, { requestMode?: string; ltpc?: unknown; firstLevelWithGreeks?: unknown; fullFeed?: unknown }>; marketInfo?: { segmentStatus: Record<string, string> } }

const NIFTY = 'NSE_INDEX|Nifty 50';
const BANK = 'NSE_INDEX|Nifty Bank';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('upstox-js-sdk MarketDataStreamerV3: sub, changeMode, unsub, all frame types, and its auto-reconnect after drops', async () => {
  const sim = await startSimulator({ rate: 3000, seed: 21 });
  const records = JSON.parse(gunzipSync(Buffer.from(await (await fetch(sim.instrumentsUrl)).arrayBuffer())).toString('utf8')) as { instrument_key: string; underlying_symbol?: string }[];
  const option = records.find((r) => r.underlying_symbol === 'NIFTY')!.instrument_key;
  const Upstox = require('upstox-js-sdk') as { ApiClient: { instance: { basePath: string; authentications: { OAUTH2: { accessToken: string } } } }; MarketDataStreamerV3: new (keys: string[], mode: string) => SdkStreamer };
  const { MarketDataFeederV3 } = require('upstox-js-sdk/dist/feeder/MarketDataFeederV3') as { MarketDataFeederV3: { prototype: SdkFeeder } };
  const client = Upstox.ApiClient.instance;
  client.basePath = sim.baseUrl;
  client.authentications.OAUTH2.accessToken = sim.token;
  const original = MarketDataFeederV3.prototype.connectWebSocket;
  MarketDataFeederV3.prototype.connectWebSocket = async function (this: SdkFeeder, _url: string, token: string) {
    for (let i = 0; i < 400 && !this.protobufRoot; i++) await sleep(5); // the SDK loads its .proto asynchronously
    return original.call(this, sim.feedUrl, token);
  };
  const messages: Msg[] = [];
  const errors: unknown[] = [];
  const reconnecting: string[] = [];
  let opens = 0;
  const streamer = new Upstox.MarketDataStreamerV3([NIFTY, BANK], 'full');
  streamer.autoReconnect(true, 1, 5);
  streamer.on('message', (buf) => messages.push(JSON.parse(buf.toString()) as Msg));
  streamer.on('error', (e) => errors.push(e));
  streamer.on('reconnecting', (m) => reconnecting.push(String(m)));
  streamer.on('open', () => { opens++; });
  const kind = (m: Msg) => m.type ?? 'initial_feed';
  const waitFor = async (pred: (m: Msg) => boolean, from: number, what: string, ms = 6000): Promise<Msg> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = messages.slice(from).find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${messages.slice(from).map(kind).join(',')}`);
      await sleep(20);
    }
  };
  const subscribed = async (want: Record<string, number>, what: string) => {
    const deadline = Date.now() + 6000;
    for (;;) {
      const s = await sim.stats();
      if (JSON.stringify(s.subscribed) === JSON.stringify(want) && s.connections === 1) return;
      if (Date.now() > deadline) throw new Error(`${what}: simulator has ${JSON.stringify(s.subscribed)} on ${s.connections} connections, want ${JSON.stringify(want)}`);
      await sleep(20);
    }
  };
  try {
    await streamer.connect();
    await waitFor((m) => kind(m) === 'market_info', 0, 'market_info');
    assert.equal(kind(messages[0]!), 'market_info', 'market_info comes first');
    assert.equal(messages[0]!.marketInfo?.segmentStatus.NSE_FO, 'NORMAL_OPEN');
    const initial = await waitFor((m) => kind(m) === 'initial_feed' && !!m.feeds?.[NIFTY], 0, 'initial_feed');
    assert.equal(initial.feeds![NIFTY]!.requestMode, 'full_d5');
    await waitFor((m) => kind(m) === 'live_feed' && !!m.feeds?.[NIFTY], 0, 'live_feed');
    await subscribed({ full: 2 }, 'constructor keys');

    let mark = messages.length;
    streamer.subscribe([option], 'option_greeks');
    const snap = await waitFor((m) => kind(m) === 'initial_feed' && !!m.feeds?.[option], mark, 'option snapshot');
    assert.equal(snap.feeds![option]!.requestMode, 'option_greeks');
    assert.ok(snap.feeds![option]!.firstLevelWithGreeks);
    await subscribed({ full: 2, option_greeks: 1 }, 'after subscribe');

    mark = messages.length;
    streamer.changeMode([NIFTY], 'ltpc'); // goes out as method "sub" with the new mode
    const remoded = await waitFor((m) => kind(m) === 'initial_feed' && !!m.feeds?.[NIFTY], mark, 'ltpc snapshot');
    assert.ok(remoded.feeds![NIFTY]!.ltpc);
    assert.equal(remoded.feeds![NIFTY]!.requestMode, undefined, 'ltpc (0) is omitted on the wire');
    await subscribed({ ltpc: 1, full: 1, option_greeks: 1 }, 'after changeMode');

    streamer.unsubscribe([BANK]);
    await subscribed({ ltpc: 1, option_greeks: 1 }, 'after unsubscribe');
    mark = messages.length;
    await waitFor((m) => kind(m) === 'live_feed', mark, 'live_feed after unsubscribe');
    await sleep(300);
    assert.ok(messages.slice(mark + 1).every((m) => !m.feeds?.[BANK]), 'no Nifty Bank after unsub');

    for (const how of [{ code: 4000 }, { reset: true }]) {
      const opened = opens;
      const before = reconnecting.length;
      const dropMark = messages.length;
      await sim.dropConnections(how);
      const deadline = Date.now() + 5000;
      while (opens === opened && Date.now() < deadline) await sleep(20);
      assert.equal(opens, opened + 1, `SDK reopened after ${JSON.stringify(how)}`);
      assert.match(reconnecting[before] ?? '', /Auto reconnect attempt 1\/5/);
      // The SDK re-sends one sub per mode from its own sets: the same subscriptions come back.
      await subscribed({ ltpc: 1, option_greeks: 1 }, `after the SDK reconnected from ${JSON.stringify(how)}`);
      mark = messages.length;
      await waitFor((m) => kind(m) === 'market_info', dropMark, 'market_info on the new connection');
      await waitFor((m) => kind(m) === 'live_feed' && !!(m.feeds?.[NIFTY] ?? m.feeds?.[option]), mark, 'live_feed after reconnect');
    }
    assert.deepEqual(errors.filter((e) => !/closed before|ECONNRESET|socket hang up/i.test(String((e as Error)?.message ?? e))), []);
  } finally {
    streamer.autoReconnect(false);
    streamer.disconnect(); // close 1000: the SDK stops
    MarketDataFeederV3.prototype.connectWebSocket = original;
    await sim.close();
  }
});

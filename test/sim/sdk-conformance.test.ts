// Done-when for the simulator: the official upstox-js-sdk MarketDataStreamerV3, pointed at it as
// protocols.md §1.8 describes, receives market_info, initial_feed and live_feed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startSimulator } from '../../src/main/sim/index.ts';

const require = createRequire(import.meta.url);

interface SdkFeeder { protobufRoot: unknown; connectWebSocket(url: string, token: string): Promise<unknown> }
interface SdkStreamer {
  on(event: string, fn: (arg: Buffer | Error) => void): void;
  connect(): Promise<void>;
  disconnect(): void;
  autoReconnect(enable: boolean): void;
  changeMode(keys: string[], mode: string): void;
}

test('upstox-js-sdk 2.31.0 MarketDataStreamerV3 receives market_info, initial_feed and live_feed from the simulator', async () => {
  const sim = await startSimulator({ rate: 3000, seed: 3 });
  const Upstox = require('upstox-js-sdk') as { ApiClient: { instance: { basePath: string; authentications: { OAUTH2: { accessToken: string } } } }; MarketDataStreamerV3: new (keys: string[], mode: string) => SdkStreamer };
  const { MarketDataFeederV3 } = require('upstox-js-sdk/dist/feeder/MarketDataFeederV3') as { MarketDataFeederV3: { prototype: SdkFeeder } };
  const client = Upstox.ApiClient.instance;
  client.basePath = sim.baseUrl;
  client.authentications.OAUTH2.accessToken = sim.token;
  const original = MarketDataFeederV3.prototype.connectWebSocket;
  // Point the hard-coded wss://api.upstox.com URL at the simulator. The SDK loads its .proto
  // asynchronously and emits 'null' for a frame that beats it, so connect once it has loaded.
  MarketDataFeederV3.prototype.connectWebSocket = async function (this: SdkFeeder, _url: string, token: string) {
    for (let i = 0; i < 400 && !this.protobufRoot; i++) await new Promise((r) => setTimeout(r, 5));
    return original.call(this, sim.feedUrl, token);
  };
  const messages: { type?: string; feeds?: Record<string, Record<string, unknown>>; marketInfo?: { segmentStatus: Record<string, string> } }[] = [];
  const errors: Error[] = [];
  const keys = ['NSE_INDEX|Nifty 50', 'NSE_INDEX|Nifty Bank'];
  const streamer = new Upstox.MarketDataStreamerV3(keys, 'full');
  streamer.autoReconnect(false);
  try {
    streamer.on('message', (buf) => messages.push(JSON.parse(buf.toString())));
    streamer.on('error', (e) => errors.push(e as Error));
    await streamer.connect();
    const deadline = Date.now() + 8000;
    const has = (t: string): boolean => messages.some((m) => (m.type ?? 'initial_feed') === t && (t === 'market_info' || Object.keys(m.feeds ?? {}).length > 0));
    while (!(has('market_info') && has('initial_feed') && has('live_feed')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(errors, []);
    assert.equal(messages[0]?.type, 'market_info');
    assert.equal(messages[0]?.marketInfo?.segmentStatus.NSE_FO, 'NORMAL_OPEN');
    const initial = messages.find((m) => m.type === undefined || m.type === 'initial_feed');
    assert.ok(initial, `initial_feed received (got ${messages.map((m) => m.type).join(',')})`);
    assert.equal(initial.type, undefined, 'type 0 is omitted on the wire, so the SDK JSON has no type');
    assert.deepEqual(Object.keys(initial.feeds!).sort(), keys);
    assert.equal(initial.feeds!['NSE_INDEX|Nifty 50']!.requestMode, 'full_d5');
    assert.ok(has('live_feed'), 'live_feed received');
    // changeMode goes out as method "sub" with the new mode: the simulator must re-mode the key
    const before = messages.length;
    streamer.changeMode(['NSE_INDEX|Nifty 50'], 'ltpc');
    while (Date.now() < deadline && !messages.slice(before).some((m) => (m.type ?? 'initial_feed') === 'initial_feed')) await new Promise((r) => setTimeout(r, 25));
    const remoded = messages.slice(before).find((m) => (m.type ?? 'initial_feed') === 'initial_feed');
    assert.ok(remoded?.feeds?.['NSE_INDEX|Nifty 50']?.ltpc, 'snapshot in ltpc mode after changeMode');
    assert.equal(remoded.feeds['NSE_INDEX|Nifty 50'].requestMode, undefined);
  } finally {
    streamer.disconnect(); // close code 1000: the SDK will not reconnect
    MarketDataFeederV3.prototype.connectWebSocket = original;
    await sim.close();
  }
});

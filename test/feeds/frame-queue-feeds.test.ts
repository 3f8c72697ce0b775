// Every feed kind queues its frames in the shared frame queue (feeds/common/frame-queue.ts):
// OpenAlgo, Massive and the JSON price stream, each against a venue-shaped server on loopback
// (real WebSocket, the venue's own JSON messages). Per kind: the counters (frames waiting and the
// oldest age while frames wait, zero once drained) and the shedding order when behind
// (intermediate quotes coalesced, every trade and OI change delivered, latest values exactly
// those of an unshed twin feed, shed + delivered = received); and through the engine, every feed
// of a multi-feed reports its own `load` in status (what /api/option-chain/status returns).
// Back-pressure, per kind: a burst of hundreds of KB over a 4 KiB byte cap pauses the feed's socket
// and resumes it, every tick delivered in order with the values of an uncapped twin; while
// holdWhile says downstream is congested nothing is delivered and the paused socket is not read
// (the rest waits at the venue), and released, everything arrives in order; stopped while held,
// the queue ends empty. Massive: each cluster's queue pauses its own socket only, and holdWhile
// holds both.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { WebSocketServer, type WebSocket } from 'ws';
import { Engine } from '../../src/main/engine/engine.ts';
import type { FeedAdapter } from '../../src/main/engine/feeds/feed.ts';
import type { FrameQueueTuning } from '../../src/main/engine/feeds/common/frame-queue.ts';
import { MultiFeed } from '../../src/main/engine/feeds/common/multi-feed.ts';
import { carriesTradeOrOi } from '../../src/main/engine/feeds/common/shed.ts';
import { JsonStreamFeed } from '../../src/main/engine/feeds/json-stream/json-stream-feed.ts';
import { MassiveFeed } from '../../src/main/engine/feeds/massive/massive-feed.ts';
import { OpenAlgoFeed } from '../../src/main/engine/feeds/openalgo/openalgo-feed.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import { MarketState, type Quote } from '../../src/main/engine/market/market-state.ts';
import type { Tick } from '../../src/shared/market.ts';
import type { FrameQueueStatus } from '../../src/shared/status.ts';

const until = async (what: string, ok: () => boolean, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** One event of a burst: a quote (new book, no trade), a trade, or an OI change. */
type Ev = { kind: 'quote'; bid: number } | { kind: 'trade'; price: number; qty: number } | { kind: 'oi'; oi: number };

/** Quotes between trades and OI changes; the last event of the instrument is a quote. */
const BURST: readonly Ev[] = [
  { kind: 'quote', bid: 100 }, { kind: 'quote', bid: 100.5 }, { kind: 'quote', bid: 101 },
  { kind: 'trade', price: 101.5, qty: 2 }, { kind: 'quote', bid: 101.2 }, { kind: 'quote', bid: 101.4 },
  { kind: 'oi', oi: 900 }, { kind: 'quote', bid: 101.1 }, { kind: 'trade', price: 101.3, qty: 1 },
  { kind: 'quote', bid: 100.9 }, { kind: 'quote', bid: 101.6 }, { kind: 'quote', bid: 101.7 },
];

interface Venue {
  name: string;
  key: string;
  /** Wire messages of the events (one event per frame, default BURST), each event with its own time t0 + i. */
  frames(t0: number, events?: readonly Ev[]): string[];
  /** The server's side of the handshake. */
  onConnection(ws: WebSocket): void;
  feed(url: string, queue: FrameQueueTuning): FeedAdapter;
}

const e9 = (x: number): string => String(Math.round(x * 1e9));

/** The venues' wire shapes; the running state (volume, OI) is what each venue would send. */
const VENUES: readonly Venue[] = [
  {
    name: 'OpenAlgo', key: 'NSE:NIFTY',
    frames(t0, events = BURST) {
      let volume = 1000, oi = 500, ltp = 100, bid = 99.5;
      return events.map((e, i) => {
        if (e.kind === 'quote') bid = e.bid;
        if (e.kind === 'trade') { volume += e.qty; ltp = e.price; }
        if (e.kind === 'oi') oi = e.oi;
        return JSON.stringify({ type: 'market_data', exchange: 'NSE', symbol: 'NIFTY', mode: 3, data: { ltp, ltt: t0 + i, volume, oi, depth: { buy: [{ price: bid, quantity: 10 }], sell: [{ price: bid + 1, quantity: 10 }] } } });
      });
    },
    onConnection(ws) {
      ws.on('message', (m) => {
        const o = JSON.parse(String(m)) as { action?: string };
        if (o.action === 'authenticate') ws.send(JSON.stringify({ type: 'auth', status: 'success', broker: 'test' }));
      });
    },
    feed: (url, queue) => new OpenAlgoFeed({ endpoints: [{ label: 'test', wsUrl: url, apiKey: 'k' }], queue, minBackoffMs: 50 }),
  },
  {
    name: 'Massive', key: 'O:SPY261218C00600000',
    frames(t0, events = BURST) {
      // The socket carries no OI: an OI change is an aggregate's cumulative volume instead (A), which is never shed either.
      let av = 5000;
      return events.map((e, i) => JSON.stringify([
        e.kind === 'quote' ? { ev: 'Q', sym: this.key, bp: e.bid, bs: 3, ap: e.bid + 1, as: 4, t: t0 + i }
          : e.kind === 'trade' ? { ev: 'T', sym: this.key, p: e.price, s: e.qty, t: t0 + i }
            : { ev: 'A', sym: this.key, c: 101, e: t0 + i, av: (av += 100) },
      ]));
    },
    onConnection(ws) {
      ws.send(JSON.stringify([{ ev: 'status', status: 'connected', message: 'Connected Successfully' }]));
      ws.on('message', (m) => {
        const o = JSON.parse(String(m)) as { action?: string };
        if (o.action === 'auth') ws.send(JSON.stringify([{ ev: 'status', status: 'auth_success', message: 'authenticated' }]));
      });
    },
    feed: (url, queue) => new MassiveFeed({ endpoints: [{ label: 'test', wsBase: url, apiKey: 'k' }], fmv: false, queue, minBackoffMs: 50 }),
  },
  {
    name: 'JSON stream', key: 'BTC-PERP',
    frames(t0, events = BURST) {
      let bid = 99.5;
      return events.map((e, i) => {
        const at = t0 + i;
        if (e.kind === 'trade') return JSON.stringify({ event: 'RecentTradesUpdates', payload: { recentTrades: [{ symbol: 'BTC-PERP', priceE9: e9(e.price), quantityE9: e9(e.qty / 1000), side: 'LONG', updatedAtMillis: at }] } });
        if (e.kind === 'oi') return JSON.stringify({ event: 'TickerUpdate', payload: { symbol: 'BTC-PERP', updatedAtMillis: at, bestBidPriceE9: e9(bid), bestBidQuantityE9: e9(0.01), bestAskPriceE9: e9(bid + 1), bestAskQuantityE9: e9(0.01), openInterestE9: e9(e.oi / 1000) } });
        bid = e.bid;
        return JSON.stringify({ event: 'OrderbookPartialDepthUpdate', payload: { symbol: 'BTC-PERP', updatedAtMillis: at, bidsE9: [[e9(bid), e9(0.01)]], asksE9: [[e9(bid + 1), e9(0.01)]] } });
      });
    },
    onConnection() {},
    feed: (url, queue) => new JsonStreamFeed({ endpoints: [{ label: 'test', url }], queue, minBackoffMs: 50 }),
  },
];

/** A subscribe request from the feed (OpenAlgo's and Massive's `action`, the JSON stream's `method`). */
const SUBSCRIBE = /"(action|method)":"subscribe"/i;

/**
 * A venue server on loopback; burst() sends the burst to every connected client in one go, send()
 * the given frames to the clients of one path (Massive's /options or /stocks) or all of them.
 */
async function serve(v: Venue) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const ready = new Map<WebSocket, { path: string; subscribed: boolean }>();
  wss.on('connection', (ws, req) => {
    const client = { path: req.url ?? '/', subscribed: false };
    ws.on('message', (m) => { if (SUBSCRIBE.test(String(m))) client.subscribed = true; });
    v.onConnection(ws);
    ready.set(ws, client);
    ws.on('close', () => ready.delete(ws));
  });
  const { port } = wss.address() as { port: number };
  const send = (frames: readonly string[], path?: string): void => {
    for (const [ws, c] of ready) if (path === undefined || c.path === path) for (const f of frames) ws.send(f);
  };
  return {
    url: `ws://127.0.0.1:${port}`,
    clients: () => ready.size,
    /** Clients that have sent a subscribe request (authenticated first, where the venue wants that). */
    subscribed: () => [...ready.values()].filter((c) => c.subscribed).length,
    // Sent synchronously: on loopback every frame is in the client's socket buffer before its next poll.
    burst: () => send(v.frames(Date.now())),
    send,
    close: () => new Promise<void>((r) => { for (const ws of wss.clients) ws.terminate(); wss.close(() => r()); }),
  };
}

/** The latest picture of the instrument after `ticks` (update counts and receive times aside). */
function finalState(ticks: readonly Tick[]): Omit<Quote, 'updates' | 'receiveTs'> {
  const m = new MarketState();
  for (const t of ticks) m.apply(structuredClone(t));
  const { updates: _u, receiveTs: _r, ...q } = m.get(ticks[0]!.key)!;
  return q;
}

const queueOf = (f: FeedAdapter): FrameQueueStatus => (f.status() as { queue?: FrameQueueStatus }).queue!;

for (const v of VENUES) {
  describe(`${v.name} frames through the shared queue`, () => {
    let server: Awaited<ReturnType<typeof serve>>;
    const feeds: FeedAdapter[] = [];
    before(async () => { server = await serve(v); });
    after(async () => { await Promise.all(feeds.map((f) => f.stop())); await server.close(); });

    /** A started feed subscribed to the venue's instrument, collecting what it delivers. */
    const start = (queue: FrameQueueTuning, onTicks: (t: readonly Tick[]) => void = () => {}): { feed: FeedAdapter; ticks: Tick[] } => {
      const feed = v.feed(server.url, queue);
      feeds.push(feed);
      const ticks: Tick[] = [];
      feed.start({ onTicks: (t) => { ticks.push(...t.map((x) => structuredClone(x))); onTicks(t); } });
      feed.setSubscriptions(new Map([[v.key, 'depth']]));
      return { feed, ticks };
    };

    it('counts frames waiting and the oldest age while they wait; none once drained', async () => {
      const seen: FrameQueueStatus[] = [];
      // A budget of 0 ms decodes one frame a turn, so the rest of the burst is seen waiting.
      const a = start({ budgetMs: 0, behindMs: Number.POSITIVE_INFINITY }, () => seen.push(queueOf(a.feed)));
      await until('connected', () => server.clients() === feeds.length && a.feed.status().state === 'connected');
      await new Promise((r) => setTimeout(r, 100)); // the handshake's replies are in
      server.burst();
      await until('the burst', () => a.ticks.length >= BURST.length);
      assert.equal(a.ticks.length, BURST.length, 'nothing shed while not behind');
      assert.ok(seen.some((q) => q.frames_waiting > 0 && q.oldest_frame_age_ms !== null && q.oldest_frame_age_ms >= 0), `frames seen waiting: ${JSON.stringify(seen[0])}`);
      assert.ok(seen.every((q) => q.ticks_shed === 0));
      const end = queueOf(a.feed);
      assert.equal(end.frames_waiting, 0);
      assert.equal(end.oldest_frame_age_ms, null);
      assert.equal(end.ticks_shed, 0);
    });

    it('behind, sheds intermediate quotes only: trades and OI changes all delivered, latest values exact, every tick accounted for', async () => {
      const exact = start({ behindMs: Number.POSITIVE_INFINITY });
      // behindMs 0: every queued frame counts as behind (the 1 s rule itself is in test/engine/shedding.test.ts).
      const shed = start({ behindMs: 0 });
      await until('connected', () => server.clients() === feeds.length && [exact, shed].every((x) => x.feed.status().state === 'connected'));
      await new Promise((r) => setTimeout(r, 100));
      const before = { exact: exact.ticks.length, shed: shed.ticks.length, shedCount: queueOf(shed.feed).ticks_shed };
      server.burst();
      await until('the burst in both', () => exact.ticks.length - before.exact >= BURST.length && shed.ticks.length + queueOf(shed.feed).ticks_shed - before.shed - before.shedCount >= BURST.length);
      const all = exact.ticks.slice(before.exact);
      const kept = shed.ticks.slice(before.shed);
      const q = queueOf(shed.feed);
      const shedNow = q.ticks_shed - before.shedCount;
      assert.equal(all.length, BURST.length);
      assert.ok(shedNow >= 1, `quotes coalesced: ${shedNow}`);
      assert.equal(kept.length + shedNow, all.length, 'every tick delivered or counted shed');
      let prev: Tick | undefined;
      const keptAt = new Set(kept.map((t) => t.exchangeTs));
      for (const t of all) {
        if (carriesTradeOrOi(t, prev) && prev !== undefined) assert.ok(keptAt.has(t.exchangeTs), `${v.name}: trade/OI update at ${t.exchangeTs} was shed`);
        prev = t;
      }
      assert.ok(keptAt.has(all.at(-1)!.exchangeTs), 'the last update is kept');
      assert.deepEqual(finalState(kept), finalState(all), 'every latest value exact');
      assert.ok(q.last_shed_age_ms !== null && q.last_shed_age_ms < 10_000);
    });
  });
}

describe('every feed of a multi-feed reports its own load in the engine status', () => {
  const servers: Awaited<ReturnType<typeof serve>>[] = [];
  let engine: Engine | null = null;
  before(async () => { for (const v of VENUES) servers.push(await serve(v)); });
  after(async () => { await engine?.stop(); await Promise.all(servers.map((s) => s.close())); });

  it('frames waiting, oldest age, ticks shed and falling behind per feed', async () => {
    const feeds = VENUES.map((v, i) => v.feed(servers[i]!.url, { behindMs: 0 }));
    const registry = new InstrumentRegistry(VENUES.map((v) => ({ name: v.key, key: v.key, exchange: 'CRYPTO' as const, strikeStep: 1, lotSize: 1, timeZone: 'UTC' })), []);
    engine = new Engine({ feed: new MultiFeed(feeds.map((f, i) => ({ feed: f, owns: (k: string) => k === VENUES[i]!.key }))), registry, wholeExpiry: false });
    engine.start();
    for (const f of feeds) f.setSubscriptions(new Map([[VENUES[feeds.indexOf(f)]!.key, 'depth']]));
    await until('all connected', () => servers.every((s) => s.clients() === 1) && feeds.every((f) => f.status().state === 'connected'));
    await new Promise((r) => setTimeout(r, 100));
    for (const s of servers) s.burst();
    await until('every burst processed', () => feeds.every((f) => f.status().ticks_received >= BURST.length && queueOf(f).frames_waiting === 0));
    const status = engine.status();
    assert.deepEqual(status.feeds.map((f) => f.feed), ['openalgo', 'massive', 'json']);
    for (const f of status.feeds) {
      const load = f.load!;
      assert.equal(load.frames_waiting, 0, f.feed);
      assert.equal(load.oldest_frame_age_ms, null, f.feed);
      assert.ok(load.ticks_shed >= 1, `${f.feed} shed ${load.ticks_shed}`);
      assert.equal(load.falling_behind, true, `${f.feed}: shed in the last 10 s`);
    }
    const whole = engine.feedStatus().load!;
    assert.equal(whole.ticks_shed, status.feeds.reduce((a, f) => a + f.load!.ticks_shed, 0), 'the multi-feed as one: its parts summed');
    assert.equal(whole.frames_waiting, 0);
    for (const v of VENUES) assert.equal(engine.market.get(v.key)?.bids?.[0]?.price, (BURST.at(-1) as { bid: number }).bid, `${v.name}: the latest book is exact`);
  });
});

/** BURST 300 times: 3,600 frames, some 300 KB (Massive) to 900 KB (OpenAlgo), far more than one socket read. */
const LONG: readonly Ev[] = Array.from({ length: 300 }, () => BURST).flat();
/** The byte cap under test: the first socket read alone is over it. */
const CAP = 4096;
/** Queue turns held before asserting the paused socket stays unread (each turn is a trip round the event loop, with its I/O poll). */
const HELD_TURNS = 50;
/** A capped queue never shedding; maxHoldMs Infinity: the 5 s override (frame-queue-backpressure.test.ts) must not end a hold on a slow machine. */
const HELD: FrameQueueTuning = { behindMs: Number.POSITIVE_INFINITY, maxBytes: CAP, maxHoldMs: Number.POSITIVE_INFINITY };

/** A tick as the venue sent it (receive times aside). */
const sent = ({ receiveTs: _r, receiveMono: _m, ...t }: Tick): Omit<Tick, 'receiveTs' | 'receiveMono'> => t;
const inOrder = (ticks: readonly Tick[], t0: number): boolean => ticks.every((t, i) => t.exchangeTs === t0 + i);

for (const v of VENUES) {
  describe(`${v.name}: socket back-pressure and the writer's hold`, () => {
    let server: Awaited<ReturnType<typeof serve>>;
    const feeds: FeedAdapter[] = [];
    before(async () => { server = await serve(v); });
    afterEach(async () => {
      await Promise.all(feeds.splice(0).map((f) => f.stop()));
      await until('the server saw the feeds go', () => server.clients() === 0);
    });
    after(() => server.close());

    const start = (queue: FrameQueueTuning, keys: readonly string[] = [v.key]): { feed: FeedAdapter; ticks: Tick[] } => {
      const feed = v.feed(server.url, queue);
      feeds.push(feed);
      const ticks: Tick[] = [];
      feed.start({ onTicks: (t) => { for (const x of t) ticks.push(structuredClone(x)); } });
      feed.setSubscriptions(new Map(keys.map((k) => [k, 'depth'])));
      return { feed, ticks };
    };

    /**
     * Holds `feed` (holdWhile(() => true)), sends it the LONG burst at t0 (to `path`'s clients only,
     * when given) and waits until its queue has paused the socket and held for HELD_TURNS turns.
     * Returns t0 and how many of the burst's frames had been read by then.
     */
    const holdOverCap = async (feed: FeedAdapter, path?: string): Promise<{ t0: number; read: number }> => {
      feed.holdWhile!(() => true);
      const handshake = feed.status().frames_received;
      const t0 = Date.now();
      server.send(v.frames(t0, LONG), path);
      await until('held, over the cap', () => { const q = queueOf(feed); return q.socket_pauses! >= 1 && q.held_turns! >= HELD_TURNS; });
      return { t0, read: feed.status().frames_received - handshake };
    };

    it('a burst over the byte cap pauses the socket and resumes it: no tick lost, every value exact', async () => {
      const twin = start({ behindMs: Number.POSITIVE_INFINITY }); // 16 MiB cap: never paused
      const capped = start({ behindMs: Number.POSITIVE_INFINITY, maxBytes: CAP });
      await until('both subscribed', () => server.subscribed() === 2);
      const handshake = capped.feed.status().frames_received;
      const t0 = Date.now();
      server.send(v.frames(t0, LONG));
      await until('the burst in both', () => twin.ticks.length >= LONG.length && capped.ticks.length >= LONG.length);
      const q = queueOf(capped.feed);
      assert.ok(q.socket_pauses! >= 1, `socket paused over the cap: ${JSON.stringify(q)}`);
      assert.equal(queueOf(twin.feed).socket_pauses, 0);
      assert.equal(q.bytes_waiting, 0, 'drained, so resumed');
      assert.equal(q.frames_waiting, 0);
      assert.equal(q.ticks_shed, 0);
      assert.equal(capped.feed.status().frames_received - handshake, LONG.length, 'every frame read after the pauses');
      assert.equal(capped.ticks.length, LONG.length, 'no tick lost or doubled');
      assert.ok(inOrder(capped.ticks, t0), 'in the order sent');
      assert.deepEqual(capped.ticks.map(sent), twin.ticks.map(sent), 'the same ticks as the uncapped twin');
      assert.deepEqual(finalState(capped.ticks), finalState(twin.ticks), 'every latest value exact');
      assert.equal(finalState(capped.ticks).bids?.[0]?.price, (LONG.at(-1) as { bid: number }).bid);
    });

    it('holdWhile(() => true) delivers nothing and leaves the paused socket unread; released, every tick arrives in order', async () => {
      const held = start(HELD);
      await until('subscribed', () => server.subscribed() === 1);
      const { t0, read } = await holdOverCap(held.feed);
      const q = queueOf(held.feed);
      assert.equal(held.ticks.length, 0, 'held: nothing delivered');
      assert.equal(q.frames_waiting, read, 'every frame read waits in the queue');
      assert.ok(read < LONG.length, `the paused socket is not read: ${read} of ${LONG.length} frames in`);
      held.feed.holdWhile!(null);
      await until('the burst', () => held.ticks.length >= LONG.length);
      assert.equal(held.ticks.length, LONG.length, 'no tick lost or doubled');
      assert.ok(inOrder(held.ticks, t0), 'in the order sent');
      assert.equal(finalState(held.ticks).bids?.[0]?.price, (LONG.at(-1) as { bid: number }).bid, 'the latest book exact');
      assert.equal(queueOf(held.feed).bytes_waiting, 0);
    });

    it('stopped while held with its socket paused: the queue ends empty, the frames still in flight are not taken', async () => {
      const held = start(HELD);
      await until('subscribed', () => server.subscribed() === 1);
      await holdOverCap(held.feed);
      // stop() resumes the socket to close it; what it reads then belongs to no running feed.
      await held.feed.stop();
      const q = queueOf(held.feed);
      assert.equal(q.frames_waiting, 0);
      assert.equal(q.bytes_waiting, 0);
      assert.equal(held.ticks.length, 0);
    });

    if (v.name !== 'Massive') return;

    it('each cluster\'s queue pauses its own socket; holdWhile holds both', async () => {
      const stock = 'SPY';
      const held = start(HELD, [v.key, stock]);
      await until('both clusters subscribed', () => server.subscribed() === 2);
      const { t0, read } = await holdOverCap(held.feed, '/options');
      assert.ok(read < LONG.length, `the paused /options socket is not read: ${read} of ${LONG.length}`);
      const optionsRead = held.feed.status().frames_received;
      const trades = Array.from({ length: 5 }, (_, i) => JSON.stringify([{ ev: 'T', sym: stock, p: 600 + i, s: 1, t: t0 + i }]));
      server.send(trades, '/stocks');
      // The /stocks queue is under its cap: its socket is read while /options stays paused.
      await until('/stocks read', () => held.feed.status().frames_received === optionsRead + trades.length);
      assert.equal(queueOf(held.feed).socket_pauses, 1, 'only /options paused');
      assert.equal(held.ticks.length, 0, 'held: neither cluster delivers');
      held.feed.holdWhile!(null);
      await until('both bursts', () => held.ticks.length >= LONG.length + trades.length);
      const options = held.ticks.filter((t) => t.key === v.key);
      const stocks = held.ticks.filter((t) => t.key === stock);
      assert.equal(options.length, LONG.length);
      assert.ok(inOrder(options, t0), '/options in the order sent');
      assert.deepEqual(stocks.map((t) => t.ltp), [600, 601, 602, 603, 604], '/stocks in the order sent');
      assert.equal(finalState(options).bids?.[0]?.price, (LONG.at(-1) as { bid: number }).bid);
    });
  });
}

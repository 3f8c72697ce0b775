// The Upstox decoder: real protobuf frames in, normalised ticks out; malformed input is
// an error the feed counts and skips, never a crash. The generated fast decoder is checked
// against protobufjs (decode + the reference normaliser below) on the same bytes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import protobuf from 'protobufjs';
import WebSocket from 'ws';
import type { DepthLevel, Greeks, Tick } from '../../src/shared/market.ts';
import { decodeUpstoxFrame, FeedDecodeError, type DecodedFrame } from '../../src/main/engine/feeds/upstox/decode.ts';
import { fetchUpstoxMaster } from '../../src/main/engine/feeds/upstox/instrument-master-node.ts';
import { NSE_TIME_ZONE } from '../../src/main/engine/feeds/upstox/instrument-master.ts';
import { FrameType, MarketStatusName, UpstoxProto, type FeedResponseShape, type FeedShape } from '../../src/main/engine/feeds/upstox/proto.ts';
import { zonedDate } from '../../src/main/engine/time/zoned.ts';
import { startSimulator } from '../../src/main/sim/index.ts';

const encode = (m: FeedResponseShape) => UpstoxProto.FeedResponse.encode(m).finish();

const fullOption: FeedResponseShape = {
  type: 1,
  currentTs: 1795287957165,
  feeds: {
    'NSE_FO|45450': {
      requestMode: 1,
      fullFeed: {
        marketFF: {
          ltpc: { ltp: 123.45, ltt: 1795287957159, ltq: 65, cp: 110.05 },
          marketLevel: { bidAskQuote: [
            { bidQ: 650, bidP: 123.4, askQ: 130, askP: 123.5 },
            { bidQ: 1300, bidP: 123.35, askQ: 195, askP: 123.55 },
            { bidQ: 0, bidP: 0, askQ: 65, askP: 123.6 },
          ] },
          optionGreeks: { delta: 0.52, theta: -12.1, gamma: 0.0011, vega: 9.8, rho: 1.2 },
          vtt: 1234500, oi: 98765, iv: 0.1423, tbq: 50000, tsq: 42000, atp: 118.2,
        },
      },
    },
    'NSE_INDEX|Nifty 50': { requestMode: 1, fullFeed: { indexFF: { ltpc: { ltp: 26012.35, ltt: 1795287957000, cp: 25950.1 } } } },
  },
};

// ---- Reference: protobufjs decode + the normalisation decode.ts did before the generated decoder.
interface LtpcLike { ltp?: number | null; ltt?: number | null; ltq?: number | null; cp?: number | null }
interface QuoteLike { bidQ?: number | null; bidP?: number | null; askQ?: number | null; askP?: number | null }
interface GreeksLike { delta?: number | null; theta?: number | null; gamma?: number | null; vega?: number | null; rho?: number | null }

function referenceDecode(bytes: Uint8Array, receiveTs: number): DecodedFrame {
  const msg = UpstoxProto.FeedResponse.decode(bytes);
  const type = msg.type ?? FrameType.initial_feed;
  const currentTs = Number(msg.currentTs ?? 0) || receiveTs;
  if (type === FrameType.market_info) {
    const segments: Record<string, string> = {};
    for (const [seg, st] of Object.entries(msg.marketInfo?.segmentStatus ?? {})) segments[seg] = MarketStatusName[st as number] ?? String(st);
    return { kind: 'market_info', ticks: [], segments, currentTs };
  }
  const ticks: Tick[] = [];
  const feeds = msg.feeds ?? {};
  for (const key in feeds) {
    const t = referenceTick(key, feeds[key]!, currentTs, receiveTs);
    if (t) ticks.push(t);
  }
  return { kind: type === FrameType.live_feed ? 'live_feed' : 'initial_feed', ticks, currentTs };
}

function referenceTick(key: string, feed: FeedShape, currentTs: number, receiveTs: number): Tick | null {
  const tick: Tick = { key, exchangeTs: currentTs, receiveTs };
  if (feed.ltpc) {
    applyLtpc(tick, feed.ltpc);
  } else if (feed.fullFeed?.marketFF) {
    const ff = feed.fullFeed.marketFF;
    if (ff.ltpc) applyLtpc(tick, ff.ltpc);
    const levels = ff.marketLevel?.bidAskQuote ?? [];
    tick.bids = bookSide(levels, 'bid');
    tick.asks = bookSide(levels, 'ask');
    tick.volume = Number(ff.vtt ?? 0);
    tick.oi = ff.oi ?? 0;
    if (ff.atp) tick.atp = ff.atp;
    tick.totalBuyQty = ff.tbq ?? 0;
    tick.totalSellQty = ff.tsq ?? 0;
    if (ff.iv) tick.brokerIv = ff.iv;
    if (ff.optionGreeks) tick.brokerGreeks = greeks(ff.optionGreeks);
  } else if (feed.fullFeed?.indexFF) {
    const ix = feed.fullFeed.indexFF;
    if (ix.ltpc) applyLtpc(tick, ix.ltpc);
  } else if (feed.firstLevelWithGreeks) {
    const fl = feed.firstLevelWithGreeks;
    if (fl.ltpc) applyLtpc(tick, fl.ltpc);
    const levels = fl.firstDepth ? [fl.firstDepth] : [];
    tick.bids = bookSide(levels, 'bid');
    tick.asks = bookSide(levels, 'ask');
    tick.volume = Number(fl.vtt ?? 0);
    tick.oi = fl.oi ?? 0;
    if (fl.iv) tick.brokerIv = fl.iv;
    if (fl.optionGreeks) tick.brokerGreeks = greeks(fl.optionGreeks);
  } else {
    return null;
  }
  return tick;
}

// Number() before the truth test: protobufjs's prototype default for an absent int64 is a
// Long zero object (truthy), which made the old normaliser report exchangeTs 0 and ltq 0.
function applyLtpc(tick: Tick, l: LtpcLike): void {
  const ltt = Number(l.ltt ?? 0), ltq = Number(l.ltq ?? 0);
  if (l.ltp) tick.ltp = l.ltp;
  if (ltt) tick.exchangeTs = ltt;
  if (ltq) tick.ltq = ltq;
  if (l.cp) tick.prevClose = l.cp;
}

function bookSide(levels: readonly QuoteLike[], side: 'bid' | 'ask'): DepthLevel[] {
  const out: DepthLevel[] = [];
  for (const q of levels) {
    const price = side === 'bid' ? q.bidP : q.askP;
    if (!price) continue;
    out.push({ price, qty: Number((side === 'bid' ? q.bidQ : q.askQ) ?? 0) });
  }
  return out;
}

function greeks(g: GreeksLike): Greeks {
  return { delta: g.delta ?? 0, gamma: g.gamma ?? 0, theta: g.theta ?? 0, vega: g.vega ?? 0, rho: g.rho ?? 0 };
}

/** Tick order within a frame carries no meaning (protobufjs hands map keys back in JS object order). */
const byKey = (f: DecodedFrame) => ({ ...f, ticks: [...f.ticks].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) });

function assertSameAsReference(bytes: Uint8Array, receiveTs: number, what: string): DecodedFrame {
  const fast = decodeUpstoxFrame(bytes, receiveTs);
  assert.deepStrictEqual(byKey(fast), byKey(referenceDecode(bytes, receiveTs)), what);
  return fast;
}

// ---- Random valid FeedResponses, written by a reflection-driven encoder that shuffles
// field order, shuffles map entry key/value order and inserts unknown fields of every wire type.
type Rng = () => number;
const rngFrom = (seed: number): Rng => () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const maybe = <T>(r: Rng, p: number, v: () => T): T | undefined => (r() < p ? v() : undefined);

const root = protobuf.loadSync(new URL('../../proto/MarketDataFeedV3.proto', import.meta.url).pathname);
root.resolveAll();
const T = (name: string) => root.lookupType(`com.upstox.marketdatafeederv3udapi.rpc.proto.${name}`);
const WIRE: Record<string, number> = { double: 1, float: 5, string: 2, bytes: 2 };

function writeUnknown(w: protobuf.Writer, r: Rng, depth = 0): void {
  const id = pick(r, [17, 29, 100, 2047, 536870911]);
  switch (pick(r, [0, 1, 2, 5, 3])) {
    case 0: w.uint32((id << 3) | 0).int64(Math.floor(r() * 2 ** 60) * (r() < 0.2 ? -1 : 1)); break;
    case 1: w.uint32((id << 3) | 1).double(r()); break;
    case 2: w.uint32((id << 3) | 2).bytes(Uint8Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 256))); break;
    case 5: w.uint32((id << 3) | 5).fixed32(Math.floor(r() * 2 ** 32)); break;
    default:
      w.uint32(((id & 0xffff) << 3) | 3);
      if (depth < 3) writeUnknown(w, r, depth + 1);
      w.uint32(((id & 0xffff) << 3) | 4);
  }
}

function writeScalar(w: protobuf.Writer, type: string, v: unknown): void {
  if (type === 'double') w.double(v as number);
  else if (type === 'int64') w.int64(v as number);
  else if (type === 'string') w.string(v as string);
  else w.int32(v as number); // enums
}

function encodeShuffled(type: protobuf.Type, obj: Record<string, unknown>, r: Rng, w = protobuf.Writer.create()): protobuf.Writer {
  const writes: (() => void)[][] = []; // per field; a repeated field's items keep their order
  for (const field of type.fieldsArray) {
    const v = obj[field.name];
    if (v === undefined || v === null) continue;
    const sub = field.resolvedType instanceof protobuf.Type ? field.resolvedType : null;
    const group: (() => void)[] = [];
    writes.push(group);
    if (field instanceof protobuf.MapField) {
      for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
        group.push(() => {
          w.uint32((field.id << 3) | 2).fork();
          const parts = [() => w.uint32(10).string(k), () => {
            if (sub) { w.uint32(18).fork(); encodeShuffled(sub, val as Record<string, unknown>, r, w); w.ldelim(); }
            else { w.uint32(16); writeScalar(w, 'enum', val); }
          }];
          if (r() < 0.3) parts.reverse();
          for (const part of parts) part();
          w.ldelim();
        });
      }
    } else if (field.repeated) {
      for (const item of v as Record<string, unknown>[]) group.push(() => { w.uint32((field.id << 3) | 2).fork(); encodeShuffled(sub!, item, r, w); w.ldelim(); });
    } else if (sub) {
      group.push(() => { w.uint32((field.id << 3) | 2).fork(); encodeShuffled(sub, v as Record<string, unknown>, r, w); w.ldelim(); });
    } else {
      group.push(() => { w.uint32((field.id << 3) | (WIRE[field.type] ?? 0)); writeScalar(w, field.type, v); });
    }
  }
  if (r() < 0.6) { // unusual order: shuffle the fields
    for (let i = writes.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [writes[i], writes[j]] = [writes[j]!, writes[i]!];
    }
  }
  for (const write of writes.flat()) {
    if (r() < 0.1) writeUnknown(w, r);
    write();
  }
  if (r() < 0.15) writeUnknown(w, r);
  return w;
}

const price = (r: Rng) => (r() < 0.1 ? 0 : Math.round(r() * 50000) / 20);
const qty = (r: Rng) => (r() < 0.1 ? 0 : r() < 0.05 ? -Math.floor(r() * 1e6) : Math.floor(r() * 1e7));
const bigTs = (r: Rng) => pick(r, [0, 1795287957165 + Math.floor(r() * 1e6), 2 ** 53 - 1, Math.floor(r() * 2 ** 62), -Math.floor(r() * 2 ** 40)]);
const ltpc = (r: Rng) => ({ ltp: maybe(r, 0.9, () => price(r)), ltt: maybe(r, 0.9, () => bigTs(r)), ltq: maybe(r, 0.8, () => qty(r)), cp: maybe(r, 0.8, () => price(r)),
  iep: maybe(r, 0.2, () => ({ value: price(r) })) });
const quote = (r: Rng) => ({ bidQ: maybe(r, 0.9, () => qty(r)), bidP: maybe(r, 0.9, () => price(r)), askQ: maybe(r, 0.9, () => qty(r)), askP: maybe(r, 0.9, () => price(r)) });
const optionGreeks = (r: Rng) => ({ delta: maybe(r, 0.9, () => r() * 2 - 1), theta: maybe(r, 0.9, () => -r() * 20), gamma: maybe(r, 0.9, () => r() / 100),
  vega: maybe(r, 0.9, () => r() * 30), rho: maybe(r, 0.7, () => r() - 0.5) });
const ohlc = (r: Rng) => ({ marketOHLC: { ohlc: Array.from({ length: Math.floor(r() * 4) }, () => ({ interval: pick(r, ['1d', 'I1', 'I30']), open: price(r), high: price(r), low: price(r), close: price(r), vol: qty(r), ts: bigTs(r) })) } });

function randomFeed(r: Rng): Record<string, unknown> {
  const requestMode = maybe(r, 0.7, () => Math.floor(r() * 4));
  switch (Math.floor(r() * 5)) {
    case 0: return { requestMode, ltpc: ltpc(r) };
    case 1: return { requestMode, fullFeed: { marketFF: {
      ltpc: maybe(r, 0.95, () => ltpc(r)), marketLevel: maybe(r, 0.95, () => ({ bidAskQuote: Array.from({ length: Math.floor(r() * 7) }, () => quote(r)) })),
      optionGreeks: maybe(r, 0.8, () => optionGreeks(r)), ...maybe(r, 0.7, () => ohlc(r)),
      atp: maybe(r, 0.8, () => price(r)), vtt: maybe(r, 0.8, () => qty(r)), oi: maybe(r, 0.8, () => qty(r)), iv: maybe(r, 0.8, () => r() / 2),
      tbq: maybe(r, 0.8, () => qty(r)), tsq: maybe(r, 0.8, () => qty(r)), iep: maybe(r, 0.2, () => price(r)), rp: maybe(r, 0.2, () => price(r)),
      ieq: maybe(r, 0.2, () => qty(r)), iiqTotal: maybe(r, 0.2, () => qty(r)), casEligible: maybe(r, 0.2, () => r() < 0.5),
    } } };
    case 2: return { requestMode, fullFeed: { indexFF: { ltpc: maybe(r, 0.95, () => ltpc(r)), ...maybe(r, 0.7, () => ohlc(r)) } } };
    case 3: return { requestMode, firstLevelWithGreeks: {
      ltpc: maybe(r, 0.95, () => ltpc(r)), firstDepth: maybe(r, 0.9, () => quote(r)), optionGreeks: maybe(r, 0.8, () => optionGreeks(r)),
      vtt: maybe(r, 0.8, () => qty(r)), oi: maybe(r, 0.8, () => qty(r)), iv: maybe(r, 0.8, () => r() / 2),
    } };
    default: return { requestMode }; // no oneof member: no tick
  }
}

function randomFrame(r: Rng): Record<string, unknown> {
  const type = maybe(r, 0.8, () => pick(r, [0, 1, 1, 1, 2, 5]));
  const currentTs = maybe(r, 0.8, () => bigTs(r));
  if (type === 2) {
    const segmentStatus: Record<string, number> = {};
    for (const seg of ['NSE_FO', 'NSE_INDEX', 'BSE_FO', 'NSE_EQ', '']) if (r() < 0.6) segmentStatus[seg] = pick(r, [0, 1, 2, 3, 4, 5, 9, -1]);
    const status = () => ({ NSE_FO: { status: 'open', updatedTime: bigTs(r) } });
    return { type, currentTs, marketInfo: { segmentStatus, casMarketStatus: maybe(r, 0.5, status), preOpenSessionStatus: maybe(r, 0.5, status) } };
  }
  const feeds: Record<string, unknown> = {};
  const n = Math.floor(r() * 12);
  for (let i = 0; i < n; i++) feeds[pick(r, ['NSE_FO|', 'NSE_INDEX|Nifty ', 'BSE_FO|', 'NSE_FO|Ω', '']) + Math.floor(r() * 40)] = randomFeed(r);
  // a market_info payload in a feed frame, and feeds in a status frame, are ignored alike
  return { type, currentTs, feeds, marketInfo: maybe(r, 0.1, () => ({ segmentStatus: { NSE_FO: 2 } })) };
}

// ---- Real frames from the simulator: market_info, an initial_feed snapshot and live feeds.
let simFrames: Uint8Array[] = [];
before(async () => {
  const sim = await startSimulator({ rate: 4000, seed: 11 });
  try {
    const today = zonedDate(Date.now(), NSE_TIME_ZONE);
    const registry = await fetchUpstoxMaster(sim.instrumentsUrl, { underlyings: ['NIFTY'], today });
    const nifty = registry.underlying('NIFTY');
    const contracts = registry.strikes('NIFTY', registry.expiries('NIFTY', today)[0]!).slice(0, 10).flatMap((s) => [s.CE!, s.PE!]);
    const ws = new WebSocket(sim.feedUrl, { headers: { Authorization: `Bearer ${sim.token}` }, followRedirects: true });
    simFrames = await new Promise<Uint8Array[]>((resolve, reject) => {
      const frames: Uint8Array[] = [];
      ws.on('error', reject);
      ws.on('open', () => {
        const sub = (mode: string, keys: string[]) => ws.send(Buffer.from(JSON.stringify({ guid: mode, method: 'sub', data: { mode, instrumentKeys: keys } })), { binary: true });
        sub('full', [nifty.key, ...contracts.slice(0, 12).map((c) => c.key)]);
        sub('option_greeks', contracts.slice(12, 17).map((c) => c.key));
        sub('ltpc', contracts.slice(17).map((c) => c.key));
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) frames.push(new Uint8Array(data));
        if (frames.length >= 12) resolve(frames);
      });
    });
    ws.close();
  } finally {
    await sim.close();
  }
});
after(() => { simFrames = []; });

describe('Upstox V3 decoder', () => {
  it('normalises a full-mode option and an index', () => {
    const f = decodeUpstoxFrame(encode(fullOption), 1795287957200);
    assert.equal(f.kind, 'live_feed');
    assert.equal(f.ticks.length, 2);
    const o = f.ticks.find((t) => t.key === 'NSE_FO|45450')!;
    assert.equal(o.ltp, 123.45);
    assert.equal(o.ltq, 65);
    assert.equal(o.prevClose, 110.05);
    assert.equal(o.exchangeTs, 1795287957159);
    assert.equal(o.receiveTs, 1795287957200);
    assert.deepEqual(o.bids, [{ price: 123.4, qty: 650 }, { price: 123.35, qty: 1300 }]);
    assert.deepEqual(o.asks, [{ price: 123.5, qty: 130 }, { price: 123.55, qty: 195 }, { price: 123.6, qty: 65 }]);
    assert.equal(o.volume, 1234500);
    assert.equal(o.oi, 98765);
    assert.equal(o.brokerIv, 0.1423);
    assert.deepEqual(o.brokerGreeks, { delta: 0.52, theta: -12.1, gamma: 0.0011, vega: 9.8, rho: 1.2 });
    const ix = f.ticks.find((t) => t.key === 'NSE_INDEX|Nifty 50')!;
    assert.equal(ix.ltp, 26012.35);
    assert.equal(ix.bids, undefined);
  });

  it('a frame with no type on the wire is initial_feed; no requestMode is ltpc', () => {
    const bytes = encode({ feeds: { 'NSE_FO|1': { ltpc: { ltp: 5.5, ltt: 1795287957000 } } } });
    const f = decodeUpstoxFrame(bytes, 1);
    assert.equal(f.kind, 'initial_feed');
    assert.equal(f.ticks[0]!.ltp, 5.5);
    assert.equal(f.ticks[0]!.volume, undefined);
  });

  it('reads market_info segment status', () => {
    const f = decodeUpstoxFrame(encode({ type: 2, marketInfo: { segmentStatus: { NSE_FO: 2, NSE_INDEX: 3 } } }), 1);
    assert.equal(f.kind, 'market_info');
    assert.deepEqual(f.segments, { NSE_FO: 'NORMAL_OPEN', NSE_INDEX: 'NORMAL_CLOSE' });
  });

  it('option_greeks mode carries the first level, volume, OI and broker Greeks', () => {
    const f = decodeUpstoxFrame(encode({ type: 1, feeds: { 'NSE_FO|2': { requestMode: 2, firstLevelWithGreeks: {
      ltpc: { ltp: 12.3, ltt: 10 }, firstDepth: { bidQ: 75, bidP: 12.2, askQ: 150, askP: 12.4 },
      optionGreeks: { delta: 0.5, theta: -3, gamma: 0.001, vega: 5, rho: 0.1 }, vtt: 1000, oi: 5000, iv: 0.15,
    } } } }), 1);
    const t = f.ticks[0]!;
    assert.deepEqual([t.bids, t.asks, t.volume, t.oi, t.brokerIv], [[{ price: 12.2, qty: 75 }], [{ price: 12.4, qty: 150 }], 1000, 5000, 0.15]);
  });

  it('throws (to be counted) on truncated frames and random bytes, never hangs or crashes the process', () => {
    const good = encode(fullOption);
    let errors = 0, decoded = 0;
    for (let cut = 1; cut < good.length; cut++) {
      try { decodeUpstoxFrame(good.subarray(0, cut), 1); decoded++; } catch { errors++; }
    }
    assert.ok(errors > good.length / 2, `most truncations are errors (${errors} of ${good.length - 1})`);
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) & 0xff);
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from({ length: 1 + (i % 200) }, rnd);
      try { decodeUpstoxFrame(bytes, 1); decoded++; } catch (err) { assert.ok(err instanceof Error); errors++; }
    }
    assert.ok(errors + decoded === good.length - 1 + 2000);
  });

  it('matches protobufjs + the reference normaliser on random valid frames of every mode', () => {
    const r = rngFrom(20261121);
    const kinds = new Set<string>();
    let ticks = 0;
    for (let i = 0; i < 3000; i++) {
      const frame = randomFrame(r);
      const bytes = encodeShuffled(T('FeedResponse'), frame, r).finish();
      const receiveTs = 1795287957000 + i;
      const f = assertSameAsReference(bytes, receiveTs, `random frame #${i}: ${JSON.stringify(frame)}`);
      kinds.add(f.kind);
      ticks += f.ticks.length;
    }
    assert.deepEqual([...kinds].sort(), ['initial_feed', 'live_feed', 'market_info']);
    assert.ok(ticks > 10000, `exercised ${ticks} ticks`);
  });

  it('protobufjs-encoded frames (canonical order) agree too, including the same key twice in one frame', () => {
    const r = rngFrom(7);
    for (let i = 0; i < 500; i++) assertSameAsReference(UpstoxProto.FeedResponse.encode(randomFrame(r) as FeedResponseShape).finish(), i + 1, `canonical frame #${i}`);
    const one = encode({ type: 1, feeds: { 'NSE_FO|1': { ltpc: { ltp: 1 } }, 'NSE_FO|2': { ltpc: { ltp: 2 } } } });
    const again = encode({ feeds: { 'NSE_FO|1': { firstLevelWithGreeks: { ltpc: { ltp: 3 }, vtt: 9 } } } });
    const gone = encode({ feeds: { 'NSE_FO|2': {} } });
    const f = assertSameAsReference(Buffer.concat([one, again, gone]), 5, 'a later entry replaces the earlier one');
    assert.deepEqual(f.ticks.map((t) => [t.key, t.ltp, t.volume]), [['NSE_FO|1', 3, 9]]);
  });

  it('a flood of distinct keys is forgotten between frames, and keys still decode and dedupe after it', () => {
    for (let round = 0; round < 3; round++) {
      const feeds: Record<string, FeedShape> = {};
      for (let i = 0; i < 25000; i++) feeds[`FLOOD|${round}-${i}`] = { ltpc: { ltp: i + 1 } };
      assert.equal(decodeUpstoxFrame(encode({ feeds }), 1).ticks.length, 25000);
    }
    const one = encode({ feeds: { 'NSE_FO|1': { ltpc: { ltp: 1 } }, 'FLOOD|0-7': { ltpc: { ltp: 2 } } } });
    const f = assertSameAsReference(Buffer.concat([one, one, encode({ feeds: { 'NSE_FO|1': { ltpc: { ltp: 4 } } } })]), 5, 'after the flood');
    assert.deepEqual(f.ticks.map((t) => [t.key, t.ltp]), [['NSE_FO|1', 4], ['FLOOD|0-7', 2]]);
  });

  it('decodes real simulator frames exactly as protobufjs + the reference normaliser', () => {
    assert.ok(simFrames.length >= 12);
    const kinds = new Set<string>();
    for (const [i, bytes] of simFrames.entries()) kinds.add(assertSameAsReference(bytes, 1795287957000, `simulator frame #${i}`).kind);
    assert.ok(kinds.has('live_feed') || kinds.has('initial_feed'));
  });

  it('every truncation, and bit flips, of real frames give a result or a FeedDecodeError', () => {
    const frame = simFrames.reduce((a, b) => (b.length > a.length ? b : a));
    let errors = 0;
    const attempt = (bytes: Uint8Array) => {
      try { decodeUpstoxFrame(bytes, 1); } catch (err) { assert.ok(err instanceof FeedDecodeError, String(err)); errors++; }
    };
    for (let cut = 0; cut < frame.length; cut++) attempt(frame.subarray(0, cut));
    assert.ok(errors > frame.length * 0.9, `${errors} of ${frame.length} truncations rejected`);
    const r = rngFrom(99);
    for (let i = 0; i < 3000; i++) {
      const bytes = frame.slice();
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) bytes[Math.floor(r() * bytes.length)]! ^= 1 << Math.floor(r() * 8);
      attempt(bytes);
    }
    for (let i = 0; i < 3000; i++) attempt(Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256)));
  });

  it('rejects what protobuf forbids: field 0, wire types 6 and 7, stray end-group, runaway varints, groups nested too deep', () => {
    const cases: [string, number[]][] = [
      ['field 0', [0x00, 0x01]],
      ['wire type 6', [0x0e]],
      ['wire type 7', [0x0f]],
      ['stray end group', [0x0c]],
      ['11-byte varint', [0x08, ...Array(10).fill(0xff), 0x01]],
      ['length past the end', [0x12, 0x05, 0x0a, 0x01]],
      ['unterminated group', [0x7b, 0x08, 0x01]],
      ['mismatched end group', [0x7b, 0x84, 0x01]],
      ['groups nested too deep', [...Array(40).fill(0x7b), ...Array(40).fill(0x7c)]],
    ];
    for (const [what, bytes] of cases) assert.throws(() => decodeUpstoxFrame(Uint8Array.from(bytes), 1), FeedDecodeError, what);
    assert.deepEqual(decodeUpstoxFrame(Uint8Array.from([...Array(5).fill(0x7b), ...Array(5).fill(0x7c)]), 1).ticks, []);
  });
});

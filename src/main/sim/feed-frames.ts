// Writes simulated instrument states as Upstox V3 FeedResponse frames (protobuf, proto3), field by
// field from the state with a reused ProtoWriter (no message objects per tick):
// ltpc → Feed.ltpc; full → Feed.fullFeed.marketFF (options) / indexFF (indices);
// option_greeks → Feed.firstLevelWithGreeks. Zero scalars are omitted (proto3), so an initial_feed
// decodes with no `type` and an ltpc feed with no `requestMode`.
// Units: iv is a fraction (0.1423); theta per calendar day, vega per 1 vol point, rho per 1 % —
// the real V3 feed's units are unconfirmed (protocols.md §1.6).
// Field numbers: proto/MarketDataFeedV3.proto.
import { UpstoxProto, FrameType } from '../engine/feeds/upstox/proto.ts';
import type { FeedResponseShape } from '../engine/feeds/upstox/proto.ts';
import { bsm } from '../engine/pricing/greeks.ts';
import type { OptionValuation } from '../engine/pricing/greeks.ts';
import { KIND_INDEX } from './instrument-state.ts';
import type { InstrumentState } from './instrument-state.ts';
import { hashUnit } from './rng.ts';
import { RISK_FREE_RATE } from './universe.ts';
import { TICKS_PER_RUPEE } from './option-market.ts';
import { ProtoWriter } from './proto-writer.ts';

/** Subscription modes; the numbers equal the proto's RequestMode values. */
export const MODE_LTPC = 0;
export const MODE_FULL = 1;
export const MODE_OPTION_GREEKS = 2;
export const MODE_FULL_D30 = 3;
export const MODE_NAMES: Readonly<Record<string, number>> = { ltpc: MODE_LTPC, full: MODE_FULL, option_greeks: MODE_OPTION_GREEKS, full_d30: MODE_FULL_D30 };

/** Spot Greeks at the last requote (Black-Scholes-Merton with the yield implied by the series forward = Black-76 on it). */
export function greeksOf(s: InstrumentState, r = RISK_FREE_RATE): OptionValuation {
  if (s.greeksSeq !== s.seq || !s.greeks) {
    const q = r - Math.log(s.forward / s.spot) / s.years;
    s.greeks = bsm(s.isCall, s.spot, s.strike, s.years, s.sigma, r, q);
    s.greeksSeq = s.seq;
  }
  return s.greeks;
}

function writeLtpc(w: ProtoWriter, field: number, s: InstrumentState): void {
  const m = w.begin(field);
  w.double(1, s.ltp);
  w.uint(2, s.ltt);
  w.uint(3, s.ltq);
  w.double(4, s.cp);
  w.end(m);
}

function writeQuote(w: ProtoWriter, field: number, bidQ: number, bidP: number, askQ: number, askP: number): void {
  const m = w.begin(field);
  w.uint(1, bidQ);
  w.double(2, bidP);
  w.uint(3, askQ);
  w.double(4, askP);
  w.end(m);
}

function writeGreeks(w: ProtoWriter, field: number, s: InstrumentState): void {
  const g = greeksOf(s);
  const m = w.begin(field);
  w.double(1, g.delta);
  w.double(2, g.theta);
  w.double(3, g.gamma);
  w.double(4, g.vega);
  w.double(5, g.rho);
  w.end(m);
}

function writeCandle(w: ProtoWriter, interval: string, open: number, high: number, low: number, close: number, vol: number, ts: number): void {
  const m = w.begin(1);
  w.string(1, interval);
  w.double(2, open);
  w.double(3, high);
  w.double(4, low);
  w.double(5, close);
  w.uint(6, vol);
  w.uint(7, ts);
  w.end(m);
}

/** MarketOHLC: the 1d candle, then the previous and the current one-minute candles (I1). */
function writeOhlc(w: ProtoWriter, field: number, s: InstrumentState): void {
  const m = w.begin(field);
  writeCandle(w, '1d', s.dayOpen, s.dayHigh, s.dayLow, s.ltp, s.volume, s.dayStart);
  writeCandle(w, 'I1', s.prevMinOpen, s.prevMinHigh, s.prevMinLow, s.prevMinClose, s.prevMinVol, s.prevMinStart);
  writeCandle(w, 'I1', s.minOpen, s.minHigh, s.minLow, s.minClose, s.minVol, s.minStart);
  w.end(m);
}

/**
 * The simulated book of `s`, best first: level 0 is the state's best bid/ask, deeper levels are
 * derived deterministically from it (gaps of a few ticks, sizes in whole lots); a bid out of price
 * is 0/0. Every protocol the simulator speaks shows this same book.
 */
export function forEachDepthLevel(s: InstrumentState, levels: number, visit: (bidQ: number, bidP: number, askQ: number, askP: number) => void): void {
  visit(s.bidQ, s.bid, s.askQ, s.ask);
  const gap = Math.max(1, Math.round(((s.ask - s.bid) * TICKS_PER_RUPEE) / 2));
  let bidTicks = Math.round(s.bid * TICKS_PER_RUPEE);
  let askTicks = Math.round(s.ask * TICKS_PER_RUPEE);
  for (let i = 1; i < levels; i++) {
    bidTicks -= 1 + Math.floor(hashUnit(s.seq, i * 4) * gap);
    askTicks += 1 + Math.floor(hashUnit(s.seq, i * 4 + 1) * gap);
    const bidQ = bidTicks > 0 && s.bid > 0 ? s.lotSize * (1 + Math.floor(hashUnit(s.seq, i * 4 + 2) * s.depthLots * 1.5)) : 0;
    const askQ = s.lotSize * (1 + Math.floor(hashUnit(s.seq, i * 4 + 3) * s.depthLots * 1.5));
    visit(bidQ, bidQ > 0 ? bidTicks / TICKS_PER_RUPEE : 0, askQ, askTicks / TICKS_PER_RUPEE);
  }
}

/** MarketLevel with `levels` quotes of the simulated book (forEachDepthLevel). */
function writeDepth(w: ProtoWriter, field: number, s: InstrumentState, levels: number): void {
  const m = w.begin(field);
  forEachDepthLevel(s, levels, (bidQ, bidP, askQ, askP) => writeQuote(w, 1, bidQ, bidP, askQ, askP));
  w.end(m);
}

/** One Feed message (the value of a `feeds` map entry) for `s` in `mode`. */
function writeFeed(w: ProtoWriter, s: InstrumentState, mode: number): void {
  if (mode === MODE_LTPC) {
    writeLtpc(w, 1, s);
  } else if (s.kind === KIND_INDEX && mode === MODE_OPTION_GREEKS) {
    const fl = w.begin(3);
    writeLtpc(w, 1, s);
    w.end(fl);
  } else if (s.kind === KIND_INDEX) {
    const ff = w.begin(2);
    const ix = w.begin(2);
    writeLtpc(w, 1, s);
    writeOhlc(w, 2, s);
    w.end(ix);
    w.end(ff);
  } else if (mode === MODE_OPTION_GREEKS) {
    const fl = w.begin(3);
    writeLtpc(w, 1, s);
    writeQuote(w, 2, s.bidQ, s.bid, s.askQ, s.ask);
    writeGreeks(w, 3, s);
    w.uint(4, s.volume);
    w.double(5, s.oi);
    w.double(6, s.sigma);
    w.end(fl);
  } else {
    const ff = w.begin(2);
    const mf = w.begin(1);
    writeLtpc(w, 1, s);
    writeDepth(w, 2, s, mode === MODE_FULL_D30 ? 30 : 5);
    writeGreeks(w, 3, s);
    writeOhlc(w, 4, s);
    w.double(5, Math.round(s.atp * 100) / 100);
    w.uint(6, s.volume);
    w.double(7, s.oi);
    w.double(8, s.sigma);
    w.double(9, s.tbq);
    w.double(10, s.tsq);
    w.end(mf);
    w.end(ff);
  }
  w.uint(4, mode); // requestMode: full_d5 = 1, option_greeks = 2, full_d30 = 3; ltpc (0) omitted
}

/** Builds one FeedResponse (initial_feed or live_feed) at a time in a reused buffer. */
export class FeedFrameWriter {
  private readonly w = new ProtoWriter();
  private entries = 0;

  /** Starts a frame of `type` (FrameType.initial_feed = 0 is omitted on the wire). */
  begin(type: number): void {
    this.w.reset();
    this.entries = 0;
    this.w.uint(1, type);
  }

  /** Adds the `feeds` map entry for `s` in `mode`. */
  add(s: InstrumentState, mode: number): void {
    const entry = this.w.begin(2);
    this.w.string(1, s.key);
    const feed = this.w.begin(2);
    writeFeed(this.w, s, mode);
    this.w.end(feed);
    this.w.end(entry);
    this.entries++;
  }

  /** The frame's bytes, or null when no feed was added. */
  finish(currentTs: number): Uint8Array | null {
    if (this.entries === 0) return null;
    this.w.uint(3, currentTs);
    return this.w.finish();
  }
}

/** The market_info frame sent first on every connection: segment → MarketStatus (2 = NORMAL_OPEN). */
export function encodeMarketInfo(segmentStatus: Readonly<Record<string, number>>, currentTs: number): Uint8Array {
  const msg: FeedResponseShape = { type: FrameType.market_info, marketInfo: { segmentStatus: { ...segmentStatus } }, currentTs };
  return UpstoxProto.FeedResponse.encode(msg).finish();
}

// Turns simulated instrument states into Upstox V3 FeedResponse frames (protobuf, proto3):
// ltpc → Feed.ltpc; full → Feed.fullFeed.marketFF (options) / indexFF (indices);
// option_greeks → Feed.firstLevelWithGreeks. Zero-valued scalars are never set on the objects
// (proto3 omits them on the wire, so a decoded initial_feed has no `type`, an ltpc feed no `requestMode`).
// Units: iv is a fraction (0.1423); theta per calendar day, vega per 1 vol point, rho per 1 % —
// the real V3 feed's units are unconfirmed (protocols.md §1.6).
import { UpstoxProto, FrameType } from '../engine/feeds/upstox/proto.ts';
import type { FeedShape, FeedResponseShape } from '../engine/feeds/upstox/proto.ts';
import { bsm } from '../engine/pricing/greeks.ts';
import { KIND_INDEX } from './instrument-state.ts';
import type { InstrumentState } from './instrument-state.ts';
import { hashUnit } from './rng.ts';
import { RISK_FREE_RATE } from './universe.ts';
import { TICKS_PER_RUPEE } from './option-market.ts';

/** Subscription modes; the numbers equal the proto's RequestMode values. */
export const MODE_LTPC = 0;
export const MODE_FULL = 1;
export const MODE_OPTION_GREEKS = 2;
export const MODE_FULL_D30 = 3;
export const MODE_NAMES: Readonly<Record<string, number>> = { ltpc: MODE_LTPC, full: MODE_FULL, option_greeks: MODE_OPTION_GREEKS, full_d30: MODE_FULL_D30 };

type Obj = Record<string, unknown>;

/** Sets obj[key] = v only when v is non-zero (proto3 zero omission). */
function put(obj: Obj, key: string, v: number): void {
  if (v !== 0) obj[key] = v;
}

function ltpcOf(s: InstrumentState): Obj {
  const o: Obj = {};
  put(o, 'ltp', s.ltp);
  put(o, 'ltt', s.ltt);
  put(o, 'ltq', s.ltq);
  put(o, 'cp', s.cp);
  return o;
}

function candle(interval: string, open: number, high: number, low: number, close: number, vol: number, ts: number): Obj {
  const o: Obj = { interval };
  put(o, 'open', open);
  put(o, 'high', high);
  put(o, 'low', low);
  put(o, 'close', close);
  put(o, 'vol', vol);
  put(o, 'ts', ts);
  return o;
}

/** 1d candle, then the previous and the current one-minute candles (I1). */
function ohlcOf(s: InstrumentState): Obj {
  return {
    ohlc: [
      candle('1d', s.dayOpen, s.dayHigh, s.dayLow, s.ltp, s.volume, s.dayStart),
      candle('I1', s.prevMinOpen, s.prevMinHigh, s.prevMinLow, s.prevMinClose, s.prevMinVol, s.prevMinStart),
      candle('I1', s.minOpen, s.minHigh, s.minLow, s.minClose, s.minVol, s.minStart),
    ],
  };
}

/** Spot Greeks (Black-Scholes-Merton with the dividend yield implied by the series forward = Black-76 on that forward). */
function greeksOf(s: InstrumentState): Obj {
  if (s.greeksSeq !== s.seq || !s.greeks) {
    const q = RISK_FREE_RATE - Math.log(s.forward / s.spot) / s.years;
    s.greeks = bsm(s.isCall, s.spot, s.strike, s.years, s.sigma, RISK_FREE_RATE, q);
    s.greeksSeq = s.seq;
  }
  const g = s.greeks;
  const o: Obj = {};
  put(o, 'delta', g.delta);
  put(o, 'theta', g.theta);
  put(o, 'gamma', g.gamma);
  put(o, 'vega', g.vega);
  put(o, 'rho', g.rho);
  return o;
}

function quote(bidQ: number, bidP: number, askQ: number, askP: number): Obj {
  const o: Obj = {};
  put(o, 'bidQ', bidQ);
  put(o, 'bidP', bidP);
  put(o, 'askQ', askQ);
  put(o, 'askP', askP);
  return o;
}

/**
 * `levels` book levels: the best bid/ask from the state, deeper levels derived deterministically
 * from the state (gaps of a few ticks, sizes in whole lots); a side that runs out of price is empty.
 */
export function depthOf(s: InstrumentState, levels: number): Obj[] {
  const out: Obj[] = [quote(s.bidQ, s.bid, s.askQ, s.ask)];
  const gap = Math.max(1, Math.round(((s.ask - s.bid) * TICKS_PER_RUPEE) / 2));
  let bidTicks = Math.round(s.bid * TICKS_PER_RUPEE);
  let askTicks = Math.round(s.ask * TICKS_PER_RUPEE);
  for (let i = 1; i < levels; i++) {
    bidTicks -= 1 + Math.floor(hashUnit(s.seq, i * 4) * gap);
    askTicks += 1 + Math.floor(hashUnit(s.seq, i * 4 + 1) * gap);
    const bidQ = bidTicks > 0 && s.bid > 0 ? s.lotSize * (1 + Math.floor(hashUnit(s.seq, i * 4 + 2) * s.depthLots * 1.5)) : 0;
    const askQ = s.lotSize * (1 + Math.floor(hashUnit(s.seq, i * 4 + 3) * s.depthLots * 1.5));
    out.push(quote(bidQ, bidQ > 0 ? bidTicks / TICKS_PER_RUPEE : 0, askQ, askTicks / TICKS_PER_RUPEE));
  }
  return out;
}

/** One instrument's Feed in the given mode. */
export function feedOf(s: InstrumentState, mode: number): FeedShape {
  const f: Obj = {};
  if (mode === MODE_LTPC) {
    f.ltpc = ltpcOf(s);
    return f as FeedShape;
  }
  f.requestMode = mode;
  if (s.kind === KIND_INDEX) {
    if (mode === MODE_OPTION_GREEKS) f.firstLevelWithGreeks = { ltpc: ltpcOf(s) };
    else f.fullFeed = { indexFF: { ltpc: ltpcOf(s), marketOHLC: ohlcOf(s) } };
    return f as FeedShape;
  }
  if (mode === MODE_OPTION_GREEKS) {
    const g: Obj = { ltpc: ltpcOf(s), firstDepth: quote(s.bidQ, s.bid, s.askQ, s.ask), optionGreeks: greeksOf(s) };
    put(g, 'vtt', s.volume);
    put(g, 'oi', s.oi);
    put(g, 'iv', s.sigma);
    f.firstLevelWithGreeks = g;
    return f as FeedShape;
  }
  const m: Obj = {
    ltpc: ltpcOf(s),
    marketLevel: { bidAskQuote: depthOf(s, mode === MODE_FULL_D30 ? 30 : 5) },
    optionGreeks: greeksOf(s),
    marketOHLC: ohlcOf(s),
  };
  put(m, 'atp', Math.round(s.atp * 100) / 100);
  put(m, 'vtt', s.volume);
  put(m, 'oi', s.oi);
  put(m, 'iv', s.sigma);
  put(m, 'tbq', s.tbq);
  put(m, 'tsq', s.tsq);
  f.fullFeed = { marketFF: m };
  return f as FeedShape;
}

/** A FeedResponse of type initial_feed or live_feed carrying `feeds`. */
export function encodeFeedFrame(type: number, feeds: Record<string, FeedShape>, currentTs: number): Uint8Array {
  const msg: Obj = { feeds };
  put(msg, 'type', type);
  put(msg, 'currentTs', currentTs);
  return UpstoxProto.FeedResponse.encode(msg as FeedResponseShape).finish();
}

/** The market_info frame sent first on every connection: segment → MarketStatus (2 = NORMAL_OPEN). */
export function encodeMarketInfo(segmentStatus: Readonly<Record<string, number>>, currentTs: number): Uint8Array {
  const msg: Obj = { type: FrameType.market_info, marketInfo: { segmentStatus: { ...segmentStatus } } };
  put(msg, 'currentTs', currentTs);
  return UpstoxProto.FeedResponse.encode(msg as FeedResponseShape).finish();
}

// Upstox V3 FeedResponse → normalised Ticks. proto3 omits zero values, so a missing
// `type` is initial_feed and a missing `requestMode` is ltpc (protocols.md §1.6).
import type { DepthLevel, Greeks, Tick } from '../../../../shared/market.ts';
import { FrameType, MarketStatusName, UpstoxProto, type FeedShape } from './proto.ts';

export interface DecodedFrame {
  kind: 'initial_feed' | 'live_feed' | 'market_info';
  ticks: Tick[];
  /** Segment → status name, from market_info frames. */
  segments?: Record<string, string>;
  currentTs: number;
}

interface LtpcLike { ltp?: number | null; ltt?: number | null; ltq?: number | null; cp?: number | null }
interface QuoteLike { bidQ?: number | null; bidP?: number | null; askQ?: number | null; askP?: number | null }
interface GreeksLike { delta?: number | null; theta?: number | null; gamma?: number | null; vega?: number | null; rho?: number | null }

/** Decodes one binary frame. Throws on malformed protobuf; the caller counts and skips it. */
export function decodeUpstoxFrame(bytes: Uint8Array, receiveTs: number): DecodedFrame {
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
    const t = feedToTick(key, feeds[key]!, currentTs, receiveTs);
    if (t) ticks.push(t);
  }
  return { kind: type === FrameType.live_feed ? 'live_feed' : 'initial_feed', ticks, currentTs };
}

function feedToTick(key: string, feed: FeedShape, currentTs: number, receiveTs: number): Tick | null {
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

function applyLtpc(tick: Tick, l: LtpcLike): void {
  // ltp 0 means "no trade yet": leave it absent rather than report a zero premium.
  if (l.ltp) tick.ltp = l.ltp;
  if (l.ltt) tick.exchangeTs = Number(l.ltt);
  if (l.ltq) tick.ltq = Number(l.ltq);
  if (l.cp) tick.prevClose = l.cp;
}

/** Book levels with a price; an empty level (price 0) ends the side. */
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

// What a tick must look like before the engine takes it: the one check every feed's ticks pass
// at the adapter boundary (validated-feed.ts applies it). Pure: a tick and the feed clock in,
// a verdict out. Runtime: std.
//
// Per field:
//  - Core fields (ltp, book levels, ltq, volume, oi, exchange time) reject the WHOLE tick when
//    bad: a tick whose price or OI is garbage is a corrupt update, and keeping its other fields
//    would mix a broken update into a good quote.
//  - Side fields (prevClose, atp, total buy/sell qty, broker IV and Greeks) drop only THAT field
//    when bad: the price, book and OI the broker sent beside them are still worth showing.
//  - A crossed book (best bid above best ask) is kept and flagged (tick.crossed): it happens
//    for a moment in fast markets and auctions; pricing already ignores the mid of a crossed book.
import type { DepthLevel, Tick } from '../../../shared/market.ts';

export interface TickLimits {
  /** Highest price taken, in the venue's currency (above every listed instrument, index or premium). */
  maxPrice: number;
  /** Highest quantity, volume or open interest taken. */
  maxQuantity: number;
  /** Exchange time may run at most this far ahead of the feed clock (clock skew allowance). */
  maxFutureMs: number;
  /** Exchange time may lag the feed clock at most this much (an illiquid option's last trade). */
  maxAgeMs: number;
  /** Largest |Greek| and broker IV taken. */
  maxGreek: number;
}

export const TICK_LIMITS: Readonly<TickLimits> = Object.freeze({
  maxPrice: 10_000_000,
  maxQuantity: 1_000_000_000_000,
  maxFutureMs: 5 * 60_000,
  maxAgeMs: 31 * 24 * 3600_000,
  maxGreek: 1_000_000,
});

/** Why a whole tick was rejected. The names are the keys of FeedStatus.rejected. */
export type TickRejectReason =
  | 'unknown_instrument'
  | 'price_not_finite' | 'price_negative' | 'price_too_high'
  | 'quantity_not_integer' | 'quantity_negative' | 'quantity_too_high'
  | 'time_not_finite' | 'time_in_future' | 'time_stale';

/** Side fields that are dropped alone. The names are the keys of FeedStatus.fields_dropped. */
export type DroppableField = 'prev_close' | 'atp' | 'total_buy_qty' | 'total_sell_qty' | 'broker_iv' | 'broker_greeks' | 'fair_value';

export interface TickVerdict {
  /** Set: the tick must not be used at all. */
  reject: TickRejectReason | null;
  /** Which field and value made it so, for the log. */
  field: string | null;
  value: unknown;
  /** Side fields to delete before the tick is used. */
  drop: DroppableField[] | null;
  /** Best bid above best ask. */
  crossed: boolean;
}

type PriceProblem = 'price_not_finite' | 'price_negative' | 'price_too_high';
type QtyProblem = 'quantity_not_integer' | 'quantity_negative' | 'quantity_too_high';

function priceProblem(v: number, l: TickLimits): PriceProblem | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'price_not_finite';
  if (v < 0) return 'price_negative';
  if (v > l.maxPrice) return 'price_too_high';
  return null;
}

function qtyProblem(v: number, l: TickLimits): QtyProblem | null {
  if (typeof v !== 'number' || !Number.isInteger(v)) return 'quantity_not_integer';
  if (v < 0) return 'quantity_negative';
  if (v > l.maxQuantity) return 'quantity_too_high';
  return null;
}

function reject(reason: TickRejectReason, field: string, value: unknown): TickVerdict {
  return { reject: reason, field, value, drop: null, crossed: false };
}

function levelsProblem(levels: readonly DepthLevel[] | undefined, side: string, l: TickLimits): TickVerdict | null {
  if (levels === undefined) return null;
  if (!Array.isArray(levels)) return reject('price_not_finite', side, levels);
  for (let i = 0; i < levels.length; i++) {
    const lv = levels[i]!;
    const p = priceProblem(lv?.price, l);
    if (p) return reject(p, `${side}[${i}].price`, lv?.price);
    const q = qtyProblem(lv.qty, l);
    if (q) return reject(q, `${side}[${i}].qty`, lv.qty);
  }
  return null;
}

function greeksOk(t: Tick, l: TickLimits): boolean {
  const g = t.brokerGreeks!;
  if (typeof g !== 'object' || g === null) return false;
  for (const v of [g.delta, g.gamma, g.theta, g.vega, g.rho]) if (typeof v !== 'number' || !(Math.abs(v) <= l.maxGreek)) return false;
  return true;
}

/**
 * Checks one tick against `limits` with the feed clock at `now` (epoch ms). Returns null for a
 * clean tick (the common case allocates nothing), else what to do with it.
 */
export function checkTick(t: Tick, now: number, limits: TickLimits = TICK_LIMITS): TickVerdict | null {
  const ts = t.exchangeTs;
  if (typeof ts !== 'number' || !Number.isFinite(ts) || ts <= 0) return reject('time_not_finite', 'exchangeTs', ts);
  if (ts > now + limits.maxFutureMs) return reject('time_in_future', 'exchangeTs', ts);
  if (ts < now - limits.maxAgeMs) return reject('time_stale', 'exchangeTs', ts);
  if (t.ltp !== undefined) { const p = priceProblem(t.ltp, limits); if (p) return reject(p, 'ltp', t.ltp); }
  if (t.ltq !== undefined) { const q = qtyProblem(t.ltq, limits); if (q) return reject(q, 'ltq', t.ltq); }
  if (t.volume !== undefined) { const q = qtyProblem(t.volume, limits); if (q) return reject(q, 'volume', t.volume); }
  if (t.oi !== undefined) { const q = qtyProblem(t.oi, limits); if (q) return reject(q, 'oi', t.oi); }
  const book = levelsProblem(t.bids, 'bids', limits) ?? levelsProblem(t.asks, 'asks', limits);
  if (book) return book;

  let drop: DroppableField[] | null = null;
  const dropIf = (bad: boolean, field: DroppableField): void => { if (bad) (drop ??= []).push(field); };
  if (t.prevClose !== undefined) dropIf(priceProblem(t.prevClose, limits) !== null, 'prev_close');
  if (t.atp !== undefined) dropIf(priceProblem(t.atp, limits) !== null, 'atp');
  if (t.totalBuyQty !== undefined) dropIf(qtyProblem(t.totalBuyQty, limits) !== null, 'total_buy_qty');
  if (t.totalSellQty !== undefined) dropIf(qtyProblem(t.totalSellQty, limits) !== null, 'total_sell_qty');
  if (t.brokerIv !== undefined) dropIf(!(typeof t.brokerIv === 'number' && t.brokerIv >= 0 && t.brokerIv <= limits.maxGreek), 'broker_iv');
  if (t.brokerGreeks !== undefined) dropIf(!greeksOk(t, limits), 'broker_greeks');
  if (t.fairValue !== undefined) dropIf(priceProblem(t.fairValue, limits) !== null, 'fair_value');

  const bid = t.bids?.[0];
  const ask = t.asks?.[0];
  const crossed = bid !== undefined && ask !== undefined && bid.price > ask.price;
  if (drop === null && !crossed) return null;
  return { reject: null, field: null, value: undefined, drop, crossed };
}

const TICK_FIELD: Record<DroppableField, keyof Tick> = {
  prev_close: 'prevClose', atp: 'atp', total_buy_qty: 'totalBuyQty', total_sell_qty: 'totalSellQty', broker_iv: 'brokerIv', broker_greeks: 'brokerGreeks', fair_value: 'fairValue',
};

/** Applies a non-rejecting verdict to its tick: deletes the dropped side fields, flags a crossed book. */
export function applyVerdict(t: Tick, v: TickVerdict): void {
  if (v.drop) for (const f of v.drop) delete t[TICK_FIELD[f]];
  if (v.crossed) t.crossed = true;
}

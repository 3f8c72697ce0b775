// The order ticket's arithmetic (analysis only: nothing is sent to a broker): the average fill of
// N lots walking the visible depth, slippage against the mid, how much the shown depth fills, a
// liquidity score and a suggested limit price. Formulas: README "Order ticket". Runtime: std.
import type { DepthLevel } from '../../../shared/market.ts';
import type { TicketFigures, TicketSide } from '../../../shared/ticket.ts';

/** Liquidity score weights: spread, depth at the touch, depth within k ticks of the touch. */
export const SCORE_WEIGHTS = { spread: 0.4, touch: 0.3, depth: 0.3 } as const;
/** Suggested limit: mid ± this fraction of the spread (towards the far touch). */
export const LIMIT_FRACTION = 0.25;
/** "Depth within k ticks" of the liquidity score. */
export const DEPTH_K_TICKS = 5;

export interface Walk {
  filled: number;
  cost: number;
  vwap: number | null;
  levels: number;
  /** Price of the last level touched. */
  worst: number | null;
}

/** Takes `qty` from `levels` (best first) in order; what the shown depth cannot fill stays unfilled. */
export function walkBook(levels: readonly DepthLevel[], qty: number): Walk {
  let filled = 0, cost = 0, used = 0;
  let worst: number | null = null;
  for (const l of levels) {
    if (filled >= qty) break;
    if (!(l.qty > 0) || !(l.price > 0)) continue;
    const take = Math.min(l.qty, qty - filled);
    filled += take;
    cost += take * l.price;
    used++;
    worst = l.price;
  }
  return { filled, cost, vwap: filled > 0 ? cost / filled : null, levels: used, worst };
}

const roundTo = (x: number, tick: number): number => Math.round(Math.round(x / tick) * tick * 1e8) / 1e8;
const r = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d;

export interface TicketBook {
  bids: readonly DepthLevel[];
  asks: readonly DepthLevel[];
  crossed?: boolean;
}

/** Every figure of the ticket for `qty` units on `side`, or the reason a figure cannot be given. */
export function ticketFigures(side: TicketSide, qty: number, tickSize: number, book: TicketBook): TicketFigures {
  const bids = book.bids.filter((l) => l.qty > 0 && l.price > 0);
  const asks = book.asks.filter((l) => l.qty > 0 && l.price > 0);
  const far = side === 'buy' ? asks : bids;
  const bestBid = bids[0]?.price ?? null, bestAsk = asks[0]?.price ?? null;
  const twoSided = bestBid !== null && bestAsk !== null && bestAsk > bestBid && !book.crossed;
  const mid = twoSided ? (bestBid + bestAsk) / 2 : null;
  const spread = twoSided ? bestAsk - bestBid : null;
  const walk = walkBook(far, qty);
  let reason: string | null = null;
  if (!bids.length && !asks.length) reason = 'no book: no bid or ask has been received for this contract';
  else if (!far.length) reason = `no ${side === 'buy' ? 'asks' : 'bids'} on the book: nothing to ${side === 'buy' ? 'buy from' : 'sell to'}`;
  else if (book.crossed) reason = 'the book is crossed (best bid above best ask): no mid';
  else if (!twoSided) reason = `one-sided book (no ${bestBid === null ? 'bid' : 'ask'}): no mid, so no slippage or suggested limit`;
  let slippage: TicketFigures['slippage'] = null;
  if (mid !== null && walk.vwap !== null) {
    const perUnit = side === 'buy' ? walk.vwap - mid : mid - walk.vwap;
    slippage = { inr_per_unit: r(perUnit), inr_total: r(perUnit * walk.filled, 2), ticks: r(perUnit / tickSize, 2), bps: r((perUnit / mid) * 10_000, 2) };
  }
  // Liquidity score, 0..100 (README): 100 × (0.4·S + 0.3·T + 0.3·D).
  const spreadTicks = spread !== null ? spread / tickSize : null;
  const S = spreadTicks !== null ? Math.min(1, 1 / Math.max(1, Math.round(spreadTicks))) : 0;
  const touchQty = far[0]?.qty ?? 0;
  const T = qty > 0 ? Math.min(1, touchQty / qty) : 0;
  const edge = far[0] ? far[0].price + (side === 'buy' ? 1 : -1) * DEPTH_K_TICKS * tickSize : 0;
  const withinK = far.filter((l) => (side === 'buy' ? l.price <= edge + 1e-9 : l.price >= edge - 1e-9)).reduce((a, l) => a + l.qty, 0);
  const D = qty > 0 ? Math.min(1, withinK / qty) : 0;
  const score = Math.round(100 * (SCORE_WEIGHTS.spread * S + SCORE_WEIGHTS.touch * T + SCORE_WEIGHTS.depth * D));
  // Suggested limit: mid ± fraction × spread, to the tick, never through the far touch nor behind the near one.
  let limit: number | null = null;
  if (mid !== null && spread !== null) {
    const raw = side === 'buy' ? mid + LIMIT_FRACTION * spread : mid - LIMIT_FRACTION * spread;
    limit = Math.min(bestAsk!, Math.max(bestBid!, roundTo(raw, tickSize)));
  }
  return {
    side, qty, best_bid: bestBid, best_ask: bestAsk, mid: mid === null ? null : r(mid), spread: spread === null ? null : r(spread), spread_ticks: spreadTicks === null ? null : r(spreadTicks, 2),
    vwap: walk.vwap === null ? null : r(walk.vwap), filled_qty: walk.filled, fillable_share: qty > 0 ? r(walk.filled / qty) : 0, levels_used: walk.levels, worst_price: walk.worst,
    slippage,
    liquidity: { score, spread_component: r(S), touch_component: r(T), depth_component: r(D), depth_k_ticks: DEPTH_K_TICKS, depth_within_k: withinK },
    suggested_limit: limit,
    limit_fraction: LIMIT_FRACTION,
    reason,
  };
}

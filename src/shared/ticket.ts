// The order ticket (analysis only — no order is ever sent to a broker): what N lots of one
// contract would cost against the visible book, and paper execution into the positions book.
// Runtime: std.
import type { DepthLevel } from './market.ts';
import type { PositionView } from './alerts.ts';

export type TicketSide = 'buy' | 'sell';

export interface TicketRequest {
  /** Option symbol as the chain shows it, e.g. NIFTY23NOV2626000CE. */
  symbol: string;
  side: TicketSide;
  /** Whole lots, ≥ 1, at most the exchange's freeze quantity. */
  lots: number;
}

export interface TicketFigures {
  side: TicketSide;
  /** Order quantity in units (lots × lot size). */
  qty: number;
  best_bid: number | null;
  best_ask: number | null;
  mid: number | null;
  spread: number | null;
  spread_ticks: number | null;
  /** Average fill walking the visible depth on the far side (asks for a buy). */
  vwap: number | null;
  filled_qty: number;
  /** filled_qty ÷ qty (0..1). */
  fillable_share: number;
  levels_used: number;
  worst_price: number | null;
  /** VWAP against the mid, adverse positive: ₹ per unit, ₹ for the filled quantity, ticks, bps of the mid. */
  slippage: { inr_per_unit: number; inr_total: number; ticks: number; bps: number } | null;
  liquidity: { score: number; spread_component: number; touch_component: number; depth_component: number; depth_k_ticks: number; depth_within_k: number };
  /** mid ± limit_fraction × spread, rounded to the tick, within [best bid, best ask]. */
  suggested_limit: number | null;
  limit_fraction: number;
  /** Why a figure is missing (no book, empty side, one-sided, crossed); null when all are there. */
  reason: string | null;
}

export interface TicketView extends TicketFigures {
  symbol: string;
  instrument_key: string;
  lots: number;
  lot_size: number;
  tick_size: number;
  /** From the instrument master; null when the feed's master does not carry it. */
  freeze_qty: number | null;
  bids: DepthLevel[];
  asks: DepthLevel[];
  /** Depth levels the feed gives for this contract (30 with Upstox full_d30, which the ticket subscribes; 5 in full mode and from OpenAlgo; 1 from Massive). */
  depth_levels: number;
  /** Exchange time of the book, epoch ms (null: no tick yet). */
  book_time: number | null;
  /** Always true: the ticket never sends an order. */
  analysis_only: true;
}

export interface PaperFill {
  ticket: TicketView;
  /** The price the paper position was opened at (the ticket's VWAP). */
  price: number;
  position: PositionView;
}

export interface TicketMethods {
  /** The ticket's figures now; also subscribes the contract's depth for this client until ticket.close. */
  'ticket.quote': { req: TicketRequest; res: TicketView };
  /** Fills the whole quantity at the ticket's VWAP against the live book and opens a paper position. */
  'ticket.paper': { req: TicketRequest; res: PaperFill };
  'ticket.close': { req: Record<string, never>; res: Record<string, never> };
}

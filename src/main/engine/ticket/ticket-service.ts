// The order ticket in the running app (analysis only: no order is ever sent to a broker). A
// ticket reads the contract's book from MarketState, subscribes that contract's depth (Upstox
// `full`, 5 levels) for as long as a client has its ticket open, and paper-fills at the VWAP into
// the positions book (a position whose note starts "paper").
import type { OptionContract } from '../../../shared/market.ts';
import type { PaperFill, TicketRequest, TicketSide, TicketView } from '../../../shared/ticket.ts';
import { ApiError } from '../../../shared/api.ts';
import { alertsOf } from '../alerts/alert-service.ts';
import type { Engine } from '../engine.ts';
import { FieldError } from '../field-error.ts';
import type { FeedMode } from '../feeds/feed.ts';
import { ticketFigures } from './book-walk.ts';

export class TicketInputError extends FieldError {
  override name = 'TicketInputError';
}

/** Tickets open at once (over all clients); the oldest gives its depth subscription up first. */
const MAX_OPEN = 8;
const fmt = (n: number) => n.toLocaleString('en-IN');

/** Units for `lots` whole lots, refusing zero, fractions and more than the freeze quantity. */
export function checkLots(lots: unknown, lotSize: number, freezeQty: number | null): number {
  if (typeof lots !== 'number' || !Number.isFinite(lots)) throw new TicketInputError('lots', `must be a whole number of lots, got ${JSON.stringify(lots)}`);
  if (!Number.isInteger(lots)) throw new TicketInputError('lots', `must be a whole number of lots (lot size ${lotSize}), got ${lots}`);
  if (lots < 1) throw new TicketInputError('lots', `must be at least 1 lot, got ${lots}`);
  const qty = lots * lotSize;
  if (freezeQty !== null && qty > freezeQty) {
    throw new TicketInputError('lots', `${lots} lots = ${fmt(qty)} units is above the exchange's freeze quantity ${fmt(freezeQty)} units (${Math.floor(freezeQty / lotSize)} lots)`);
  }
  return qty;
}

const ticketsOn = new WeakMap<Engine, TicketService>();

export function ticketOf(engine: Engine): TicketService | null {
  return ticketsOn.get(engine) ?? null;
}

export class TicketService {
  readonly #engine: Engine;
  readonly #checkPlan: (wanted: ReadonlyMap<string, FeedMode>) => string | null;
  readonly #bySymbol = new Map<string, OptionContract>();
  /** client → the instrument key of its open ticket (insertion order = age). */
  readonly #open = new Map<string, string>();
  readonly #off: () => void;

  constructor(engine: Engine, checkPlan: (wanted: ReadonlyMap<string, FeedMode>) => string | null = () => null) {
    this.#engine = engine;
    this.#checkPlan = checkPlan;
    const reg = engine.registry;
    for (const u of reg.underlyings()) for (const e of reg.expiries(u.name)) for (const p of reg.strikes(u.name, e)) for (const c of [p.CE, p.PE]) if (c) this.#bySymbol.set(c.symbol.toUpperCase(), c);
    this.#off = engine.addSubscriptionSource((into) => { for (const key of this.#open.values()) into.set(key, 'depth'); });
    ticketsOn.set(engine, this);
  }

  #contract(symbol: unknown): OptionContract {
    const c = typeof symbol === 'string' ? this.#bySymbol.get(symbol.toUpperCase()) : undefined;
    if (!c) throw new TicketInputError('symbol', `unknown option symbol ${JSON.stringify(symbol)} (the chain's symbols, e.g. NIFTY23NOV2626000CE)`);
    return c;
  }

  /** The ticket now; the contract's depth stays subscribed for `client` until close() or another ticket. */
  quote(client: string, raw: unknown): TicketView {
    const req = (raw ?? {}) as Partial<TicketRequest>;
    const c = this.#contract(req.symbol);
    if (req.side !== 'buy' && req.side !== 'sell') throw new TicketInputError('side', `must be 'buy' or 'sell', got ${JSON.stringify(req.side)}`);
    const freeze = c.freezeQty ?? null;
    const qty = checkLots(req.lots, c.lotSize, freeze);
    this.#subscribe(client, c);
    const q = this.#engine.market.get(c.key);
    const figures = ticketFigures(req.side as TicketSide, qty, c.tickSize, { bids: q?.bids ?? [], asks: q?.asks ?? [], crossed: q?.crossed ?? false });
    if (!q) figures.reason = `no book: ${c.symbol} has not ticked yet (its depth is being subscribed)`;
    return {
      ...figures, symbol: c.symbol, instrument_key: c.key, lots: req.lots!, lot_size: c.lotSize, tick_size: c.tickSize, freeze_qty: freeze,
      bids: [...(q?.bids ?? [])], asks: [...(q?.asks ?? [])], depth_levels: Math.max(q?.bids.length ?? 0, q?.asks.length ?? 0), book_time: q?.exchangeTs ?? null,
      analysis_only: true,
    };
  }

  /** Fills the whole order at the ticket's VWAP and opens a paper position; refuses what the shown depth cannot fill. */
  paper(client: string, raw: unknown): PaperFill {
    const alerts = alertsOf(this.#engine);
    if (!alerts) throw new ApiError('unavailable', 'the positions book does not run in this host (a replay)');
    const t = this.quote(client, raw);
    if (t.vwap === null) throw new TicketInputError('symbol', `cannot paper-fill ${t.symbol}: ${t.reason}`);
    if (t.filled_qty < t.qty) throw new TicketInputError('lots', `the shown depth fills only ${fmt(t.filled_qty)} of ${fmt(t.qty)} units (${Math.floor(t.filled_qty / t.lot_size)} of ${t.lots} lots)`);
    const price = t.vwap;
    const note = `paper ${t.side} ${t.lots} lots at the ticket's VWAP ${price} (mid ${t.mid ?? '—'}, slippage ${t.slippage ? `${t.slippage.ticks} ticks` : '—'}); no order was sent`;
    const position = alerts.addPosition({ symbol: t.symbol, side: t.side === 'buy' ? 'long' : 'short', lots: t.lots, entry_price: price, note });
    return { ticket: t, price, position };
  }

  close(client: string): void {
    if (this.#open.delete(client)) this.#engine.refreshSubscriptions();
  }

  #subscribe(client: string, c: OptionContract): void {
    if (this.#open.get(client) === c.key) return;
    const plan = this.#engine.subscriptionPlan();
    if (plan.get(c.key) !== 'depth') {
      plan.set(c.key, 'depth');
      const problem = this.#checkPlan(plan);
      if (problem) throw new TicketInputError('symbol', `cannot subscribe the depth of ${c.symbol}: subscription plan refused: ${problem}`);
    }
    this.#open.delete(client);
    this.#open.set(client, c.key);
    while (this.#open.size > MAX_OPEN) this.#open.delete(this.#open.keys().next().value!);
    this.#engine.refreshSubscriptions();
  }

  stop(): void {
    this.#off();
  }
}

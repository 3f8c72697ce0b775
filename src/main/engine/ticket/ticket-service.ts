// The order ticket in the running app (analysis only: no order is ever sent to a broker). A
// ticket reads the contract's book from MarketState, subscribes that one contract in the deepest
// mode (depth30: Upstox full_d30, 30 levels; 'depth' when the plan has no room for it) for as
// long as a client has its ticket open — the contract then goes back to what the chains want —
// and paper-fills at the VWAP into the positions book (a position marked paper).
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
  /** client → its open ticket's instrument key and the mode asked for it (insertion order = age). */
  readonly #open = new Map<string, { key: string; mode: FeedMode }>();
  readonly #off: () => void;

  constructor(engine: Engine, checkPlan: (wanted: ReadonlyMap<string, FeedMode>) => string | null = () => null) {
    this.#engine = engine;
    this.#checkPlan = checkPlan;
    const reg = engine.registry;
    for (const u of reg.underlyings()) for (const e of reg.expiries(u.name)) for (const p of reg.strikes(u.name, e)) for (const c of [p.CE, p.PE]) if (c) this.#bySymbol.set(c.symbol.toUpperCase(), c);
    this.#off = engine.addSubscriptionSource((into) => {
      for (const { key, mode } of this.#open.values()) if (into.get(key) !== 'depth30') into.set(key, mode);
    });
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
    const position = alerts.addPosition({ symbol: t.symbol, side: t.side === 'buy' ? 'long' : 'short', lots: t.lots, entry_price: price, note, paper: true });
    return { ticket: t, price, position };
  }

  close(client: string): void {
    if (this.#open.delete(client)) this.#engine.refreshSubscriptions();
  }

  #subscribe(client: string, c: OptionContract): void {
    if (this.#open.get(client)?.key === c.key) return;
    const mode = this.#deepestMode(c);
    this.#open.delete(client);
    this.#open.set(client, { key: c.key, mode });
    while (this.#open.size > MAX_OPEN) this.#open.delete(this.#open.keys().next().value!);
    this.#engine.refreshSubscriptions();
  }

  /** depth30 when the venue's limits have room for it, else depth; refuses when neither fits. */
  #deepestMode(c: OptionContract): FeedMode {
    const plan = this.#engine.subscriptionPlan();
    const now = plan.get(c.key);
    if (now === 'depth30') return now;
    const deep = this.#checkPlan(new Map(plan).set(c.key, 'depth30'));
    if (!deep) return 'depth30';
    if (now === 'depth') return now;
    const problem = this.#checkPlan(new Map(plan).set(c.key, 'depth'));
    if (problem) throw new TicketInputError('symbol', `cannot subscribe the depth of ${c.symbol}: subscription plan refused: ${problem}`);
    return 'depth';
  }

  stop(): void {
    this.#off();
  }
}

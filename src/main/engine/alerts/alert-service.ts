// The alerts service in the running app: positions, rules and the alert log (alerts.db),
// evaluated on the engine's tick path. Rules are indexed by instrument key, so a tick costs
// only the rules of its instrument; a firing is written to SQLite and handed to the Notifiers
// and the hosts' push listeners off the tick path (setImmediate). It asks the engine to
// subscribe every instrument a rule or position watches (refused with the broker's message
// when that would go over its limits), and shows a rule stale when its instrument has not
// ticked for 60 s while the market is open, or feed_down while the feed is not connected.
import { join } from 'node:path';
import type {
  AlertLogEntry, AlertRule, AlertsSummary, BookTotals, ContractRef, CsvImportResult, PayoffResult, Position, PositionInput,
  PositionView, RuleInput, RuleState, RuleView,
} from '../../../shared/alerts.ts';
import { chainId } from '../../../shared/chain.ts';
import type { OptionContract } from '../../../shared/market.ts';
import { ApiError } from '../../../shared/api.ts';
import { BadRequestError, type Engine } from '../engine.ts';
import type { FeedMode } from '../feeds/feed.ts';
import { registryInstruments } from '../history/instruments.ts';
import type { Logger } from '../log.ts';
import type { Tick } from '../../../shared/market.ts';
import type { Quote } from '../market/market-state.ts';
import { splitCsv } from '../schedule/csv.ts';
import { ALERTS_DB, AlertStore, AlertStoreError, type StoredRule } from './alert-store-node.ts';
import { alertLogCsv } from './log-csv.ts';
import { evaluate, trailLevel, type Outcome } from './crossing.ts';
import { exitLevel, exitOp } from './levels.ts';
import type { AlertsTrayModel, Notifier } from './notifier.ts';
import { bookAt, bookAtExpiry, bookToday, expiryShape, nearestExpiryYears, payoffGrid, sampledShape, spansExpiries, type PayoffLeg } from './payoff.ts';
import { bookTotals, dayChange, legGreeks, legPnl, UNDERLYING_GREEKS, type UnitGreeks } from './pnl.ts';
import { midOf, RuleIndex, type RuleSink, type TickRule } from './rule-index.ts';
import { nextSessionClose } from './session-close.ts';
import { AlertInputError, parsePosition, parseRule } from './validate.ts';

export interface AlertServiceOptions {
  dataDir: string;
  engine: Engine;
  log?: Logger;
  now?: () => number;
  /** Whether the market of the feed is open now (stale rules only count then). Default: always. */
  isMarketOpen?: () => boolean;
  /** The session close a rule "expiring at the close" disarms at. Default: next 15:30 in the underlying's zone. */
  sessionClose?: (now: number, timeZone: string) => number;
  /** The broker's verdict on a subscription plan: null when it fits, else why not. Default: always fits. */
  checkPlan?: (wanted: ReadonlyMap<string, FeedMode>) => string | null;
  /** No tick for this long while the market is open → stale. Default 60,000. */
  staleMs?: number;
  /** Period of the timer that expires rules at the close. Default 1,000. */
  timerMs?: number;
}

/** An instrument the registry knows, as positions and rules name it. */
interface Instrument {
  key: string;
  symbol: string;
  underlying: string;
  lotSize: number;
  option: OptionContract | null;
}

/** A rule being watched: its stored form, its evaluation state and how it reads its value from a quote. */
interface Watched extends TickRule {
  rule: StoredRule;
  rt: TickRule;
  position: Position | null;
}

/** A firing as the tick path records it: the rule, the tick's time, the value, the level, the P&L then. */
interface Firing { w: Watched; time: number; price: number; level: number; pnl: number | null }

type AlertListener = (entry: AlertLogEntry) => void;
type SummaryListener = (summary: AlertsSummary) => void;

const attached = new WeakMap<Engine, AlertService>();

/** The alerts service running on `engine` (hosts find it here to route calls and pushes). */
export function alertsOf(engine: Engine): AlertService | null {
  return attached.get(engine) ?? null;
}

const newId = (prefix: string): string => `${prefix}_${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;

export class AlertService implements AlertsTrayModel {
  readonly file: string;
  readonly #engine: Engine;
  readonly #store: AlertStore | null;
  readonly #error: string | null;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #isOpen: () => boolean;
  readonly #sessionClose: (now: number, timeZone: string) => number;
  readonly #checkPlan: (wanted: ReadonlyMap<string, FeedMode>) => string | null;
  readonly #staleMs: number;
  readonly #instruments = new Map<string, Instrument>();
  readonly #positions = new Map<string, Position>();
  readonly #rules = new Map<string, Watched>();
  /** instrument key → armed rules evaluated on its ticks */
  readonly #index = new RuleIndex<Watched>();
  readonly #sink: RuleSink<Watched> = {
    outcome: (w, out, value, q, now) => this.#outcome(w, out, value, q.exchangeTs, now),
    moved: (w) => this.#changedState(w),
  };
  /** instrument key → armed rules and positions watching it (what the subscription source adds). */
  #watchedKeys = new Map<string, number>();
  /** chain id → armed IV rules on its options (evaluated when the chain's pricing result arrives). */
  #ivRules = new Map<string, Watched[]>();
  /** chain id → release of the hold keeping it open (and priced) for positions' Greeks and IV rules. */
  readonly #holds = new Map<string, () => void>();
  /** Chains that could not be held (an expiry no longer live): logged once. */
  readonly #holdFailed = new Set<string>();
  /** Firings on the tick path, made into log entries (message and all) by the flush, off it. */
  readonly #pending: Firing[] = [];
  readonly #changed = new Set<Watched>();
  #flushQueued = false;
  /** Rules that fired once or expired, taken out of the index off the tick path. */
  readonly #disarmed = new Set<Watched>();
  #sweepQueued = false;
  readonly #notifiers = new Set<Notifier>();
  readonly #alertListeners = new Set<AlertListener>();
  readonly #summaryListeners = new Set<SummaryListener>();
  readonly #focusListeners = new Set<AlertListener>();
  readonly #recent: AlertLogEntry[] = [];
  #paused = false;
  #unseen = false;
  readonly #startedAt: number;
  readonly #off: (() => void)[] = [];
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(options: AlertServiceOptions) {
    this.#engine = options.engine;
    this.#log = options.log ?? (() => {});
    this.#now = options.now ?? Date.now;
    this.#isOpen = options.isMarketOpen ?? (() => true);
    this.#sessionClose = options.sessionClose ?? ((now, zone) => nextSessionClose(now, zone, '15:30'));
    this.#checkPlan = options.checkPlan ?? (() => null);
    this.#staleMs = options.staleMs ?? 60_000;
    this.#startedAt = this.#now();
    this.file = join(options.dataDir, ALERTS_DB);
    const registry = options.engine.registry;
    for (const i of registryInstruments(registry)) {
      const option = registry.option(i.key) ?? null;
      const lotSize = option?.lotSize ?? registry.underlying(i.underlying!).lotSize;
      this.#instruments.set(i.symbol!.toUpperCase(), { key: i.key, symbol: i.symbol!, underlying: i.underlying!, lotSize, option });
    }
    let store: AlertStore | null = null;
    let error: string | null = null;
    try {
      store = new AlertStore(this.file);
    } catch (err) {
      if (!(err instanceof AlertStoreError)) throw err;
      error = err.message;
      this.#log('error', `alerts: ${error}`);
    }
    this.#store = store;
    this.#error = error;
    if (store) this.#load(store);
    this.#off.push(options.engine.onTicks((ticks) => this.onTicks(ticks)));
    this.#off.push(options.engine.onPriced((id) => this.#onPriced(id)));
    this.#off.push(options.engine.addSubscriptionSource((into) => this.#subscriptions(into)));
    this.#timer = setInterval(() => this.tick(), options.timerMs ?? 1000);
    this.#timer.unref?.();
    attached.set(options.engine, this);
  }

  /** Why the database could not be opened (positions and rules are unavailable), or null. */
  get error(): string | null {
    return this.#error;
  }

  #db(): AlertStore {
    if (!this.#store) throw new ApiError('unavailable', this.#error ?? 'alerts database not open');
    return this.#store;
  }

  #load(store: AlertStore): void {
    for (const p of store.positions()) this.#positions.set(p.id, p);
    for (const r of store.rules()) this.#rules.set(r.id, this.#watch(r));
    for (const e of store.log(5).reverse()) this.#recent.push(e);
    this.#reindex();
    this.#log('info', `alerts: ${this.#positions.size} positions, ${this.#rules.size} rules from ${this.file}`);
  }

  // ---- the tick path --------------------------------------------------------------------

  /** Evaluates the rules of each tick's instrument; called by the engine after MarketState took the ticks. */
  onTicks(ticks: readonly Tick[]): void {
    if (this.#index.size !== 0) this.#index.onTicks(ticks, this.#engine.market, this.#paused, this.#now, this.#sink);
  }

  /** IV rules of a chain whose pricing result (IV, Greeks) just arrived: each reads its option's new IV. */
  #onPriced(id: string): void {
    const list = this.#ivRules.get(id);
    if (list === undefined) return;
    let now = -1;
    for (let i = 0; i < list.length; i++) {
      const w = list[i]!;
      const iv = this.#engine.optionLeg(w.rule.instrument_key)?.leg.iv;
      if (iv == null || !Number.isFinite(iv)) continue;
      if (this.#paused) { w.prev = iv; continue; }
      if (now < 0) now = this.#now();
      const out = evaluate(w, iv, now);
      if (out !== 'none') this.#outcome(w, out, iv, now, now);
    }
  }

  /** Once a second: rules expiring at the session close. Public for tests. */
  tick(): void {
    const now = this.#now();
    for (const w of this.#rules.values()) {
      if (w.rt.armed && w.rt.expiresAt !== null && now >= w.rt.expiresAt) this.#outcome(w, evaluate(w.rt, w.rt.prev, now), NaN, now, now);
    }
  }

  #outcome(w: Watched, out: Outcome, value: number, time: number, now: number): void {
    const r = w.rule;
    r.armed = w.rt.armed;
    if (out === 'fired') {
      r.fired_count++;
      r.last_fired_at = now;
      const pnl = w.position ? this.#positionPnl(w.position) : null;
      this.#pending.push({ w, time, price: value, level: w.rt.level, pnl });
    } else if (out === 'expired') {
      this.#log('info', `alerts: rule ${r.id} on ${r.symbol} expired at the session close`);
    }
    this.#changedState(w);
    if (!w.rt.armed) this.#queueSweep(w);
  }

  #changedState(w: Watched): void {
    this.#changed.add(w);
    if (!this.#flushQueued) { this.#flushQueued = true; setImmediate(() => this.#flush()); }
  }

  #queueSweep(w: Watched): void {
    this.#disarmed.add(w);
    if (this.#sweepQueued) return;
    this.#sweepQueued = true;
    setImmediate(() => this.#sweep());
  }

  /**
   * Takes disarmed rules out of the index one by one (no rebuild: the other instruments' slots
   * and bands stay as they are) and releases what only they needed (subscription, chain).
   */
  #sweep(): void {
    this.#sweepQueued = false;
    let released = false;
    for (const w of this.#disarmed) {
      if (w.rt.armed || this.#rules.get(w.rule.id) !== w) continue;
      const key = w.rule.instrument_key;
      if (w.rule.field === 'iv') {
        const list = this.#ivRules.get(ivChain(this.#engine, key));
        const at = list ? list.indexOf(w) : -1;
        if (at >= 0) list!.splice(at, 1);
      } else {
        this.#index.remove(key, w);
      }
      const n = (this.#watchedKeys.get(key) ?? 1) - 1;
      if (n > 0) this.#watchedKeys.set(key, n);
      else { this.#watchedKeys.delete(key); released = true; }
    }
    this.#disarmed.clear();
    if (released) { this.#syncHolds(); this.#engine.refreshSubscriptions(); }
    this.#emitSummary();
  }

  /** Writes firings and rule states (one transaction), then tells notifiers and listeners. */
  #flush(): void {
    this.#flushQueued = false;
    const states = [...this.#changed].map((w) => { w.rule.level = w.rt.level; w.rule.best = w.rt.best === w.rt.best ? w.rt.best : null; return w.rule; });
    const entries = this.#pending.splice(0).map(({ w, time, price, level, pnl }): Omit<AlertLogEntry, 'id'> => {
      const r = w.rule;
      return {
        rule_id: r.id, symbol: r.symbol, instrument_key: r.instrument_key, field: r.field, op: r.op, kind: r.kind,
        time, price, level, pnl, position_id: r.position_id, message: describeFiring(r, price, level, w.position),
      };
    });
    this.#changed.clear();
    let ids: number[];
    try {
      ids = this.#store ? this.#store.record(states, entries) : entries.map(() => 0);
    } catch (err) {
      this.#log('error', `alerts: cannot write ${entries.length} firings to ${this.file}: ${(err as Error).message}`);
      ids = entries.map(() => 0);
    }
    entries.forEach((e, i) => this.#deliver({ id: ids[i]!, ...e }));
  }

  #deliver(entry: AlertLogEntry): void {
    this.#recent.push(entry);
    if (this.#recent.length > 5) this.#recent.shift();
    this.#unseen = true;
    this.#log('info', `alert: ${entry.message}`);
    const rule = this.#rules.get(entry.rule_id)?.rule;
    for (const n of this.#notifiers) {
      try { if (rule) n.notify(entry, rule); } catch (err) { this.#log('error', `alerts: notifier failed for rule ${entry.rule_id}: ${(err as Error).message}`); }
    }
    for (const l of this.#alertListeners) {
      try { l(entry); } catch (err) { this.#log('error', `alerts: listener failed: ${(err as Error).message}`); }
    }
    this.#emitSummary();
  }

  // ---- indexing and subscriptions ------------------------------------------------------

  #instrument(symbol: string): Instrument {
    const s = symbol.trim();
    const hit = this.#instruments.get(s.toUpperCase()) ?? [...this.#instruments.values()].find((i) => i.key === s);
    if (!hit) throw new AlertInputError('symbol', `unknown symbol '${s}': not an instrument of the loaded master (an option symbol as the chain shows it, e.g. ${this.#example()}, or an underlying: ${this.#engine.registry.underlyings().map((u) => u.name).join(', ')})`);
    return hit;
  }

  #example(): string {
    for (const i of this.#instruments.values()) if (i.option) return i.symbol;
    return 'NIFTY';
  }

  #watch(rule: StoredRule): Watched {
    const position = rule.position_id ? this.#positions.get(rule.position_id) ?? null : null;
    const field = rule.field;
    // One object per rule: its evaluation state (RuleRuntime) beside what the tick path reads, so
    // a tick touches one object per rule (`rt` is the object itself).
    const w = {
      op: rule.op, level: rule.level, repeat: rule.repeat, cooldownMs: rule.cooldown_ms, armed: rule.armed, expiresAt: rule.expires_at,
      prev: NaN, lastFiredAt: rule.last_fired_at, trail: rule.trail, best: rule.best ?? NaN,
      source: field === 'ltp' || field === 'underlying' ? 'ltp' as const : field === 'mid' ? 'mid' as const : 'quote' as const,
      rule, read: reader(rule, position), position, rt: null as unknown as TickRule,
    };
    w.rt = w;
    return w;
  }

  /**
   * A rule made now starts from its instrument's value now (when the market has one), not from
   * the next tick: a gap through the level on that very tick fires.
   */
  #fromNow(w: Watched): Watched {
    const key = w.rule.instrument_key;
    let v = NaN;
    if (w.rule.field === 'iv') v = this.#engine.optionLeg(key)?.leg.iv ?? NaN;
    else { const q = this.#engine.market.get(key); if (q) v = w.read(q); }
    if (Number.isFinite(v)) w.prev = v;
    return w;
  }

  #reindex(): void {
    const index = this.#index;
    index.clear();
    this.#disarmed.clear(); // the rebuild below leaves them out already
    const iv = new Map<string, Watched[]>();
    for (const w of this.#rules.values()) {
      if (!w.rt.armed) continue;
      if (w.rule.field === 'iv') pushTo(iv, ivChain(this.#engine, w.rule.instrument_key), w);
      else index.add(w.rule.instrument_key, w);
    }
    const keys = new Map<string, number>();
    for (const p of this.#positions.values()) keys.set(p.instrument_key, (keys.get(p.instrument_key) ?? 0) + 1);
    for (const w of this.#rules.values()) if (w.rt.armed) keys.set(w.rule.instrument_key, (keys.get(w.rule.instrument_key) ?? 0) + 1);
    this.#ivRules = iv;
    this.#watchedKeys = keys;
    this.#syncHolds();
    this.#engine.refreshSubscriptions();
  }

  /**
   * Holds open the chain of every option position (its Greeks) and of every armed IV rule (its
   * IV), and releases the chains nothing needs any more, so a chain opened only for a deleted
   * position or rule closes (and is unsubscribed) like one nobody watches.
   */
  #syncHolds(): void {
    const wanted = new Map<string, OptionContract>();
    const need = (key: string) => { const o = this.#engine.registry.option(key); if (o) wanted.set(chainId(o.underlying, o.expiry), o); };
    for (const p of this.#positions.values()) need(p.instrument_key);
    for (const id of this.#ivRules.keys()) if (this.#ivRules.get(id)!.length) wanted.set(id, this.#engine.registry.option(this.#ivRules.get(id)![0]!.rule.instrument_key)!);
    for (const [id, o] of wanted) {
      if (this.#holds.has(id) || this.#holdFailed.has(id)) continue;
      try {
        this.#holds.set(id, this.#engine.holdChain(o.underlying, o.expiry));
      } catch (err) {
        this.#holdFailed.add(id);
        this.#log('warn', `alerts: no Greeks or IV for ${o.symbol}: ${(err as Error).message}`);
      }
    }
    for (const [id, release] of this.#holds) if (!wanted.has(id)) { this.#holds.delete(id); release(); }
  }

  /** The instruments armed rules and positions watch (in the lightest mode with the touch, unless a chain asks more). */
  #subscriptions(into: Map<string, FeedMode>): void {
    for (const key of this.#watchedKeys.keys()) if (!into.has(key)) into.set(key, 'quote');
  }

  /** Refuses a new instrument when the broker would refuse the plan with it; true when the plan must grow. */
  #checkRoom(key: string, symbol: string): boolean {
    if (this.#watchedKeys.has(key)) return false;
    const plan = this.#engine.subscriptionPlan();
    if (plan.has(key)) return false;
    plan.set(key, 'quote');
    const problem = this.#checkPlan(plan);
    if (problem) throw new AlertInputError('symbol', `cannot watch ${symbol}: subscription plan refused: ${problem}`);
    return true;
  }

  // ---- positions ------------------------------------------------------------------------

  #positionFrom(input: PositionInput, id: string, createdAt: number): Position {
    const inst = this.#instrument(input.symbol);
    return {
      id, symbol: inst.symbol, instrument_key: inst.key, side: input.side, lots: input.lots, lot_size: inst.lotSize,
      entry_price: input.entry_price, note: input.note ?? '', paper: input.paper ?? false, stop_loss: input.stop_loss ?? null, target: input.target ?? null,
      trailing_stop: input.trailing_stop ?? null, created_at: createdAt,
    };
  }

  /** The position's SL / target / trailing-stop rules on its premium (LTP). */
  #exitRules(p: Position, now: number): StoredRule[] {
    const out: StoredRule[] = [];
    const base = { symbol: p.symbol, instrument_key: p.instrument_key, field: 'ltp' as const, repeat: false, cooldown_ms: 0, expires_at: null,
      position_id: p.id, pnl_unit: 'inr' as const, note: '', armed: true, created_at: now, fired_count: 0, last_fired_at: null, trail: null, best: null };
    if (p.stop_loss) out.push({ ...base, id: newId('r'), kind: 'stop_loss', op: exitOp('stop_loss', p.side), level: exitLevel('stop_loss', p.side, p.entry_price, p.stop_loss) });
    if (p.target) out.push({ ...base, id: newId('r'), kind: 'target', op: exitOp('target', p.side), level: exitLevel('target', p.side, p.entry_price, p.target) });
    if (p.trailing_stop) {
      const ltp = this.#engine.market.get(p.instrument_key)?.ltp ?? null;
      const op = exitOp('trailing_stop', p.side);
      // Best since creation: the entry, or the price now when it is already better.
      const best = ltp === null ? p.entry_price : op === 'below' ? Math.max(ltp, p.entry_price) : Math.min(ltp, p.entry_price);
      out.push({ ...base, id: newId('r'), kind: 'trailing_stop', op, level: trailLevel(op, best, p.trailing_stop), trail: p.trailing_stop, best });
    }
    return out;
  }

  #replaceRulesOf(positionId: string, rules: readonly StoredRule[]): void {
    for (const [id, w] of this.#rules) if (w.rule.position_id === positionId && w.rule.kind !== 'level') this.#rules.delete(id);
    for (const r of rules) this.#rules.set(r.id, this.#watchExit(r, this.#positions.get(positionId)!));
  }

  /**
   * A new exit rule starts from the entry price, not from the next tick: a stop or target the
   * price has already gone through since the entry fires on the first tick.
   */
  #watchExit(rule: StoredRule, p: Position): Watched {
    const w = this.#watch(rule);
    if (rule.kind !== 'trailing_stop') w.prev = p.entry_price;
    return w;
  }

  addPosition(raw: unknown): PositionView {
    const store = this.#db();
    const input = parsePosition(raw);
    const now = this.#now();
    const p = this.#positionFrom(input, newId('p'), now);
    this.#checkRoom(p.instrument_key, p.symbol);
    const rules = this.#exitRules(p, now);
    store.savePosition(p, rules, true);
    this.#positions.set(p.id, p);
    this.#replaceRulesOf(p.id, rules);
    this.#changedRules();
    return this.#view(p);
  }

  updatePosition(raw: unknown): PositionView {
    const store = this.#db();
    const id = (raw as { id?: unknown } | null)?.id;
    const old = typeof id === 'string' ? this.#positions.get(id) : undefined;
    if (!old) throw new BadRequestError(`no position '${String(id)}'`);
    const { id: _id, ...rest } = raw as Record<string, unknown>;
    const input = parsePosition(rest, { symbol: old.symbol, side: old.side, lots: old.lots, entry_price: old.entry_price, note: old.note, paper: old.paper, stop_loss: old.stop_loss, target: old.target, trailing_stop: old.trailing_stop });
    const p = this.#positionFrom(input, old.id, old.created_at);
    if (p.instrument_key !== old.instrument_key) this.#checkRoom(p.instrument_key, p.symbol);
    const rules = this.#exitRules(p, this.#now());
    // Level rules of the position (e.g. on its P&L) are kept; the exits are rebuilt.
    const keep = [...this.#rules.values()].filter((w) => w.rule.position_id === p.id && w.rule.kind === 'level').map((w) => w.rule);
    store.savePosition(p, [...keep, ...rules], false);
    this.#positions.set(p.id, p);
    this.#replaceRulesOf(p.id, rules);
    for (const r of keep) this.#rules.set(r.id, this.#watch(r));
    this.#changedRules();
    return this.#view(p);
  }

  removePosition(id: unknown): void {
    const store = this.#db();
    if (typeof id !== 'string' || !this.#positions.has(id)) throw new BadRequestError(`no position '${String(id)}'`);
    store.removePosition(id);
    this.#positions.delete(id);
    for (const [rid, w] of this.#rules) if (w.rule.position_id === id) this.#rules.delete(rid);
    this.#changedRules();
  }

  /** CSV with a header naming symbol, side, lots, entry_price (note, stop_loss, target optional): all lines or none. */
  importCsv(csv: unknown): CsvImportResult {
    const store = this.#db();
    if (typeof csv !== 'string') throw new AlertInputError('csv', 'must be the CSV text');
    const rows = splitCsv(csv);
    const header = rows.shift();
    if (!header) return { imported: 0, errors: [{ line: 1, message: 'empty file: expected a header row symbol,side,lots,entry_price[,note,stop_loss,target]' }] };
    const cols = header.cells.map((c) => c.toLowerCase().replace(/\s+/g, '_'));
    const missing = ['symbol', 'side', 'lots', 'entry_price'].filter((c) => !cols.includes(c));
    if (missing.length) return { imported: 0, errors: [{ line: header.line, message: `header lacks ${missing.join(', ')} (got ${header.cells.join(', ')})` }] };
    const errors: CsvImportResult['errors'] = [];
    const items: { position: Position; rules: StoredRule[] }[] = [];
    const now = this.#now();
    const newKeys = new Set<string>();
    for (const row of rows) {
      const cell = (name: string) => row.cells[cols.indexOf(name)] ?? '';
      const number = (name: string) => { const c = cell(name); return c === '' ? undefined : Number.isFinite(Number(c)) ? Number(c) : c; };
      try {
        const input = parsePosition({
          symbol: cell('symbol'), side: cell('side').toLowerCase(), lots: number('lots'), entry_price: number('entry_price'),
          ...(cols.includes('note') && { note: cell('note') }),
          ...(number('stop_loss') !== undefined && { stop_loss: number('stop_loss') }),
          ...(number('target') !== undefined && { target: number('target') }),
        });
        const p = this.#positionFrom(input, newId('p'), now);
        newKeys.add(p.instrument_key);
        items.push({ position: p, rules: this.#exitRules(p, now) });
      } catch (err) {
        errors.push({ line: row.line, message: (err as Error).message });
      }
    }
    if (!errors.length && newKeys.size) {
      const plan = this.#engine.subscriptionPlan();
      for (const k of newKeys) if (!plan.has(k)) plan.set(k, 'quote');
      const problem = this.#checkPlan(plan);
      if (problem) errors.push({ line: header.line, message: `subscription plan refused: ${problem}` });
    }
    if (errors.length) return { imported: 0, errors };
    store.addPositions(items);
    for (const { position, rules } of items) {
      this.#positions.set(position.id, position);
      for (const r of rules) this.#rules.set(r.id, this.#watchExit(r, position));
    }
    this.#changedRules();
    return { imported: items.length, errors: [] };
  }

  /** Every position, or only the paper (true) or the real (false) ones. */
  positions(paper?: boolean): PositionView[] {
    this.#db();
    const all = [...this.#positions.values()];
    return (paper === undefined ? all : all.filter((p) => p.paper === paper)).map((p) => this.#view(p));
  }

  book(ids?: readonly string[]): { positions: PositionView[]; totals: BookTotals } {
    const views = this.#select(ids).map((p) => this.#view(p));
    const legs = views.map((v) => ({
      id: v.symbol, pnl: v.pnl, dayChange: v.day_change,
      greeks: v.delta === null ? null : { delta: v.delta, gamma: v.gamma ?? 0, theta: v.theta ?? 0, vega: v.vega ?? 0 },
    }));
    return { positions: views, totals: bookTotals(legs) };
  }

  #select(ids?: readonly string[]): Position[] {
    this.#db();
    if (!ids?.length) return [...this.#positions.values()];
    return ids.map((id) => {
      const p = this.#positions.get(id);
      if (!p) throw new BadRequestError(`no position '${id}'`);
      return p;
    });
  }

  #positionPnl(p: Position): number | null {
    const ltp = this.#engine.market.get(p.instrument_key)?.ltp;
    return ltp == null ? null : legPnl({ side: p.side, lots: p.lots, lotSize: p.lot_size, entry: p.entry_price }, ltp).pnl;
  }

  #view(p: Position): PositionView {
    const q = this.#engine.market.get(p.instrument_key);
    const leg = { side: p.side, lots: p.lots, lotSize: p.lot_size, entry: p.entry_price };
    const ltp = q?.ltp ?? null;
    const pnl = ltp === null ? null : legPnl(leg, ltp);
    let unit: UnitGreeks | null = null;
    let iv: number | null = null;
    if (this.#engine.registry.option(p.instrument_key)) {
      const l = this.#engine.optionLeg(p.instrument_key)?.leg;
      if (l && l.delta !== null && l.gamma !== null && l.theta !== null && l.vega !== null) unit = { delta: l.delta, gamma: l.gamma, theta: l.theta, vega: l.vega };
      iv = l?.iv ?? null;
    } else {
      unit = UNDERLYING_GREEKS;
    }
    const g = unit ? legGreeks(leg, unit) : null;
    return {
      ...p, ltp, pnl: pnl?.pnl ?? null, pnl_points: pnl?.points ?? null, pnl_percent: pnl?.percent ?? null,
      day_change: ltp !== null && q?.prevClose != null ? dayChange(leg, ltp, q.prevClose) : null,
      delta: g?.delta ?? null, gamma: g?.gamma ?? null, theta: g?.theta ?? null, vega: g?.vega ?? null, iv,
    };
  }

  /**
   * Payoff of the book (or the selected positions) on one underlying — `underlying`, or the
   * first one of the selection — at its nearest expiry and today, each leg priced with its own
   * expiry's time, forward and IV. `underlyings` lists every underlying of the selection (the
   * panel's selector).
   */
  payoff(ids?: readonly string[], underlying?: unknown): PayoffResult {
    const selected = this.#select(ids);
    if (!selected.length) throw new BadRequestError('no positions to draw a payoff for');
    const nameOf = (p: Position) => this.#engine.registry.underlyingOfKey(p.instrument_key)!;
    const underlyings = [...new Set(selected.map(nameOf))].sort();
    if (underlying !== undefined && (typeof underlying !== 'string' || !underlyings.includes(underlying))) {
      throw new AlertInputError('underlying', `no position on ${JSON.stringify(underlying)} in the selection; its underlyings: ${underlyings.join(', ')}`);
    }
    const u = this.#engine.registry.underlying((underlying as string | undefined) ?? underlyings[0]!);
    const positions = selected.filter((p) => nameOf(p) === u.name);
    const spot = this.#engine.market.get(u.key)?.ltp ?? null;
    const noIv: string[] = [];
    let rate = 0;
    let nearest: string | null = null;
    const legs: PayoffLeg[] = positions.map((p) => {
      const o = this.#engine.registry.option(p.instrument_key);
      const units = p.lots * p.lot_size;
      if (!o) return { type: 'FUT', strike: 0, side: p.side, units, entry: p.entry_price, iv: null, years: 0 };
      if (nearest === null || o.expiry < nearest) nearest = o.expiry;
      const found = this.#engine.optionLeg(p.instrument_key);
      const pricing = found?.pricing;
      if (pricing) rate = pricing.rate;
      const iv = found?.leg.iv ?? null;
      if (iv === null) noIv.push(p.symbol);
      return { type: o.side, strike: o.strike, side: p.side, units, entry: p.entry_price, iv, years: pricing?.years ?? 0, basis: pricing?.basis ?? 1 };
    });
    const today = { basis: 1, rate };
    const sampled = spansExpiries(legs);
    const horizon = nearestExpiryYears(legs);
    const points = payoffGrid(legs, spot).map((price) => ({
      price, expiry: sampled ? bookAt(legs, price, horizon, today) : bookAtExpiry(legs, price), today: bookToday(legs, price, today),
    }));
    const shape = sampled ? sampledShape(points.map((x) => x.price), points.map((x) => x.expiry)) : expiryShape(legs);
    return {
      underlying: u.name, underlyings, expiry: nearest, sampled, spot, points,
      breakevens: shape.breakevens, max_profit: shape.maxProfit, max_loss: shape.maxLoss, no_iv: noIv,
    };
  }

  // ---- rules ----------------------------------------------------------------------------

  #ruleFrom(input: RuleInput, id: string, now: number, old?: StoredRule): StoredRule {
    const inst = this.#instrument(input.symbol);
    let key = inst.key;
    if (input.field === 'underlying') key = this.#engine.registry.underlying(inst.underlying).key;
    if (input.field === 'iv' && !inst.option) throw new AlertInputError('field', `'iv' needs an option; ${inst.symbol} is an underlying`);
    if (input.field === 'mid' && !inst.option) throw new AlertInputError('field', `'mid' needs a quoted option; use 'ltp' for ${inst.symbol}`);
    const positionId: string | null = input.position_id ?? null;
    if (positionId !== null) {
      const p = this.#positions.get(positionId);
      if (!p) throw new AlertInputError('position_id', `no position '${positionId}'`);
      if (input.field === 'pnl' && p.instrument_key !== inst.key) throw new AlertInputError('symbol', `a P&L rule watches its position's instrument (${p.symbol}), not ${inst.symbol}`);
    }
    const zone = this.#engine.registry.underlying(inst.underlying).timeZone;
    return {
      id, symbol: inst.symbol, instrument_key: key, field: input.field, op: input.op, level: input.level, repeat: input.repeat ?? false,
      cooldown_ms: input.cooldown_ms ?? 60_000, expires_at: input.expires_at_close ? this.#sessionClose(now, zone) : null,
      position_id: positionId, pnl_unit: input.pnl_unit ?? 'inr', kind: old?.kind ?? 'level', trail: old?.trail ?? null,
      note: input.note ?? '', armed: true, created_at: old?.created_at ?? now, fired_count: old?.fired_count ?? 0,
      last_fired_at: old?.last_fired_at ?? null, best: old?.best ?? null,
    };
  }

  addRule(raw: unknown): RuleView {
    const store = this.#db();
    const now = this.#now();
    const rule = this.#ruleFrom(parseRule(raw), newId('r'), now);
    const grows = this.#checkRoom(rule.instrument_key, rule.symbol);
    store.saveRule(rule, true);
    const w = this.#fromNow(this.#watch(rule));
    this.#rules.set(rule.id, w);
    // One more rule: into the index as it is (no rebuild), into the plan only when its instrument is new.
    this.#watchedKeys.set(rule.instrument_key, (this.#watchedKeys.get(rule.instrument_key) ?? 0) + 1);
    if (rule.field === 'iv') { pushTo(this.#ivRules, ivChain(this.#engine, rule.instrument_key), w); this.#syncHolds(); }
    else this.#index.add(rule.instrument_key, w);
    if (grows) this.#engine.refreshSubscriptions();
    this.#emitSummary();
    return this.#ruleView(w, now);
  }

  /** Changes a rule (any RuleInput field) or re-arms / disarms it with `armed`. */
  updateRule(raw: unknown): RuleView {
    const store = this.#db();
    const r = raw as Record<string, unknown> | null;
    const old = typeof r?.id === 'string' ? this.#rules.get(r.id) : undefined;
    if (!old) throw new BadRequestError(`no rule '${String(r?.id)}'`);
    if (r!.armed !== undefined && typeof r!.armed !== 'boolean') throw new AlertInputError('armed', 'must be true or false');
    const { id: _id, armed, ...rest } = r!;
    const o = old.rule;
    const now = this.#now();
    const input = parseRule(rest, {
      symbol: o.symbol, field: o.field, op: o.op, level: o.level, repeat: o.repeat, cooldown_ms: o.cooldown_ms,
      expires_at_close: o.expires_at !== null, ...(o.position_id && { position_id: o.position_id }), pnl_unit: o.pnl_unit, note: o.note,
    });
    const rule = this.#ruleFrom(input, o.id, now, o);
    if (o.expires_at !== null && rest.expires_at_close === undefined) rule.expires_at = o.expires_at;
    rule.armed = armed === undefined ? o.armed || rest.level !== undefined : (armed as boolean);
    if (rule.instrument_key !== o.instrument_key) this.#checkRoom(rule.instrument_key, rule.symbol);
    store.saveRule(rule, false);
    const w = this.#fromNow(this.#watch(rule));
    this.#rules.set(rule.id, w);
    this.#changedRules();
    return this.#ruleView(w, now);
  }

  removeRule(id: unknown): void {
    const store = this.#db();
    if (typeof id !== 'string' || !this.#rules.has(id)) throw new BadRequestError(`no rule '${String(id)}'`);
    store.removeRule(id);
    this.#rules.delete(id);
    this.#changedRules();
  }

  rules(): RuleView[] {
    this.#db();
    const now = this.#now();
    return [...this.#rules.values()].map((w) => this.#ruleView(w, now));
  }

  #ruleView(w: Watched, now: number): RuleView {
    const { best: _best, ...rule } = w.rule;
    const q = this.#engine.market.get(w.rule.instrument_key);
    const lastTickAt = q?.receiveTs ?? null;
    let value: number | null = null;
    if (w.rule.field === 'iv') value = this.#engine.optionLeg(w.rule.instrument_key)?.leg.iv ?? null;
    else if (q) { const v = w.read(q); value = v === v ? v : null; }
    const { state, reason } = this.#state(w, lastTickAt, now);
    return { ...rule, level: w.rt.level, armed: w.rt.armed, state, state_reason: reason, last_value: value, last_tick_at: lastTickAt };
  }

  #state(w: Watched, lastTickAt: number | null, now: number): { state: RuleState; reason: string | null } {
    if (!w.rt.armed) return { state: w.rule.expires_at !== null && now >= w.rule.expires_at ? 'expired' : 'fired', reason: null };
    if (this.#paused) return { state: 'paused', reason: 'alerts are paused' };
    if (!this.#isOpen()) return { state: 'armed', reason: null };
    const feed = this.#engine.feedStatus();
    if (feed.state !== 'connected') return { state: 'feed_down', reason: `feed ${feed.feed} is ${feed.state}${feed.message ? `: ${feed.message}` : ''}` };
    const since = lastTickAt ?? Math.max(this.#startedAt, w.rule.created_at);
    const age = now - since;
    if (age > this.#staleMs) {
      return { state: 'stale', reason: lastTickAt === null ? `no tick for ${w.rule.symbol} in ${Math.round(age / 1000)} s since it was armed` : `last tick for ${w.rule.symbol} ${Math.round(age / 1000)} s ago` };
    }
    return { state: 'armed', reason: null };
  }

  #changedRules(): void {
    this.#reindex();
    this.#emitSummary();
  }

  log(limit?: unknown): AlertLogEntry[] {
    const n = limit === undefined ? 500 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new AlertInputError('limit', `must be a whole number from 1 to 100000, got ${JSON.stringify(limit)}`);
    return this.#db().log(n);
  }

  /** The whole log as CSV, oldest first, times in the exchange's zone. */
  logCsv(): { filename: string; csv: string } {
    const zone = this.#engine.registry.underlyings()[0]?.timeZone ?? 'Asia/Kolkata';
    return { filename: 'optick-alert-log.csv', csv: alertLogCsv(this.#db().log(100_000).reverse(), zone) };
  }

  /** Where a contract is shown: its chain (underlying, expiry, strike, side) or, for an underlying, its chart. */
  contract(symbol: unknown): ContractRef {
    if (typeof symbol !== 'string') throw new AlertInputError('symbol', 'must name an instrument');
    const i = this.#instrument(symbol);
    const o = i.option;
    return { symbol: i.symbol, underlying: i.underlying, expiry: o?.expiry ?? null, strike: o?.strike ?? null, side: o?.side ?? null };
  }

  symbols(query: unknown, limit: unknown = 20): string[] {
    if (typeof query !== 'string') throw new AlertInputError('query', 'must be text');
    const q = query.trim().toUpperCase();
    const n = typeof limit === 'number' && limit > 0 ? Math.min(limit, 200) : 20;
    const out: string[] = [];
    for (const [s, i] of this.#instruments) {
      if (s.includes(q)) out.push(i.symbol);
      if (out.length >= n) break;
    }
    return out;
  }

  // ---- tray / header summary, notifiers, listeners ------------------------------------

  summary(): AlertsSummary {
    let armed = 0;
    for (const w of this.#rules.values()) if (w.rt.armed) armed++;
    return { armed, paused: this.#paused, unseen: this.#unseen, last: [...this.#recent].reverse(), error: this.#error };
  }

  setPaused(paused: unknown): AlertsSummary {
    if (typeof paused !== 'boolean') throw new AlertInputError('paused', 'must be true or false');
    if (paused !== this.#paused) this.#log('info', `alerts ${paused ? 'paused' : 'resumed'}`);
    this.#paused = paused;
    this.#emitSummary();
    return this.summary();
  }

  markSeen(): AlertsSummary {
    this.#unseen = false;
    this.#emitSummary();
    return this.summary();
  }

  addNotifier(n: Notifier): () => void {
    this.#notifiers.add(n);
    return () => this.#notifiers.delete(n);
  }

  /** Every firing, after it is in the log (hosts push it to clients and the SSE stream). */
  onAlert(listener: AlertListener): () => void {
    this.#alertListeners.add(listener);
    return () => this.#alertListeners.delete(listener);
  }

  /** Asks the windows to show an alert's contract (a notification was clicked). */
  focus(entry: AlertLogEntry): void {
    this.markSeen();
    for (const l of this.#focusListeners) {
      try { l(entry); } catch (err) { this.#log('error', `alerts: focus listener failed: ${(err as Error).message}`); }
    }
  }

  onFocus(listener: AlertListener): () => void {
    this.#focusListeners.add(listener);
    return () => this.#focusListeners.delete(listener);
  }

  /** The summary whenever it changes (armed count, pause, unseen, last alerts): the tray model. */
  onSummary(listener: SummaryListener): () => void {
    this.#summaryListeners.add(listener);
    return () => this.#summaryListeners.delete(listener);
  }

  #emitSummary(): void {
    if (!this.#summaryListeners.size) return;
    const s = this.summary();
    for (const l of this.#summaryListeners) {
      try { l(s); } catch (err) { this.#log('error', `alerts: summary listener failed: ${(err as Error).message}`); }
    }
  }

  close(): void {
    clearInterval(this.#timer);
    for (const release of this.#holds.values()) release();
    this.#holds.clear();
    if (this.#flushQueued) this.#flush();
    for (const off of this.#off) off();
    this.#store?.close();
    attached.delete(this.#engine);
  }
}

/** How a rule reads its value from its instrument's quote (NaN when the quote lacks it). */
function reader(rule: AlertRule, position: Position | null): (q: Quote) => number {
  switch (rule.field) {
    case 'mid':
      return midOf;
    case 'pnl': {
      if (!position) return () => NaN;
      const leg = { side: position.side, lots: position.lots, lotSize: position.lot_size, entry: position.entry_price };
      return rule.pnl_unit === 'percent'
        ? (q) => (q.ltp === null ? NaN : legPnl(leg, q.ltp).percent)
        : (q) => (q.ltp === null ? NaN : legPnl(leg, q.ltp).pnl);
    }
    case 'iv':
      return () => NaN; // from the chain's pricing, by the timer
    default:
      return (q) => (q.ltp === null ? NaN : q.ltp);
  }
}

/** The id of the chain that prices an option (its IV rules are evaluated on that chain's results). */
function ivChain(engine: Engine, key: string): string {
  const o = engine.registry.option(key)!;
  return chainId(o.underlying, o.expiry);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, v: V): void {
  const list = map.get(key);
  if (list) list.push(v); else map.set(key, [v]);
}

const FIELD_NAME: Record<AlertRule['field'], string> = { ltp: 'LTP', mid: 'mid', underlying: 'underlying', iv: 'IV', pnl: 'P&L' };
const KIND_NAME: Record<AlertRule['kind'], string> = { level: 'alert', stop_loss: 'stop-loss', target: 'target', trailing_stop: 'trailing stop' };

function fmt(field: AlertRule['field'], v: number): string {
  return field === 'iv' ? `${(v * 100).toFixed(2)} %` : String(Math.round(v * 100) / 100);
}

export function describeFiring(r: AlertRule, value: number, level: number, position: Position | null): string {
  const what = `${r.symbol} ${FIELD_NAME[r.field]}${r.field === 'pnl' && r.pnl_unit === 'percent' ? ' %' : ''}`;
  const of = position ? ` — ${KIND_NAME[r.kind]} of ${position.side} ${position.lots} lot${position.lots === 1 ? '' : 's'} from ${position.entry_price}` : '';
  return `${what} crossed ${r.op} ${fmt(r.field, level)} at ${fmt(r.field, value)}${of}`;
}

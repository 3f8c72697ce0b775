// The signals service in the running app: detectors evaluated on the engine's tick path for every
// option that ticks (every subscribed contract, on screen or not), indexed by instrument key so a
// tick costs one map lookup and a few comparisons on its own slot of its underlying's SignalBook. IV jump and fair-value divergence need the
// chain's pricing: they are evaluated every 250 ms of exchange time per underlying over its open
// chains' rows (a sweep started from the tick path). Signals are written to signals.db and
// handed to listeners off the tick path (setImmediate).
import { join } from 'node:path';
import type { OptionContract } from '../../../shared/market.ts';
import type { RuleInput } from '../../../shared/alerts.ts';
import { SIGNAL_TYPES, type Signal, type SignalQuery, type SignalThresholds, type SignalType } from '../../../shared/signals.ts';
import { ApiError } from '../../../shared/api.ts';
import { alertsOf } from '../alerts/alert-service.ts';
import { BadRequestError, type Engine } from '../engine.ts';
import type { Logger } from '../log.ts';
import { SignalBook, type SignalCandidate, type TickFields } from './book.ts';
import { describeSignal, signalsCsv } from './describe.ts';
import { modelFairValue, type SmilePoint } from './fair-value.ts';
import { SIGNALS_DB, SignalStore, SignalStoreError } from './signal-store-node.ts';
import { mergeThresholds, parseThresholds, ThresholdError } from './thresholds.ts';

export interface SignalServiceOptions {
  dataDir: string;
  engine: Engine;
  log?: Logger;
  /** false under `serve --replay`: signals are kept in memory, never written to signals.db. */
  record?: boolean;
}

interface UnderlyingEntry {
  /** Its index in the service's list (the low bits of its contracts' slot codes). */
  index: number;
  name: string;
  timeZone: string;
  thresholds: SignalThresholds;
  /** Its contracts' detector state (made again when the thresholds change), and the contract of each slot. */
  book: SignalBook;
  contracts: OptionContract[];
  /** Exchange time from which the next IV / fair-value sweep is due (end of the last swept SWEEP_MS slot). */
  sweepAt: number;
  sweepDue: number;
}

type Listener = (s: Signal) => void;
/** IV jump and fair value are evaluated at most this often per underlying (exchange time). */
export const SWEEP_MS = 250;
const attached = new WeakMap<Engine, SignalService>();

/** The signals service running on `engine` (hosts find it here). */
export function signalsOf(engine: Engine): SignalService | null {
  return attached.get(engine) ?? null;
}

export class SignalService {
  readonly file: string;
  readonly #engine: Engine;
  readonly #log: Logger;
  readonly #store: SignalStore;
  readonly #underlyings = new Map<string, UnderlyingEntry>();
  /**
   * instrument key → its slot code: (slot in its underlying's book << #uBits) | underlying index;
   * −1 = not an option (the underlying's own ticks). A small integer, so the lookup is all a tick
   * costs before it reaches its own slot.
   */
  readonly #slots = new Map<string, number>();
  readonly #byIndex: UnderlyingEntry[] = [];
  readonly #uBits: number;
  readonly #uMask: number;
  readonly #out: SignalCandidate[] = [];
  #pending: Omit<Signal, 'id'>[] = [];
  #flushQueued = false;
  readonly #listeners = new Set<Listener>();
  readonly #off: (() => void)[] = [];
  #closed = false;

  constructor(o: SignalServiceOptions) {
    this.#engine = o.engine;
    this.#log = o.log ?? (() => {});
    const record = o.record ?? true;
    this.file = record ? join(o.dataDir, SIGNALS_DB) : ':memory:';
    let store: SignalStore;
    try {
      store = new SignalStore(this.file);
    } catch (err) {
      if (!(err instanceof SignalStoreError)) throw err;
      // Signals keep running; they are not recorded until the file is fixed.
      this.#log('error', `signals: ${err.message}; signals are kept in memory only`);
      o.engine.notices.add({ id: 'signals:store', severity: 'warning', source: 'signals', message: err.message, file: this.file, action: 'move the file aside and restart' });
      store = new SignalStore(':memory:');
    }
    this.#store = store;
    const set = store.thresholds();
    const infos = o.engine.registry.underlyings();
    this.#uBits = Math.max(1, Math.ceil(Math.log2(infos.length + 1)));
    this.#uMask = (1 << this.#uBits) - 1;
    for (const u of infos) {
      const thresholds = mergeThresholds(set.get(u.name));
      const entry: UnderlyingEntry = { index: this.#byIndex.length, name: u.name, timeZone: u.timeZone, thresholds, book: new SignalBook(thresholds), contracts: [], sweepAt: Number.NEGATIVE_INFINITY, sweepDue: Number.NaN };
      this.#byIndex.push(entry);
      this.#underlyings.set(u.name, entry);
    }
    this.#off.push(o.engine.onTicks((ticks) => this.onTicks(ticks)));
    attached.set(o.engine, this);
  }

  /** The tick path: every accepted tick, in feed order. */
  onTicks(ticks: readonly (TickFields & { key: string })[]): void {
    const out = this.#out;
    let sweep: UnderlyingEntry[] | null = null;
    for (let k = 0; k < ticks.length; k++) {
      const t = ticks[k]!;
      let code = this.#slots.get(t.key);
      if (code === undefined) code = this.#watch(t.key);
      if (code < 0) continue;
      const u = this.#byIndex[code & this.#uMask]!, i = code >> this.#uBits;
      u.book.onTick(i, t, out);
      if (out.length) this.#take(u, i, out);
      if (t.exchangeTs >= u.sweepAt) {
        u.sweepAt = (Math.floor(t.exchangeTs / SWEEP_MS) + 1) * SWEEP_MS;
        u.sweepDue = t.exchangeTs;
        (sweep ??= []).push(u);
      }
    }
    if (sweep) for (const u of sweep) this.#sweep(u, u.sweepDue);
  }

  #watch(key: string): number {
    const contract = this.#engine.registry.option(key);
    const u = contract ? this.#underlyings.get(contract.underlying) : undefined;
    let code = -1;
    if (contract && u) {
      const i = u.book.add(contract.tickSize, contract.lotSize);
      u.contracts[i] = contract;
      code = (i << this.#uBits) | u.index;
    }
    this.#slots.set(key, code);
    return code;
  }

  /** IV jump and fair value over the open chains of one underlying, at exchange time t. */
  #sweep(u: UnderlyingEntry, t: number): void {
    const out = this.#out;
    for (const [name, expiry] of this.#engine.openChains()) {
      if (name !== u.name) continue;
      const m = this.#engine.chain(name, expiry);
      if (m.forward === null || m.time_to_expiry === null || m.rate === null) continue;
      const smile: SmilePoint[] = m.options.map((r) => ({ strike: r.strike, iv: r.ce_data?.iv ?? r.pe_data?.iv ?? null }));
      for (const r of m.options) {
        for (const leg of [r.ce_data, r.pe_data]) {
          const code = leg ? this.#slots.get(leg.instrument_key) : undefined;
          if (!leg || code === undefined || code < 0) continue;
          const i = code >> this.#uBits;
          if (leg.iv !== null) u.book.onIv(i, t, leg.iv, out);
          const fair = modelFairValue(smile, { isCall: u.contracts[i]!.side === 'CE', strike: r.strike, forward: m.forward, years: m.time_to_expiry, rate: m.rate });
          if (fair) {
            const mid = leg.bid !== null && leg.ask !== null && leg.bid > 0 && leg.ask > leg.bid ? (leg.bid + leg.ask) / 2 : null;
            u.book.onFairValue(i, t, { mid, ltp: leg.ltp }, { value: fair.value, iv: fair.iv, fmv: null }, out);
          }
          if (out.length) this.#take(u, i, out);
        }
      }
    }
  }

  #take(u: UnderlyingEntry, i: number, out: SignalCandidate[]): void {
    const contract = u.contracts[i]!;
    const ltp = this.#engine.market.get(contract.key)?.ltp ?? null;
    for (const s of out) {
      const figures = 'ltp' in s.figures ? s.figures : { ...s.figures, ltp };
      this.#pending.push({
        type: s.type, symbol: contract.symbol, instrument_key: contract.key, underlying: contract.underlying, time: s.time,
        direction: s.direction, figures, message: describeSignal(s.type, contract.symbol, s.direction, figures),
      });
    }
    out.length = 0;
    if (!this.#flushQueued) { this.#flushQueued = true; setImmediate(() => this.#flush()); }
  }

  #flush(): void {
    this.#flushQueued = false;
    if (this.#closed) return;
    const batch = this.#pending;
    this.#pending = [];
    let saved: Signal[];
    try {
      saved = this.#store.insert(batch);
    } catch (err) {
      this.#log('error', `signals: ${batch.length} signals not recorded: ${(err as Error).message}`);
      return;
    }
    for (const s of saved) for (const l of this.#listeners) {
      try { l(s); } catch (err) { this.#log('error', `signal listener failed: ${(err as Error).stack ?? err}`); }
    }
  }

  onSignal(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  list(raw: unknown = {}): Signal[] {
    return this.#store.list(parseQuery(raw, this.#underlyings));
  }

  exportCsv(raw: unknown = {}): { filename: string; csv: string } {
    const q = parseQuery(raw, this.#underlyings);
    const zone = (q.underlying && this.#underlyings.get(q.underlying)?.timeZone) || [...this.#underlyings.values()][0]?.timeZone || 'Asia/Kolkata';
    return { filename: 'optick-signals.csv', csv: signalsCsv(this.#store.list({ ...q, limit: q.limit ?? 10_000 }, true), zone) };
  }

  thresholds(): Record<string, SignalThresholds> {
    return Object.fromEntries([...this.#underlyings.values()].map((u) => [u.name, { ...u.thresholds }]));
  }

  /** Changes some thresholds of one underlying; its contracts' histories start again. */
  setThresholds(raw: unknown): SignalThresholds {
    const r = (raw ?? {}) as { underlying?: unknown; thresholds?: unknown };
    const u = typeof r.underlying === 'string' ? this.#underlyings.get(r.underlying.toUpperCase()) : undefined;
    if (!u) throw new ThresholdError('underlying', `unknown underlying ${JSON.stringify(r.underlying)}; known: ${[...this.#underlyings.keys()].join(', ')}`);
    const change = parseThresholds(r.thresholds);
    const stored = this.#store.thresholds().get(u.name) ?? {};
    const next = { ...stored, ...change };
    this.#store.saveThresholds(u.name, next);
    u.thresholds = mergeThresholds(next);
    u.book = new SignalBook(u.thresholds);
    u.contracts = [];
    for (const [key, code] of this.#slots) if (code >= 0 && (code & this.#uMask) === u.index) this.#slots.delete(key);
    return { ...u.thresholds };
  }

  /** An alert rule from a signal: README "Signals" says which rule each type makes. */
  toAlertRule(raw: unknown): { rule_id: string; symbol: string; field: string; op: string; level: number } {
    const id = (raw as { id?: unknown } | null)?.id;
    const s = typeof id === 'number' ? this.#store.get(id) : null;
    if (!s) throw new BadRequestError(`no signal ${JSON.stringify(id)}`);
    const alerts = alertsOf(this.#engine);
    if (!alerts) throw new ApiError('unavailable', 'alerts do not run in this host (a replay never fires the trader\'s alerts)');
    const rule = ruleFromSignal(s);
    const view = alerts.addRule(rule);
    return { rule_id: view.id, symbol: view.symbol, field: view.field, op: view.op, level: view.level };
  }

  close(): void {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    for (const off of this.#off.splice(0)) off();
    this.#store.close();
  }
}

/**
 * iv_jump → IV crossing on beyond the new IV; fair_value_divergence → the mid crossing back to
 * the fair value; every other type → the LTP crossing on beyond its level at the signal, in the
 * signal's direction (spread tightening: down, widening: up).
 */
export function ruleFromSignal(s: Signal): RuleInput {
  const g = s.figures;
  const note = `from signal #${s.id} (${s.type})`;
  if (s.type === 'iv_jump' && g.iv != null) return { symbol: s.symbol, field: 'iv', op: s.direction === 'up' ? 'above' : 'below', level: g.iv, repeat: false, note };
  if (s.type === 'fair_value_divergence' && g.fair != null) return { symbol: s.symbol, field: 'mid', op: s.direction === 'up' ? 'below' : 'above', level: g.fair, repeat: false, note };
  const level = g.ltp ?? g.price ?? null;
  if (level === null) throw new BadRequestError(`signal #${s.id} has no price to set a rule at`);
  return { symbol: s.symbol, field: 'ltp', op: s.direction === 'up' ? 'above' : 'below', level, repeat: false, note };
}

function parseQuery(raw: unknown, known: ReadonlyMap<string, unknown>): SignalQuery {
  const r = (raw ?? {}) as Record<string, unknown>;
  const q: SignalQuery = {};
  if (r.underlying !== undefined && r.underlying !== '') {
    const u = String(r.underlying).toUpperCase();
    if (!known.has(u)) throw new BadRequestError(`unknown underlying ${JSON.stringify(r.underlying)}; known: ${[...known.keys()].join(', ')}`);
    q.underlying = u;
  }
  if (r.type !== undefined && r.type !== '') {
    if (!(SIGNAL_TYPES as readonly string[]).includes(String(r.type))) throw new BadRequestError(`unknown signal type ${JSON.stringify(r.type)}; types: ${SIGNAL_TYPES.join(', ')}`);
    q.type = r.type as SignalType;
  }
  if (r.since !== undefined && r.since !== '') {
    const since = typeof r.since === 'number' ? r.since : /^\d+$/.test(String(r.since)) ? Number(r.since) : Date.parse(String(r.since));
    if (!Number.isFinite(since)) throw new BadRequestError(`'since' must be epoch ms or ISO-8601, got ${JSON.stringify(r.since)}`);
    q.since = since;
  }
  if (r.limit !== undefined && r.limit !== '') {
    const limit = Number(r.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new BadRequestError(`'limit' must be a whole number ≥ 1, got ${JSON.stringify(r.limit)}`);
    q.limit = limit;
  }
  return q;
}

// The signals service in the running app: detectors evaluated on the engine's tick path for every
// option that ticks (every subscribed contract, on screen or not), indexed by instrument key so a
// tick costs one map lookup and a few comparisons on its own slot of its underlying's SignalBook.
// IV jump and fair-value divergence need pricing: every 250 ms of exchange time per underlying,
// at the tick that makes it due, each expiry with a contract that ticked since the last sweep is
// priced synchronously from the quotes seen so far (ExpirySweep), so they depend on the ticks
// alone (live and under `serve --replay`). Signals are written to signals.db and handed to
// listeners off the tick path (setImmediate).
import { join } from 'node:path';
import type { OptionContract, UnderlyingInfo } from '../../../shared/market.ts';
import type { RuleInput } from '../../../shared/alerts.ts';
import { SIGNAL_TYPES, type Signal, type SignalQuery, type SignalThresholds, type SignalType } from '../../../shared/signals.ts';
import { ApiError } from '../../../shared/api.ts';
import { alertsOf } from '../alerts/alert-service.ts';
import { BadRequestError, type Engine } from '../engine.ts';
import type { Logger } from '../log.ts';
import { SignalBook, type SignalCandidate, type TickFields } from './book.ts';
import { describeSignal, signalsCsv } from './describe.ts';
import { SIGNALS_DB, SignalStore, SignalStoreError } from './signal-store-node.ts';
import { mergeThresholds, parseThresholds, ThresholdError } from './thresholds.ts';
import { ExpirySweep } from './sweep.ts';

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
  info: UnderlyingInfo;
  name: string;
  timeZone: string;
  thresholds: SignalThresholds;
  /** Its contracts' detector state (made again when the thresholds change), and the contract of each slot. */
  book: SignalBook;
  contracts: OptionContract[];
  /** One sweep per expiry that has ticked; each slot's sweep (index), and which have ticked since they last ran. */
  sweeps: ExpirySweep[];
  sweepOf: Uint16Array;
  dirty: Uint8Array;
  /** Exchange time from which the next IV / fair-value sweep is due (end of the last swept SWEEP_MS slot). */
  sweepAt: number;
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
      const entry: UnderlyingEntry = {
        index: this.#byIndex.length, info: u, name: u.name, timeZone: u.timeZone, thresholds, book: new SignalBook(thresholds), contracts: [],
        sweeps: [], sweepOf: new Uint16Array(64), dirty: new Uint8Array(8), sweepAt: Number.NEGATIVE_INFINITY,
      };
      this.#byIndex.push(entry);
      this.#underlyings.set(u.name, entry);
    }
    this.#off.push(o.engine.onTicks((ticks) => this.onTicks(ticks)));
    attached.set(o.engine, this);
  }

  /** The tick path: every accepted tick, in feed order. */
  onTicks(ticks: readonly (TickFields & { key: string })[]): void {
    const out = this.#out;
    for (let k = 0; k < ticks.length; k++) {
      const t = ticks[k]!;
      let code = this.#slots.get(t.key);
      if (code === undefined) code = this.#watch(t.key);
      if (code < 0) continue;
      const u = this.#byIndex[code & this.#uMask]!, i = code >> this.#uBits;
      u.book.onTick(i, t, out);
      u.dirty[u.sweepOf[i]!] = 1;
      if (out.length) this.#take(u, i, out);
      if (t.exchangeTs >= u.sweepAt) {
        // In tick order: the sweep sees exactly the ticks up to this one, however they were batched.
        u.sweepAt = (Math.floor(t.exchangeTs / SWEEP_MS) + 1) * SWEEP_MS;
        this.#sweep(u, t.exchangeTs);
      }
    }
  }

  #watch(key: string): number {
    const contract = this.#engine.registry.option(key);
    const u = contract ? this.#underlyings.get(contract.underlying) : undefined;
    let code = -1;
    if (contract && u) {
      const i = u.book.add(contract.tickSize, contract.lotSize);
      u.contracts[i] = contract;
      code = (i << this.#uBits) | u.index;
      let g = u.sweeps.findIndex((s) => s.expiry === contract.expiry);
      if (g < 0) {
        g = u.sweeps.length;
        const info = u.info, expiry = contract.expiry;
        u.sweeps.push(new ExpirySweep(expiry, this.#engine.registry.strikes(u.name, expiry), (t) => this.#engine.pricingClockAt(info, expiry, t)));
        if (g >= u.dirty.length) { const d = new Uint8Array(u.dirty.length * 2); d.set(u.dirty); u.dirty = d; }
      }
      u.sweeps[g]!.add(contract, i);
      if (i >= u.sweepOf.length) { const s = new Uint16Array(u.sweepOf.length * 2); s.set(u.sweepOf); u.sweepOf = s; }
      u.sweepOf[i] = g;
    }
    this.#slots.set(key, code);
    return code;
  }

  /** IV jump and fair value over the expiries of one underlying that ticked since their last sweep, at exchange time t. */
  #sweep(u: UnderlyingEntry, t: number): void {
    const out = this.#out;
    for (let g = 0; g < u.sweeps.length; g++) {
      if (!u.dirty[g]) continue;
      u.dirty[g] = 0;
      u.sweeps[g]!.run(u.book, t, out, (i) => this.#take(u, i, out));
    }
  }

  #take(u: UnderlyingEntry, i: number, out: SignalCandidate[]): void {
    const contract = u.contracts[i]!;
    const last = u.book.ltp(i); // the LTP as of this tick (not after the rest of its batch)
    const ltp = Number.isFinite(last) ? last : null;
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
    u.sweeps = [];
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

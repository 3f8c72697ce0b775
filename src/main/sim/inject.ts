// Deterministic market events the simulator can be told to make, at a time on its clock or at
// the next slot: a volume burst (one large trade at the ask), a spread collapse (the book one
// tick wide around the fair value) and a mispriced quote (the book moved pct % off the fair
// value). Used by tests and demos of the signals (issue 16). Applied after each model step, so
// the affected instrument goes out in that slot's frame whatever the random tick draw was.
import type { MarketModel } from './model.ts';
import { KIND_OPTION, type InstrumentState } from './instrument-state.ts';
import { TICKS_PER_RUPEE } from './option-market.ts';

export type InjectKind = 'volume_burst' | 'spread_collapse' | 'mispriced_quote';

export interface InjectSpec {
  kind: InjectKind;
  /** Instrument key of an option, e.g. 'NSE_FO|45450'. */
  key: string;
  /** Simulator clock (model time, epoch ms) at which it starts; omitted = the next slot. */
  at?: number;
  /** volume_burst: lots traded (default 500). */
  lots?: number;
  /** mispriced_quote: how far the book's mid is moved off the fair value, % (default 30; negative = cheap). */
  pct?: number;
  /** spread_collapse, mispriced_quote: how long the book is held so, ms (default 5,000). */
  duration_ms?: number;
}

export interface Injection {
  id: number;
  kind: InjectKind;
  key: string;
  /** When it starts on the simulator's clock. */
  at: number;
  until: number;
}

export class InjectError extends Error {
  override name = 'InjectError';
}

interface Active extends Injection {
  s: InstrumentState;
  spec: InjectSpec;
  done: boolean;
}

const floorTick = (x: number): number => Math.floor(x * TICKS_PER_RUPEE + 1e-9) / TICKS_PER_RUPEE;
const ceilTick = (x: number): number => Math.ceil(x * TICKS_PER_RUPEE - 1e-9) / TICKS_PER_RUPEE;

export class Injector {
  readonly #model: MarketModel;
  #active: Active[] = [];
  #nextId = 1;

  constructor(model: MarketModel) {
    this.#model = model;
  }

  /** Schedules an event; InjectError names what is wrong with the spec. */
  add(spec: InjectSpec): Injection {
    const s = this.#model.byKey.get(spec?.key);
    if (!s || s.kind !== KIND_OPTION) throw new InjectError(`inject: ${JSON.stringify(spec?.key)} is not an option the simulator lists`);
    if (!['volume_burst', 'spread_collapse', 'mispriced_quote'].includes(spec.kind)) throw new InjectError(`inject: unknown kind ${JSON.stringify(spec.kind)} (volume_burst, spread_collapse, mispriced_quote)`);
    const positive = (v: number | undefined, name: string) => {
      if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new InjectError(`inject: ${name} must be a number > 0, got ${v}`);
    };
    positive(spec.lots, 'lots');
    positive(spec.duration_ms, 'duration_ms');
    if (spec.pct !== undefined && !(Number.isFinite(spec.pct) && spec.pct > -90 && spec.pct !== 0)) throw new InjectError(`inject: pct must be a number > -90 and ≠ 0, got ${spec.pct}`);
    const at = spec.at ?? this.#model.time;
    const until = spec.kind === 'volume_burst' ? at : at + (spec.duration_ms ?? 5000);
    const a: Active = { id: this.#nextId++, kind: spec.kind, key: s.key, at, until, s, spec, done: false };
    this.#active.push(a);
    return { id: a.id, kind: a.kind, key: a.key, at, until };
  }

  /** Call after each model step: applies what is due at the model's time and marks it ticked. */
  afterStep(): void {
    if (!this.#active.length) return;
    const t = this.#model.time;
    for (const a of this.#active) {
      if (t < a.at) continue;
      const s = a.s;
      if (a.kind === 'volume_burst') {
        s.print(s.ask, Math.round(a.spec.lots ?? 500) * s.lotSize, t);
        a.done = true;
      } else if (t >= a.until) {
        a.done = true;
        continue;
      } else if (a.kind === 'spread_collapse') {
        s.bid = Math.max(0.05, floorTick(s.fair));
        s.ask = Math.round((s.bid + 1 / TICKS_PER_RUPEE) * TICKS_PER_RUPEE) / TICKS_PER_RUPEE;
        if (s.bidQ === 0) s.bidQ = s.lotSize;
      } else {
        const half = Math.max(1 / TICKS_PER_RUPEE, (s.ask - s.bid) / 2);
        const mid = s.fair * (1 + (a.spec.pct ?? 30) / 100);
        s.bid = Math.max(0.05, floorTick(mid - half));
        s.ask = Math.max(s.bid + 1 / TICKS_PER_RUPEE, ceilTick(mid + half));
        if (s.bidQ === 0) s.bidQ = s.lotSize;
      }
      s.seq++;
      this.#markTicked(s.index);
    }
    this.#active = this.#active.filter((a) => !a.done);
  }

  #markTicked(index: number): void {
    const m = this.#model;
    for (let i = 0; i < m.tickedCount; i++) if (m.ticked[i] === index) return;
    if (m.tickedCount < m.ticked.length) m.ticked[m.tickedCount++] = index;
  }
}

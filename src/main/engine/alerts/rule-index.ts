// The rules on the tick path, indexed by instrument: a dense slot per instrument that has armed
// rules (key → slot, one Map probe; instruments without rules cost that probe and nothing else),
// compact per-slot rule arrays by the value they read (LTP, mid, the quote), and per slot a
// "quiet band" in a typed array: the open interval of values inside which no rule of the group
// can cross its level or move its trailing stop. A tick whose value stays inside the band costs
// one comparison pair and touches no rule; a tick leaving it reads the group's levels and sides
// (a compact typed array beside the rules) and evaluates only the rules whose side of their
// level changed (and trailing stops), then rebuilds the band. A tick that does not carry a
// field (no LTP, no book) leaves that field's rules alone: their value did not change. Runtime: std.
import type { Tick } from '../../../shared/market.ts';
import type { Quote } from '../market/market-state.ts';
import { evaluate, type Outcome, type RuleRuntime } from './crossing.ts';

/** What a rule's value is read from: the tick's LTP, its mid, or `read` of the quote (P&L). */
export type RuleSource = 'ltp' | 'mid' | 'quote';

export interface TickRule extends RuleRuntime {
  source: RuleSource;
  read: (q: Quote) => number;
}

/** What the index reports back to its owner (only off the fast path). */
export interface RuleSink<R extends TickRule> {
  /** A rule fired or expired on a tick of `q`. */
  outcome(rule: R, out: Outcome, value: number, q: Quote, now: number): void;
  /** A rule's state changed without an outcome (its trailing level moved). */
  moved(rule: R): void;
}

const LTP = 1, MID = 2, QUOTE = 4;

/** Mid of the touch; NaN without both sides. */
export function midOf(q: { bids?: readonly { price: number }[]; asks?: readonly { price: number }[] }): number {
  const b = q.bids?.[0], a = q.asks?.[0];
  return b && a && b.price > 0 && a.price > 0 ? (b.price + a.price) / 2 : NaN;
}

/** Which side of `level` a value is on: 1 above, −1 below, 0 on it or no value (NaN). */
const sideOf = (v: number, level: number): number => (v > level ? 1 : v < level ? -1 : 0);
/** A rule that fired once or expired: skipped until the owner takes it out. */
const DEAD = 2;

/**
 * One slot's rules reading one value. Beside each rule, its level and the side of it its last
 * value was on: a rule whose side does not change cannot cross, and its stale previous value is
 * as good as the new one, so it is not touched. Trailing stops (level NaN here) move with the
 * price and are always evaluated.
 */
class Group<R extends TickRule> {
  readonly rules: R[] = [];
  levels = new Float64Array(4);
  sides = new Int8Array(4);

  push(r: R): void {
    const n = this.rules.length;
    if (n === this.levels.length) {
      const l = new Float64Array(n * 2); l.set(this.levels); this.levels = l;
      const d = new Int8Array(n * 2); d.set(this.sides); this.sides = d;
    }
    this.rules.push(r);
    this.levels[n] = r.trail ? NaN : r.level;
    this.sides[n] = r.armed ? sideOf(r.prev, r.level) : DEAD;
  }

  remove(r: R): boolean {
    const at = this.rules.indexOf(r);
    if (at < 0) return false;
    this.rules.splice(at, 1);
    this.levels.copyWithin(at, at + 1);
    this.sides.copyWithin(at, at + 1);
    return true;
  }

  /**
   * The open interval of values that keeps every rule on its side of its level (so no crossing)
   * and every trailing stop's best unbeaten: written to band[at], band[at + 1]; empty (+∞, −∞)
   * when a rule has no baseline yet or sits exactly on its level.
   */
  band(band: Float64Array, at: number): void {
    let lo = -Infinity, hi = Infinity;
    const { levels, sides, rules } = this;
    for (let i = 0; i < rules.length; i++) {
      const side = sides[i]!;
      if (side === DEAD) continue;
      const level = levels[i]!;
      if (level === level) {
        if (side > 0) { if (level > lo) lo = level; } else if (side < 0) { if (level < hi) hi = level; } else { lo = Infinity; hi = -Infinity; break; }
        continue;
      }
      // A trailing stop: its own level and best, from the rule.
      const r = rules[i]!;
      const p = r.prev, l = r.level, best = r.best;
      if (p > l) { if (l > lo) lo = l; } else if (p < l) { if (l < hi) hi = l; } else { lo = Infinity; hi = -Infinity; break; }
      if (best !== best) { lo = Infinity; hi = -Infinity; break; }
      if (r.op === 'below') { if (best < hi) hi = best; } else if (best > lo) lo = best;
    }
    band[at] = lo;
    band[at + 1] = hi;
  }
}

export class RuleIndex<R extends TickRule> {
  readonly #slotOf = new Map<string, number>();
  #keys: string[] = [];
  #ltp: Group<R>[] = [];
  #mid: Group<R>[] = [];
  #quote: R[][] = [];
  /** Per slot: LTP band lo, hi; mid band lo, hi. */
  #band = new Float64Array(64);
  /** Per slot: which groups have rules (LTP | MID | QUOTE). */
  #flags = new Uint8Array(16);

  get size(): number {
    return this.#keys.length;
  }

  clear(): void {
    this.#slotOf.clear();
    this.#keys = [];
    this.#ltp = [];
    this.#mid = [];
    this.#quote = [];
    this.#flags.fill(0);
  }

  /** Adds an armed rule to its instrument's slot (a new slot for a new instrument). */
  add(key: string, rule: R): void {
    let s = this.#slotOf.get(key);
    if (s === undefined) {
      s = this.#keys.length;
      this.#slotOf.set(key, s);
      this.#keys.push(key);
      this.#ltp.push(new Group());
      this.#mid.push(new Group());
      this.#quote.push([]);
      if (s * 4 + 4 > this.#band.length) { const b = new Float64Array(this.#band.length * 2); b.set(this.#band); this.#band = b; }
      if (s >= this.#flags.length) { const f = new Uint8Array(this.#flags.length * 2); f.set(this.#flags); this.#flags = f; }
      this.#flags[s] = 0;
    }
    const group = rule.source === 'ltp' ? LTP : rule.source === 'mid' ? MID : QUOTE;
    if (group === QUOTE) this.#quote[s]!.push(rule);
    else (group === LTP ? this.#ltp : this.#mid)[s]!.push(rule);
    this.#flags[s]! |= group;
    // Empty band: the next tick evaluates the group and rebuilds it.
    const at = s * 4 + (group === MID ? 2 : 0);
    this.#band[at] = Infinity;
    this.#band[at + 1] = -Infinity;
  }

  /** Takes a rule out of its slot (it fired once or expired); the slot's band is rebuilt from the rest. */
  remove(key: string, rule: R): void {
    const s = this.#slotOf.get(key);
    if (s === undefined) return;
    const group = rule.source === 'ltp' ? LTP : rule.source === 'mid' ? MID : QUOTE;
    if (group === QUOTE) {
      const rules = this.#quote[s]!;
      const at = rules.indexOf(rule);
      if (at < 0) return;
      rules.splice(at, 1);
      if (!rules.length) this.#flags[s]! &= ~group;
      return;
    }
    const g = (group === LTP ? this.#ltp : this.#mid)[s]!;
    if (!g.remove(rule)) return;
    if (!g.rules.length) this.#flags[s]! &= ~group;
    g.band(this.#band, s * 4 + (group === MID ? 2 : 0));
  }

  /** Evaluates the rules of each tick's instrument (ticks already applied to `market`). */
  onTicks(ticks: readonly Tick[], market: { get(key: string): Quote | undefined }, paused: boolean, now: () => number, sink: RuleSink<R>): void {
    const slotOf = this.#slotOf;
    if (slotOf.size === 0) return;
    const band = this.#band, flags = this.#flags;
    for (let i = 0; i < ticks.length; i++) {
      const t = ticks[i]!;
      const s = slotOf.get(t.key);
      if (s === undefined) continue;
      const f = flags[s]!;
      const ltp = t.ltp;
      if (ltp !== undefined) {
        if (f & LTP && !(band[s * 4]! < ltp && ltp < band[s * 4 + 1]!)) this.#run(this.#ltp[s]!, ltp, s * 4, t.key, market, paused, now, sink);
        if (f & QUOTE) this.#runQuote(this.#quote[s]!, t.key, market, paused, now, sink);
      }
      if (f & MID && (t.bids !== undefined || t.asks !== undefined)) {
        const mid = t.bids !== undefined && t.asks !== undefined ? midOf(t) : midOf(market.get(t.key) ?? t);
        if (mid === mid && !(band[s * 4 + 2]! < mid && mid < band[s * 4 + 3]!)) this.#run(this.#mid[s]!, mid, s * 4 + 2, t.key, market, paused, now, sink);
      }
    }
  }

  /**
   * One group of a slot, with a value outside its quiet band: the rules whose side of their level
   * changed (or that have none yet, or trail) are evaluated, the band rebuilt.
   */
  #run(g: Group<R>, v: number, at: number, key: string, market: { get(key: string): Quote | undefined }, paused: boolean, now: () => number, sink: RuleSink<R>): void {
    let time = -1;
    const { rules, levels, sides } = g;
    for (let j = 0; j < rules.length; j++) {
      const was = sides[j]!;
      if (was === DEAD) continue;
      const fixed = levels[j]!;
      let side = 0;
      if (fixed === fixed) {
        side = sideOf(v, fixed);
        if (side !== 0 && side === was) continue; // same side: no crossing, nothing to update
      }
      const r = rules[j]!;
      if (fixed === fixed) sides[j] = side;
      if (paused) { r.prev = v; continue; }
      const level = r.level;
      if (time < 0) time = now();
      const out = evaluate(r, v, time);
      if (!r.armed) sides[j] = DEAD;
      if (out !== 'none') sink.outcome(r, out, v, market.get(key)!, time);
      else if (r.level !== level) sink.moved(r);
    }
    g.band(this.#band, at);
  }

  /** Rules reading the quote (a position's P&L): evaluated on every LTP change. */
  #runQuote(rules: R[], key: string, market: { get(key: string): Quote | undefined }, paused: boolean, now: () => number, sink: RuleSink<R>): void {
    const q = market.get(key);
    if (!q) return;
    let time = -1;
    for (let j = 0; j < rules.length; j++) {
      const r = rules[j]!;
      const v = r.read(q);
      if (v !== v) continue;
      if (paused) { r.prev = v; continue; }
      if (time < 0) time = now();
      const out = evaluate(r, v, time);
      if (out !== 'none') sink.outcome(r, out, v, q, time);
    }
  }
}

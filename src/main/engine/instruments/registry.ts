// The instrument registry: every underlying and option contract Optick knows, indexed
// the ways the chain needs (underlying → expiry → strike → side). Runtime: std.
import type { OptionContract, OptionSide, UnderlyingInfo } from '../../../shared/market.ts';

export interface StrikePair {
  strike: number;
  CE?: OptionContract;
  PE?: OptionContract;
}

export class UnknownInstrumentError extends Error {
  constructor(what: string, known: readonly string[]) {
    super(`unknown ${what}; known: ${known.join(', ') || 'none'}`);
    this.name = 'UnknownInstrumentError';
  }
}

export class InstrumentRegistry {
  readonly #underlyings = new Map<string, UnderlyingInfo>();
  readonly #byKey = new Map<string, OptionContract>();
  /** underlying → expiry → strikes ascending */
  readonly #chains = new Map<string, Map<string, StrikePair[]>>();
  /** underlying key → underlying name */
  readonly #underlyingByKey = new Map<string, string>();

  constructor(underlyings: readonly UnderlyingInfo[], options: readonly OptionContract[]) {
    for (const u of underlyings) { this.#underlyings.set(u.name, u); this.#underlyingByKey.set(u.key, u.name); }
    const building = new Map<string, Map<string, Map<number, StrikePair>>>();
    for (const c of options) {
      if (!this.#underlyings.has(c.underlying)) continue;
      this.#byKey.set(c.key, c);
      let expiries = building.get(c.underlying);
      if (!expiries) building.set(c.underlying, (expiries = new Map()));
      let strikes = expiries.get(c.expiry);
      if (!strikes) expiries.set(c.expiry, (strikes = new Map()));
      let pair = strikes.get(c.strike);
      if (!pair) strikes.set(c.strike, (pair = { strike: c.strike }));
      pair[c.side] = c;
    }
    for (const [u, expiries] of building) {
      const sorted = new Map<string, StrikePair[]>();
      for (const e of [...expiries.keys()].sort()) {
        sorted.set(e, [...expiries.get(e)!.values()].sort((a, b) => a.strike - b.strike));
      }
      this.#chains.set(u, sorted);
    }
  }

  underlyings(): UnderlyingInfo[] {
    return [...this.#underlyings.values()];
  }

  underlying(name: string): UnderlyingInfo {
    const u = this.#underlyings.get(name.toUpperCase());
    if (!u) throw new UnknownInstrumentError(`underlying '${name}'`, [...this.#underlyings.keys()]);
    return u;
  }

  hasUnderlying(name: string): boolean {
    return this.#underlyings.has(name.toUpperCase());
  }

  /** Name of the underlying whose index/stock has this key, or of the option's underlying. */
  underlyingOfKey(key: string): string | undefined {
    return this.#underlyingByKey.get(key) ?? this.#byKey.get(key)?.underlying;
  }

  option(key: string): OptionContract | undefined {
    return this.#byKey.get(key);
  }

  /** Listed expiries, ascending, on or after `fromDate` ('YYYY-MM-DD') when given. */
  expiries(underlying: string, fromDate?: string): string[] {
    const u = this.underlying(underlying);
    const all = [...(this.#chains.get(u.name)?.keys() ?? [])];
    return fromDate ? all.filter((e) => e >= fromDate) : all;
  }

  /** Listed strikes of one expiry, ascending, each with its CE and PE contracts. */
  strikes(underlying: string, expiry: string): readonly StrikePair[] {
    const u = this.underlying(underlying);
    const s = this.#chains.get(u.name)?.get(expiry);
    if (!s) throw new UnknownInstrumentError(`expiry '${expiry}' of ${u.name}`, this.expiries(u.name));
    return s;
  }

  contract(underlying: string, expiry: string, strike: number, side: OptionSide): OptionContract | undefined {
    return this.strikes(underlying, expiry).find((p) => p.strike === strike)?.[side];
  }

  get optionCount(): number {
    return this.#byKey.size;
  }

  /** Every option contract, in no particular order. */
  contracts(): OptionContract[] {
    return [...this.#byKey.values()];
  }
}

/**
 * One registry over several feeds' registries (`--feed upstox,openalgo`): an underlying comes
 * from one feed, and no key may belong to two (each venue keys its instruments its own way).
 */
export function mergeRegistries(parts: readonly InstrumentRegistry[]): InstrumentRegistry {
  if (parts.length === 1) return parts[0]!;
  const underlyings = new Map<string, UnderlyingInfo>();
  const keys = new Set<string>();
  const options: OptionContract[] = [];
  for (const r of parts) {
    for (const u of r.underlyings()) {
      if (underlyings.has(u.name)) throw new RangeError(`underlying ${u.name} is listed by two feeds; give it to one (NAME@feed)`);
      if (keys.has(u.key)) throw new RangeError(`instrument key ${u.key} (${u.name}) is used by two feeds`);
      underlyings.set(u.name, u);
      keys.add(u.key);
    }
    for (const c of r.contracts()) {
      if (keys.has(c.key)) throw new RangeError(`instrument key ${c.key} (${c.symbol}) is used by two feeds`);
      keys.add(c.key);
      options.push(c);
    }
  }
  return new InstrumentRegistry([...underlyings.values()], options);
}

/** Most common gap between adjacent strikes: the chain's strike step. */
export function modalStrikeStep(strikes: readonly number[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < strikes.length; i++) {
    const gap = Number((strikes[i]! - strikes[i - 1]!).toFixed(6));
    if (gap > 0) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = -1;
  for (const [gap, n] of counts) if (n > bestCount || (n === bestCount && gap < best)) { best = gap; bestCount = n; }
  return best;
}

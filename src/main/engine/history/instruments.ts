// Which instrument a chart, export or import means: OpenAlgo symbols (NIFTY23NOV2626000CE),
// underlying names (NIFTY) or venue keys ('NSE_INDEX|Nifty 50'), resolved against the live
// registry first and then the store's instruments table (history outlives the instrument master).
// Also what the store records about each instrument of the registry, and the underlyings'
// contract facts (lot size, strike step) a replay needs, kept beside the database.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { UnderlyingInfo } from '../../../shared/market.ts';
import { UnknownInstrumentError, type InstrumentRegistry } from '../instruments/registry.ts';
import type { InstrumentInfo } from '../store/protocol.ts';
import type { StoredInstrument } from '../store/store-reader.ts';
import { FILE_MODE, moveAside } from '../store/store-files.ts';

/** Index keys of the NSE underlyings, for imports without a running instrument master. */
export const NSE_INDEX_KEYS: Readonly<Record<string, string>> = Object.freeze({
  NIFTY: 'NSE_INDEX|Nifty 50',
  BANKNIFTY: 'NSE_INDEX|Nifty Bank',
  FINNIFTY: 'NSE_INDEX|Nifty Fin Service',
  MIDCPNIFTY: 'NSE_INDEX|NIFTY MID SELECT',
});

export class UnknownSymbolError extends UnknownInstrumentError {
  readonly symbol: string;
  constructor(symbol: string, hint: string) {
    super(`symbol '${symbol}'`, []);
    this.name = 'UnknownSymbolError';
    this.symbol = symbol;
    this.message = `unknown symbol '${symbol}': ${hint}`;
  }
}

const HINT = 'expected an underlying name (NIFTY, BANKNIFTY), an OpenAlgo option symbol (NIFTY23NOV2626000CE) or an instrument key';

/** Every instrument of the registry as the store records it (underlyings first). */
export function registryInstruments(registry: InstrumentRegistry): InstrumentInfo[] {
  const out: InstrumentInfo[] = [];
  for (const u of registry.underlyings()) out.push({ key: u.key, symbol: u.name, underlying: u.name });
  for (const u of registry.underlyings()) {
    for (const expiry of registry.expiries(u.name)) {
      for (const pair of registry.strikes(u.name, expiry)) {
        for (const c of [pair.CE, pair.PE]) if (c) out.push({ key: c.key, symbol: c.symbol, underlying: c.underlying, expiry: c.expiry, strike: c.strike, side: c.side });
      }
    }
  }
  return out;
}

/** Resolves symbols to instrument keys; `stored` is re-read on a miss (an import may have added some). */
export class SymbolIndex {
  readonly #bySymbol = new Map<string, string>();
  readonly #keys = new Set<string>();
  readonly #stored: () => readonly StoredInstrument[];
  #storedSeen = -1;

  constructor(registry: InstrumentRegistry | null, stored: () => readonly StoredInstrument[]) {
    this.#stored = stored;
    for (const [name, key] of Object.entries(NSE_INDEX_KEYS)) this.#add(name, key);
    if (registry) for (const i of registryInstruments(registry)) this.#add(i.symbol!, i.key);
  }

  #add(symbol: string, key: string): void {
    this.#bySymbol.set(symbol.toUpperCase(), key);
    this.#keys.add(key);
  }

  #reloadStored(): void {
    const all = this.#stored();
    if (all.length === this.#storedSeen) return;
    this.#storedSeen = all.length;
    for (const i of all) {
      this.#keys.add(i.key);
      if (i.symbol && !this.#bySymbol.has(i.symbol.toUpperCase())) this.#bySymbol.set(i.symbol.toUpperCase(), i.key);
    }
  }

  /** The instrument key of a symbol, underlying name or key; throws UnknownSymbolError. */
  resolve(symbol: string): string {
    const s = symbol.trim();
    const hit = this.#bySymbol.get(s.toUpperCase()) ?? (this.#keys.has(s) ? s : undefined);
    if (hit) return hit;
    this.#reloadStored();
    const again = this.#bySymbol.get(s.toUpperCase()) ?? (this.#keys.has(s) ? s : undefined);
    if (again) return again;
    throw new UnknownSymbolError(s, HINT);
  }
}

/**
 * What an import records for `--symbol`: an NSE underlying's index, or an option the store (or the
 * registry) knows by its OpenAlgo symbol. Unknown → UnknownSymbolError.
 */
export function importInstrument(symbol: string, stored: readonly StoredInstrument[]): InstrumentInfo {
  const s = symbol.trim().toUpperCase();
  const index = NSE_INDEX_KEYS[s];
  if (index) return { key: index, symbol: s, underlying: s };
  const opt = stored.find((i) => i.symbol?.toUpperCase() === s);
  if (opt) {
    const side = opt.side === 'CE' || opt.side === 'PE' ? opt.side : undefined;
    return { key: opt.key, symbol: opt.symbol!, ...(opt.underlying && { underlying: opt.underlying }), ...(opt.expiry && { expiry: opt.expiry }), ...(opt.strike !== null && { strike: opt.strike }), ...(side && { side }) };
  }
  throw new UnknownSymbolError(symbol, `not an NSE underlying (${Object.keys(NSE_INDEX_KEYS).join(', ')}) nor an option symbol recorded in this store`);
}

/** Sidecar of the store: each underlying's contract facts, which the instruments table lacks. */
export function underlyingsFile(dbFile: string): string {
  return `${dbFile}.underlyings.json`;
}

export function readUnderlyings(dbFile: string): UnderlyingInfo[] {
  const file = underlyingsFile(dbFile);
  if (!existsSync(file)) return [];
  try {
    const list = JSON.parse(readFileSync(file, 'utf8')) as UnderlyingInfo[];
    if (!Array.isArray(list)) throw new Error('expected a JSON array of underlyings');
    return list.filter((u) => typeof u?.name === 'string' && typeof u.key === 'string' && u.lotSize > 0);
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Adds or updates `underlyings` in the sidecar (written atomically, mode 0600). A sidecar that
 * cannot be read (truncated, not JSON) is moved aside as `<file>.corrupt-<time>`, never deleted,
 * and rewritten from `underlyings`; the result says so.
 */
export function writeUnderlyings(dbFile: string, underlyings: readonly UnderlyingInfo[]): { movedTo: string | null; error: string | null } {
  let known: UnderlyingInfo[] = [];
  let movedTo: string | null = null;
  let error: string | null = null;
  try {
    known = readUnderlyings(dbFile);
  } catch (e) {
    error = ((e as Error).cause as Error | undefined)?.message ?? (e as Error).message;
    movedTo = moveAside(underlyingsFile(dbFile));
  }
  const byName = new Map(known.map((u) => [u.name, u]));
  for (const u of underlyings) byName.set(u.name, { ...u });
  const file = underlyingsFile(dbFile);
  writeFileSync(`${file}.tmp`, `${JSON.stringify([...byName.values()], null, 2)}\n`, { mode: FILE_MODE });
  chmodSync(`${file}.tmp`, FILE_MODE);
  renameSync(`${file}.tmp`, file);
  return { movedTo, error };
}

// Shedding, in its declared order, when the engine is more than a second behind its feed:
//  1. an intermediate quote of an instrument (an update that is neither a trade nor an OI change)
//     is coalesced into that instrument's next update in the batch: the next one keeps its own
//     values and takes the fields it lacks from the quote, so the latest value of every field is
//     exactly what it would have been, and the merged update keeps the older receive time;
//  2. trades (a change of cumulative volume; with no volume field, every print) and OI changes
//     are never shed, and neither is the last update of an instrument.
// Nothing else is ever dropped. Pure; counts what it shed. Runtime: std.
import type { Tick } from '../../../../shared/market.ts';

export interface ShedResult {
  ticks: Tick[];
  /** Updates coalesced away (always intermediate quotes). */
  shed: number;
}

/** True when `t` carries a trade or an OI change compared with the instrument's previous update `prev`. */
export function carriesTradeOrOi(t: Tick, prev: Tick | undefined): boolean {
  if (prev === undefined) return true; // nothing to compare with: keep it
  if (t.oi !== undefined && t.oi !== prev.oi) return true;
  if (t.volume !== undefined) return prev.volume === undefined || t.volume !== prev.volume;
  return t.ltp !== undefined; // a last-trade-only feed: every print is a trade
}

/** Merges `older` into `newer` (newer's fields win) and keeps the older receive time. */
function coalesce(older: Tick, newer: Tick): void {
  const n = newer as unknown as Record<string, unknown>;
  const o = older as unknown as Record<string, unknown>;
  // `crossed` belongs to the book it was found on (the boundary sets it again for the merged one).
  for (const k in o) if (n[k] === undefined && k !== 'crossed') n[k] = o[k];
  if (older.receiveMono !== undefined && (newer.receiveMono === undefined || older.receiveMono < newer.receiveMono)) newer.receiveMono = older.receiveMono;
}

/** The batch with every intermediate quote coalesced into the next update of its instrument; order otherwise kept. */
export function shedQuotes(batch: readonly Tick[]): ShedResult {
  const out: (Tick | null)[] = [];
  /** key → index in `out` of its latest update, while that update is a quote that may still be coalesced. */
  const pendingQuote = new Map<string, number>();
  const last = new Map<string, Tick>();
  let shed = 0;
  for (const t of batch) {
    const prev = last.get(t.key);
    const quoteOnly = !carriesTradeOrOi(t, prev);
    // Compare the next update with this one's values as they arrived, before anything merges into it.
    last.set(t.key, { ...t });
    const at = pendingQuote.get(t.key);
    if (at !== undefined) {
      coalesce(out[at]!, t);
      out[at] = null;
      shed++;
      pendingQuote.delete(t.key);
    }
    if (quoteOnly) pendingQuote.set(t.key, out.length);
    out.push(t);
  }
  return { ticks: shed ? (out.filter((t) => t !== null) as Tick[]) : (out as Tick[]), shed };
}

// Previous-close OI baselines for the engine (PrevOiBaseline), from an imported bhavcopy or
// from Optick's own history, and which of the two a session uses. Pure (std runtime).
import type { PrevOiBaseline } from '../chain/prev-oi.ts';
import type { InstrumentRegistry } from '../instruments/registry.ts';
import { contractId } from './parse.ts';

/** What `optick import bhavcopy` keeps in the data dir: option OI by contract id, one trade date. */
export interface SavedBhavcopy {
  trade_date: string;
  /** The CSV it came from (absolute path, as imported). */
  source: string;
  imported_at: number;
  /** contractId (SYMBOL|EXPIRY|STRIKE|SIDE) → OpnIntrst (units). */
  oi: Record<string, number>;
}

/** Maps a saved bhavcopy's contracts onto the registry's instrument keys (contracts not listed now are skipped). */
export function bhavcopyBaseline(saved: SavedBhavcopy, registry: InstrumentRegistry): PrevOiBaseline {
  const oi = new Map<string, number>();
  for (const u of registry.underlyings()) {
    for (const expiry of registry.expiries(u.name)) {
      for (const p of registry.strikes(u.name, expiry)) {
        for (const c of [p.CE, p.PE]) {
          if (!c) continue;
          const v = saved.oi[contractId(u.name, expiry, c.strike, c.side)];
          if (v !== undefined) oi.set(c.key, v);
        }
      }
    }
  }
  return { source: 'bhavcopy', date: saved.trade_date, oi };
}

/** The last OI of each option recorded before today (from the tick store's 1-minute bars), with its session date. */
export function historyBaseline(rows: readonly { key: string; oi: number; time: number }[], dateOf: (ms: number) => string): PrevOiBaseline | null {
  if (!rows.length) return null;
  let latest = rows[0]!.time;
  for (const r of rows) if (r.time > latest) latest = r.time;
  const date = dateOf(latest);
  // Only the previous session's own closing OI: bars of older days are not today's previous close.
  const oi = new Map<string, number>();
  for (const r of rows) if (dateOf(r.time) === date) oi.set(r.key, r.oi);
  return { source: 'history', date, oi };
}

export interface BaselineChoice {
  baseline: PrevOiBaseline | null;
  /** Why an imported bhavcopy was not used (another date), to tell the trader; null otherwise. */
  problem: string | null;
}

/**
 * Optick's own history of the previous session first; else the imported bhavcopy when it is of
 * the previous session (`previousSession`); a bhavcopy of another date is named and not used.
 */
export function chooseBaseline(history: PrevOiBaseline | null, bhavcopy: { saved: SavedBhavcopy; baseline: PrevOiBaseline } | null, previousSession: string): BaselineChoice {
  if (history && history.date === previousSession && history.oi.size > 0) return { baseline: history, problem: null };
  if (bhavcopy) {
    if (bhavcopy.saved.trade_date === previousSession) return { baseline: bhavcopy.baseline, problem: null };
    return {
      baseline: history,
      problem: `the imported bhavcopy ${bhavcopy.saved.source} is of ${bhavcopy.saved.trade_date}, not of the previous session ${previousSession}; ΔOI ${history ? `uses Optick's own history of ${history.date}` : 'is not shown'}`,
    };
  }
  return { baseline: history, problem: null };
}

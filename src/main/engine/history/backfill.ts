// A first run on the simulator: the day so far, stored as the app stores a live day. The
// simulator's backfill ticks (sim/backfill.ts) go into the tick store (candles are built from
// them), and the chain of every underlying's nearest expiry — built from those ticks
// by the engine's own chain model — is stored as a chain snapshot every 5 minutes, so the metric
// history (PCR, max pain, straddle, OI totals) has the day too. Skipped when the store already holds
// that stretch (a restart on the same day). Runtime: std.
import { chainId } from '../../../shared/chain.ts';
import type { OptionChainModel } from '../../../shared/chain.ts';
import type { Tick } from '../../../shared/market.ts';
import { OptionChain } from '../chain/option-chain.ts';
import type { Engine } from '../engine.ts';
import { MarketState } from '../market/market-state.ts';
import type { HistoryService } from './history-service.ts';

const MINUTE = 60_000;
/** The backfill's chain snapshots are this many minutes apart (its options are quoted as often: sim/backfill.ts). */
export const BACKFILL_SNAPSHOT_MINUTES = 5;

export interface BackfillResult {
  ticks: number;
  snapshots: number;
  /** Why nothing was written, or null. */
  skipped: string | null;
}

/** The chain snapshots of `ticks` (oldest first): one per chain at the end of every `everyMinutes`-th minute (IST clock minutes) and of the last. */
export function backfillSnapshots(engine: Engine, ticks: readonly Tick[], everyMinutes = BACKFILL_SNAPSHOT_MINUTES): { chain: OptionChainModel; ts: number }[] {
  const market = new MarketState();
  const chains = engine.underlyings().flatMap((u) => {
    const expiry = engine.expiries(u.name)[0];
    if (!expiry) return [];
    const chain = new OptionChain(chainId(u.name, expiry), u, expiry, engine.registry.strikes(u.name, expiry), {
      halfWidth: 20, margin: 2, atmBand: 0.1, optionMode: 'depth', atmReference: 'spot',
    });
    return [{ chain, key: u.key }];
  });
  const out: { chain: OptionChainModel; ts: number }[] = [];
  const snap = (ts: number) => {
    for (const { chain, key } of chains) {
      const spot = market.get(key)?.ltp;
      if (spot == null) continue;
      chain.onUnderlyingPrice(spot);
      const model = chain.model(market);
      model.timestamp = ts;
      out.push({ chain: model, ts });
    }
  };
  let minute: number | null = null;
  for (const t of ticks) {
    const m = Math.floor(t.exchangeTs / MINUTE);
    if (minute !== null && m !== minute && (minute + 1) % everyMinutes === 0) snap(minute * MINUTE + MINUTE - 1);
    minute = m;
    market.apply(t);
  }
  if (minute !== null) snap(minute * MINUTE + MINUTE - 1);
  return out;
}

/**
 * Stores the backfill unless the store already has candles of the underlyings in its stretch.
 * Live ticks may have been stored meanwhile (the backfill runs beside the live feed), so the
 * 1m candles of the backfilled instruments are rebuilt from the stored ticks over its stretch.
 * `aborted` is asked between the steps (the app is stopping).
 */
export async function recordBackfill(history: HistoryService, engine: Engine, ticks: readonly Tick[], aborted: () => boolean = () => false): Promise<BackfillResult> {
  const first = ticks[0]?.exchangeTs, last = ticks.at(-1)?.exchangeTs;
  if (first === undefined || last === undefined) return { ticks: 0, snapshots: 0, skipped: 'the simulator started within the first minute of its day' };
  for (const u of engine.underlyings()) {
    if (history.candles({ symbol: u.name, interval: '1m', from: first, to: last + 1 }).length > 0) {
      return { ticks: 0, snapshots: 0, skipped: `the store already has ${u.name} candles of today before the start` };
    }
  }
  const snapshots = backfillSnapshots(engine, ticks);
  if (aborted()) return { ticks: 0, snapshots: 0, skipped: 'the app is stopping' };
  if (!history.recordPast(ticks, snapshots)) return { ticks: 0, snapshots: 0, skipped: 'history is not recording' };
  await history.flush();
  if (aborted()) return { ticks: ticks.length, snapshots: snapshots.length, skipped: null };
  await history.rebuildCandles([...new Set(ticks.map((t) => t.key))], first, Math.floor(last / MINUTE) * MINUTE + MINUTE);
  return { ticks: ticks.length, snapshots: snapshots.length, skipped: null };
}

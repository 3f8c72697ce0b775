// Compact chain deltas: only what changed since the last flush. Values are absolute
// (not increments), so applying a delta twice, or to a newer snapshot, is harmless.
import type { ChainHead, ChainRow, MarketMetrics, OptionChainModel, OptionLeg } from './chain.ts';

/** Changed cells of one strike's row. */
export interface RowPatch {
  strike: number;
  tag?: string;
  ce?: Partial<OptionLeg>;
  pe?: Partial<OptionLeg>;
}

export interface ChainDelta {
  /** chainId(underlying, expiry). */
  chain: string;
  head?: Partial<ChainHead>;
  rows?: RowPatch[];
  /** Strikes that entered the window (re-centre), complete. */
  added?: ChainRow[];
  /** Strikes that left the window. */
  removed?: number[];
  metrics?: Partial<MarketMetrics>;
  /**
   * When Optick's socket received the oldest tick whose change this delta carries (monoNow() of
   * shared/latency.ts: monotonic ms on the epoch); absent when no new tick is in it (e.g. only
   * IV and Greeks came back from the pricing pool). Socket → screen = paint time − this.
   */
  oldest_receive?: number;
  /** The exchange time of that tick, epoch ms (tick time → screen, for comparison). */
  oldest_exchange_ts?: number;
  /** When the engine sent the delta (monoNow()). */
  sent_at?: number;
}

/** The oldest receive time (and its tick's exchange time) over several deltas; null when none carries one. */
export function oldestReceive(deltas: readonly ChainDelta[]): { receive: number; exchangeTs: number | null } | null {
  let best: ChainDelta | null = null;
  for (const d of deltas) if (d.oldest_receive !== undefined && (best === null || d.oldest_receive < best.oldest_receive!)) best = d;
  return best ? { receive: best.oldest_receive!, exchangeTs: best.oldest_exchange_ts ?? null } : null;
}

/** What changed in a model after applying a delta: the shape AG Grid transactions want. */
export interface AppliedDelta {
  updated: ChainRow[];
  added: ChainRow[];
  removed: ChainRow[];
  headChanged: boolean;
  metricsChanged: boolean;
}

/** Applies a delta to a chain model in place and reports what changed; rows stay sorted by strike. */
export function applyChainDelta(model: OptionChainModel, delta: ChainDelta): AppliedDelta {
  const result: AppliedDelta = { updated: [], added: [], removed: [], headChanged: false, metricsChanged: false };
  if (delta.head) { Object.assign(model, delta.head); result.headChanged = true; }
  if (delta.metrics) { Object.assign(model.market_metrics, delta.metrics); result.metricsChanged = true; }
  if (delta.removed?.length) {
    const gone = new Set(delta.removed);
    model.options = model.options.filter((row) => {
      if (gone.has(row.strike)) { result.removed.push(row); return false; }
      return true;
    });
  }
  if (delta.added?.length) {
    const have = new Map(model.options.map((r) => [r.strike, r]));
    for (const row of delta.added) {
      const existing = have.get(row.strike);
      // A row we already show is refreshed in place, not added twice.
      if (existing) { Object.assign(existing, row); result.updated.push(existing); continue; }
      model.options.push(row);
      result.added.push(row);
    }
    model.options.sort((a, b) => a.strike - b.strike);
  }
  if (delta.rows?.length) {
    const byStrike = new Map(model.options.map((r) => [r.strike, r]));
    for (const patch of delta.rows) {
      const row = byStrike.get(patch.strike);
      if (!row) continue;
      if (patch.tag !== undefined) row.tag = patch.tag;
      if (patch.ce && row.ce_data) Object.assign(row.ce_data, patch.ce);
      if (patch.pe && row.pe_data) Object.assign(row.pe_data, patch.pe);
      result.updated.push(row);
    }
  }
  return result;
}

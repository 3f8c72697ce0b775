// The renderer's copy of one watched chain and the bookkeeping that turns pushed deltas
// into AG Grid transactions keyed by strike. Pure: no DOM, no grid, so tests drive it.
import { chainId } from '../../shared/chain.ts';
import type { ChainHead, ChainRow, MarketMetrics, OptionChainModel } from '../../shared/chain.ts';
import { applyChainDelta } from '../../shared/delta.ts';
import type { ChainDelta } from '../../shared/delta.ts';

/**
 * One frame's changes for the grid: rows are the model's own row objects (the grid reads them
 * by strike). `add`, `update` and `remove` go to AG Grid; `repaint` rows changed only in value
 * (same row object, tag and leg objects): the grid has nothing to learn from them (its cells'
 * value is the leg object, its row classes come from the tag), so only their painted text changes.
 */
export interface RowTransaction {
  add: ChainRow[];
  update: ChainRow[];
  remove: ChainRow[];
  repaint: ChainRow[];
}

/** What the grid was last told of a strike: its row object, tag and leg objects. */
interface ShownRow {
  row: ChainRow;
  tag: ChainRow['tag'];
  ce: ChainRow['ce_data'];
  pe: ChainRow['pe_data'];
}

const shownOf = (row: ChainRow): ShownRow => ({ row, tag: row.tag, ce: row.ce_data, pe: row.pe_data });
const sameShape = (s: ShownRow, row: ChainRow): boolean => s.row === row && s.tag === row.tag && s.ce === row.ce_data && s.pe === row.pe_data;

export interface BookChanges {
  rows: boolean;
  head: boolean;
  metrics: boolean;
}

export class ChainBook {
  readonly id: string;
  readonly model: OptionChainModel;
  /** Strikes changed since the grid last heard from us. */
  readonly #touched = new Set<number>();
  /** What the grid shows, by strike, as of the last snapshot or transaction. */
  readonly #shown = new Map<number, ShownRow>();

  constructor(snapshot: OptionChainModel) {
    this.model = snapshot;
    this.id = chainId(snapshot.underlying, snapshot.expiry);
  }

  /** Applies this chain's deltas (others are ignored) in order; reports what changed. */
  apply(deltas: readonly ChainDelta[]): BookChanges {
    const changes: BookChanges = { rows: false, head: false, metrics: false };
    for (const delta of deltas) {
      if (delta.chain !== this.id) continue;
      const applied = applyChainDelta(this.model, delta);
      for (const list of [applied.updated, applied.added, applied.removed]) {
        for (const row of list) { this.#touched.add(row.strike); changes.rows = true; }
      }
      changes.head ||= applied.headChanged;
      changes.metrics ||= applied.metricsChanged;
    }
    return changes;
  }

  /** All rows for a fresh grid (a copy of the list; the row objects are shared). Clears pending changes. */
  snapshotRows(): ChainRow[] {
    this.#touched.clear();
    this.#shown.clear();
    for (const row of this.model.options) this.#shown.set(row.strike, shownOf(row));
    return [...this.model.options];
  }

  /**
   * Everything touched since the last call, as ONE transaction against what the grid shows:
   * a strike in the model and the grid is an update (a repaint when only values moved), only
   * in the model an add, only in the grid a remove. A strike added and removed between two
   * frames nets to nothing. Null when idle.
   */
  takeTransaction(): RowTransaction | null {
    if (this.#touched.size === 0) return null;
    const current = new Map(this.model.options.map((r) => [r.strike, r]));
    const tx: RowTransaction = { add: [], update: [], remove: [], repaint: [] };
    for (const strike of this.#touched) {
      const now = current.get(strike);
      const shown = this.#shown.get(strike);
      if (now && shown) (sameShape(shown, now) ? tx.repaint : tx.update).push(now);
      else if (now) tx.add.push(now);
      else if (shown) tx.remove.push(shown.row);
      if (now) this.#shown.set(strike, shownOf(now)); else this.#shown.delete(strike);
    }
    this.#touched.clear();
    return tx.add.length + tx.update.length + tx.remove.length + tx.repaint.length > 0 ? tx : null;
  }

  /** A fresh copy of the head fields, for the store (React sees a new object only when it changed). */
  head(): ChainHead {
    const { options: _options, market_metrics: _metrics, ...head } = this.model;
    return head;
  }

  metrics(): MarketMetrics {
    return { ...this.model.market_metrics };
  }
}

// Turns successive chain models into compact deltas: only cells whose value changed
// since the last flush. One tracker per chain; its memory is the last model sent.
// Runtime: std.
import type { ChainHead, ChainRow, MarketMetrics, OptionChainModel, OptionLeg } from '../../../shared/chain.ts';
import type { ChainDelta, RowPatch } from '../../../shared/delta.ts';

const HEAD_FIELDS = ['underlying_ltp', 'spot', 'underlying_change', 'atm_strike', 'atm_reference', 'timestamp', 'forward', 'forward_source', 'time_to_expiry', 'rate', 'prev_oi_source', 'prev_oi_date'] as const satisfies readonly (keyof ChainHead)[];

export class DeltaTracker {
  readonly chain: string;
  #last: OptionChainModel | null = null;

  constructor(chain: string) {
    this.chain = chain;
  }

  /** The last model diffed: what every watcher of this chain now holds. */
  get snapshot(): OptionChainModel | null {
    return this.#last;
  }

  /** The delta from the last model to `next`, or null when nothing changed. Remembers `next`. */
  diff(next: OptionChainModel): ChainDelta | null {
    const prev = this.#last;
    this.#last = next;
    if (!prev) return { chain: this.chain, head: headOf(next), added: next.options, removed: [], metrics: next.market_metrics };
    const delta: ChainDelta = { chain: this.chain };
    const head: Partial<ChainHead> = {};
    let headChanged = false;
    for (const f of HEAD_FIELDS) {
      if (prev[f] !== next[f]) { (head as Record<string, unknown>)[f] = next[f]; headChanged = true; }
    }
    if (headChanged) delta.head = head;

    const before = new Map(prev.options.map((r) => [r.strike, r]));
    const nowStrikes = new Set<number>();
    const rows: RowPatch[] = [];
    const added: ChainRow[] = [];
    for (const row of next.options) {
      nowStrikes.add(row.strike);
      const old = before.get(row.strike);
      if (!old) { added.push(row); continue; }
      const patch: RowPatch = { strike: row.strike };
      let changed = false;
      if (old.tag !== row.tag) { patch.tag = row.tag; changed = true; }
      const ce = diffLeg(old.ce_data, row.ce_data);
      if (ce) { patch.ce = ce; changed = true; }
      const pe = diffLeg(old.pe_data, row.pe_data);
      if (pe) { patch.pe = pe; changed = true; }
      if (changed) rows.push(patch);
    }
    const removed = prev.options.filter((r) => !nowStrikes.has(r.strike)).map((r) => r.strike);
    if (rows.length) delta.rows = rows;
    if (added.length) delta.added = added;
    if (removed.length) delta.removed = removed;
    const metrics = diffFlat(prev.market_metrics, next.market_metrics);
    if (metrics) delta.metrics = metrics;
    return delta.head || delta.rows || delta.added || delta.removed || delta.metrics ? delta : null;
  }
}

function headOf(m: OptionChainModel): Partial<ChainHead> {
  const { options: _rows, market_metrics: _metrics, ...head } = m;
  return head;
}

function diffLeg(a: OptionLeg | null, b: OptionLeg | null): Partial<OptionLeg> | null {
  if (!a || !b) return b && !a ? b : null;
  return diffFlat(a, b);
}

function diffFlat<T extends OptionLeg | MarketMetrics>(a: T, b: T): Partial<T> | null {
  let out: Partial<T> | null = null;
  for (const k in b) {
    if (a[k] !== b[k]) (out ??= {} as Partial<T>)[k] = b[k];
  }
  return out;
}

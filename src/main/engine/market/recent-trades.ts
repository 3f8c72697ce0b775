// The last trades of instruments shown as plain price views (symbols with no option chain:
// perpetuals, stocks): a fixed ring per instrument, filled from accepted ticks that carry a
// trade (LTP and LTQ). Bounded: `size` trades per key, only the keys asked to be kept. Runtime: std.
import type { Tick } from '../../../shared/market.ts';
import type { TradePrint } from '../../../shared/market.ts';

export class RecentTrades {
  readonly #size: number;
  readonly #rings = new Map<string, { prints: TradePrint[]; next: number }>();

  constructor(size = 50) {
    this.#size = size;
  }

  /** Starts keeping the trades of `key`. */
  keep(key: string): void {
    if (!this.#rings.has(key)) this.#rings.set(key, { prints: [], next: 0 });
  }

  onTicks(ticks: readonly Tick[]): void {
    for (const t of ticks) {
      if (t.ltp === undefined || t.ltq === undefined) continue;
      const r = this.#rings.get(t.key);
      if (!r) continue;
      const p: TradePrint = { time: t.exchangeTs, price: t.ltp, qty: t.ltq };
      if (r.prints.length < this.#size) r.prints.push(p);
      else r.prints[r.next] = p;
      r.next = (r.next + 1) % this.#size;
    }
  }

  /** Newest first. */
  of(key: string): TradePrint[] {
    const r = this.#rings.get(key);
    if (!r) return [];
    const n = r.prints.length;
    const out: TradePrint[] = [];
    for (let i = 1; i <= n; i++) out.push(r.prints[(r.next - i + n) % n]!);
    return out;
  }
}

// Subscription plan for Massive: the engine's venue-neutral modes become channel topics.
//   options (OCC tickers, /options cluster): ltp → T + A (trades, and A's day volume);
//     quote/depth → T + Q + A (+ FMV when the plan has the Business feed). Massive's quote is
//     the NBBO: one level, so depth = quote.
//   underlyings (stock tickers, /stocks cluster): T + Q.
// Q needs explicit contracts and Massive serves at most 1,000 a connection (protocols.md §3.2):
// past that, contracts fall back to T + A (last price and volume, no book), farthest last in the
// engine's order, and the plan says how many. Pure (std).
import type { FeedMode } from '../feed.ts';

export const MASSIVE_Q_LIMIT = 1000;

export type MassiveCluster = 'options' | 'stocks';

export interface MassivePlan {
  /** Topics per cluster, e.g. options: ['T.O:SPY…', 'Q.O:SPY…']. */
  topics: Record<MassiveCluster, Set<string>>;
  /** Contracts wanted with a book that got T + A only (over the Q limit). */
  quotesCut: number;
}

export function isOptionTicker(key: string): boolean {
  return key.startsWith('O:');
}

export function planMassive(wanted: ReadonlyMap<string, FeedMode>, opts: { fmv: boolean }): MassivePlan {
  const plan: MassivePlan = { topics: { options: new Set(), stocks: new Set() }, quotesCut: 0 };
  let quotes = 0;
  for (const [key, mode] of wanted) {
    if (!isOptionTicker(key)) {
      plan.topics.stocks.add(`T.${key}`).add(`Q.${key}`);
      continue;
    }
    const t = plan.topics.options;
    t.add(`T.${key}`).add(`A.${key}`);
    if (mode === 'ltp') continue;
    if (quotes >= MASSIVE_Q_LIMIT) { plan.quotesCut++; continue; }
    quotes++;
    t.add(`Q.${key}`);
    if (opts.fmv) t.add(`FMV.${key}`);
  }
  return plan;
}

// Everything the charts need, built once at startup outside React: the link to the host, the
// store of open charts and the shared candle subscriptions.
import type { Transport } from '../../api/transport.ts';
import { createChartsStore, openChart } from '../../stores/charts-store.ts';
import type { ChartsStore } from '../../stores/charts-store.ts';
import { CandleFeed } from './candle-feed.ts';

export interface ChartsBoard {
  api: Transport;
  store: ChartsStore;
  feed: CandleFeed;
  /** Opens (or focuses) the chart of an option symbol or underlying name. */
  open(symbol: string): void;
}

export function createChartsBoard(api: Transport): ChartsBoard {
  const store = createChartsStore();
  return { api, store, feed: new CandleFeed(api), open: (symbol) => { openChart(store, symbol); } };
}

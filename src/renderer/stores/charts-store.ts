// Which charts are open: a vanilla zustand store (outside React) holding only what the charts
// panel lays out. Bars never pass through here; each chart's controller feeds its own series.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { CandleInterval } from '../../shared/history.ts';

/** The panel shows at most this many charts (a 2 × 2 grid); opening another replaces the oldest. */
export const MAX_CHARTS = 4;
export const DEFAULT_INTERVAL: CandleInterval = '1m';

export interface ChartSpec {
  id: number;
  symbol: string;
  interval: CandleInterval;
}

export interface ChartsState {
  charts: ChartSpec[];
  /** The chart last opened or picked (highlighted), or null. */
  focused: number | null;
  nextId: number;
}

export type ChartsStore = StoreApi<ChartsState>;

export function createChartsStore(): ChartsStore {
  return createStore<ChartsState>()(() => ({ charts: [], focused: null, nextId: 1 }));
}

/**
 * Opens a chart of `symbol`; if one is already open it is focused instead (and switched to
 * `interval` when one is given). Beyond MAX_CHARTS the oldest chart is closed. Returns its id.
 */
export function openChart(store: ChartsStore, symbol: string, interval?: CandleInterval): number {
  const { charts, nextId } = store.getState();
  const open = charts.find((c) => c.symbol === symbol);
  if (open) {
    store.setState({
      focused: open.id,
      charts: interval && interval !== open.interval ? charts.map((c) => (c.id === open.id ? { ...c, interval } : c)) : charts,
    });
    return open.id;
  }
  const chart: ChartSpec = { id: nextId, symbol, interval: interval ?? DEFAULT_INTERVAL };
  store.setState({ charts: [...charts, chart].slice(-MAX_CHARTS), focused: chart.id, nextId: nextId + 1 });
  return chart.id;
}

export function closeChart(store: ChartsStore, id: number): void {
  const { charts, focused } = store.getState();
  const rest = charts.filter((c) => c.id !== id);
  if (rest.length === charts.length) return;
  store.setState({ charts: rest, focused: focused === id ? (rest.at(-1)?.id ?? null) : focused });
}

export function setChartInterval(store: ChartsStore, id: number, interval: CandleInterval): void {
  const { charts } = store.getState();
  if (!charts.some((c) => c.id === id && c.interval !== interval)) return;
  store.setState({ charts: charts.map((c) => (c.id === id ? { ...c, interval } : c)), focused: id });
}

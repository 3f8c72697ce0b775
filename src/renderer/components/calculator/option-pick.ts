// The option last clicked in the chain, for the calculator: App records every click; when the
// calculator is the panel on show, the click also fills it at once (`fill`).
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';

export interface OptionPick {
  symbol: string | null;
  /** Bumped on every click, so clicking the same option again still fills. */
  seq: number;
  fill: boolean;
}

export type OptionPickStore = StoreApi<OptionPick>;

export const createOptionPick = (): OptionPickStore => createStore<OptionPick>()(() => ({ symbol: null, seq: 0, fill: false }));

export function pickOption(store: OptionPickStore, symbol: string, fill: boolean): void {
  store.setState((s) => ({ symbol, fill, seq: s.seq + 1 }));
}

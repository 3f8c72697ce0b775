// The trader's column choice as a vanilla zustand store, remembered in localStorage (like the
// dock layout) so the chooser survives a reload; the grid refits when it changes.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { COLUMNS_STORAGE_KEY, readChoice } from './column-plan.ts';
import type { ColumnChoice, LegColumnKey } from './column-plan.ts';

export interface ColumnChoiceState {
  choice: ColumnChoice;
  /** Wanted columns the last fit left out for want of room (the chooser offers to bring them back). */
  noRoom: LegColumnKey[];
}
export type ColumnChoiceStore = StoreApi<ColumnChoiceState>;

export interface ChoiceStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function createColumnChoiceStore(storage: ChoiceStorage | null): ColumnChoiceStore {
  let raw: string | null = null;
  try { raw = storage?.getItem(COLUMNS_STORAGE_KEY) ?? null; } catch (err) { console.warn('optick: the saved chain columns could not be read', err); }
  const store = createStore<ColumnChoiceState>()(() => ({ choice: readChoice(raw), noRoom: [] }));
  store.subscribe((now, before) => {
    if (now.choice === before.choice || !storage) return;
    try { storage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(now.choice)); } catch (err) { console.warn('optick: the chain columns could not be saved', err); }
  });
  return store;
}

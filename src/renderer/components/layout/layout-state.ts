// Where the workstation's panels are: the dock (open or not, which tab, on the right or at the
// bottom, how big) and the settings sheet. A vanilla zustand store outside React, so the chain
// grid never re-renders when a panel opens; the dock part is remembered in localStorage.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';

export type DockSide = 'right' | 'bottom';

export interface DockLayout {
  open: boolean;
  tab: string;
  side: DockSide;
  /** Width of the dock on the right, CSS px. */
  width: number;
  /** Height of the dock at the bottom, CSS px. */
  height: number;
}

export interface LayoutState {
  dock: DockLayout;
  /** The settings sheet's open section, or null when the sheet is closed (not remembered). */
  settings: string | null;
}

export type LayoutStore = StoreApi<LayoutState>;

/** The bit of Storage the layout needs (localStorage in the app, a Map-backed stand-in in tests). */
export interface LayoutStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const LAYOUT_STORAGE_KEY = 'optick.layout.v1';
export const DOCK_WIDTH = { min: 300, max: 1400, initial: 440 } as const;
export const DOCK_HEIGHT = { min: 160, max: 900, initial: 280 } as const;

/** Open at the bottom: the chain's 22 columns need the window's width more than its height. */
export function defaultDock(tabs: readonly string[]): DockLayout {
  return { open: true, tab: tabs[0] ?? '', side: 'bottom', width: DOCK_WIDTH.initial, height: DOCK_HEIGHT.initial };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));
export const clampWidth = (px: number): number => clamp(px, DOCK_WIDTH.min, DOCK_WIDTH.max);
export const clampHeight = (px: number): number => clamp(px, DOCK_HEIGHT.min, DOCK_HEIGHT.max);

/**
 * The remembered dock, field by field: whatever is missing, of the wrong type or names a tab
 * that no longer exists falls back to the default, so a stale or hand-edited entry never breaks the screen.
 */
export function readDock(raw: string | null, tabs: readonly string[]): DockLayout {
  const dock = defaultDock(tabs);
  if (!raw) return dock;
  let saved: unknown;
  try { saved = JSON.parse(raw); } catch { return dock; }
  if (typeof saved !== 'object' || saved === null) return dock;
  const s = saved as Record<string, unknown>;
  if (typeof s.open === 'boolean') dock.open = s.open;
  if (typeof s.tab === 'string' && tabs.includes(s.tab)) dock.tab = s.tab;
  if (s.side === 'right' || s.side === 'bottom') dock.side = s.side;
  if (typeof s.width === 'number' && Number.isFinite(s.width)) dock.width = clampWidth(s.width);
  if (typeof s.height === 'number' && Number.isFinite(s.height)) dock.height = clampHeight(s.height);
  return dock;
}

export function createLayoutStore(tabs: readonly string[], storage: LayoutStorage | null): LayoutStore {
  let raw: string | null = null;
  try { raw = storage?.getItem(LAYOUT_STORAGE_KEY) ?? null; } catch (err) { console.warn('optick: the saved layout could not be read', err); }
  const store = createStore<LayoutState>()(() => ({ dock: readDock(raw, tabs), settings: null }));
  store.subscribe((now, before) => {
    if (now.dock === before.dock || !storage) return;
    try { storage.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(now.dock)); } catch (err) { console.warn('optick: the layout could not be saved', err); }
  });
  return store;
}

const setDock = (store: LayoutStore, patch: Partial<DockLayout>) =>
  store.setState((s) => ({ dock: { ...s.dock, ...patch } }));

export const toggleDock = (store: LayoutStore): void => setDock(store, { open: !store.getState().dock.open });
/** Shows a tab; picking the tab already shown in an open dock closes the dock (as IDE tool windows do). */
export function pickTab(store: LayoutStore, tab: string): void {
  const { dock } = store.getState();
  setDock(store, dock.open && dock.tab === tab ? { open: false } : { open: true, tab });
}
export const showTab = (store: LayoutStore, tab: string): void => setDock(store, { open: true, tab });
export const setDockSide = (store: LayoutStore, side: DockSide): void => setDock(store, { side });
export const resizeDock = (store: LayoutStore, px: number): void =>
  setDock(store, store.getState().dock.side === 'right' ? { width: clampWidth(px) } : { height: clampHeight(px) });
export const openSettings = (store: LayoutStore, section: string): void => store.setState({ settings: section });
export const closeSettings = (store: LayoutStore): void => store.setState({ settings: null });

// Which leg columns the chain shows: the trader's choice (the column chooser, remembered in
// localStorage like the dock layout) cut to the room there is. Columns come and go in pairs
// (a call column and its put mirror), lowest priority first, so both sides and the strike
// always fit without scrolling sideways; a column the trader pinned in the chooser goes last.
// Pure: widths are passed in, so tests drive it without a DOM.

/** Every leg field a column can show, in call-side order (outermost first). */
export const LEG_COLUMN_KEYS = [
  'buildup', 'oi', 'oi_change', 'oi_change_pct', 'volume', 'bid_qty', 'bid', 'ltp', 'change', 'ask', 'ask_qty', 'spread',
  'iv', 'broker_iv', 'model_value', 'broker_fmv', 'delta', 'broker_delta', 'gamma', 'theta', 'vega', 'rho',
] as const;
export type LegColumnKey = (typeof LEG_COLUMN_KEYS)[number];

/**
 * Lower number = kept longer as the window narrows. LTP and OI are what a chain is read for;
 * quantities and the spread go first. Optional columns (off until chosen) rank after the core.
 */
export const COLUMN_PRIORITY: Readonly<Record<LegColumnKey, number>> = {
  ltp: 1, oi: 2, iv: 3, oi_change: 4, bid: 5, ask: 6, change: 7, volume: 8, delta: 9,
  spread: 10, bid_qty: 11, ask_qty: 12,
  oi_change_pct: 13, buildup: 14, broker_iv: 15, broker_delta: 16, gamma: 17, theta: 18, vega: 19, rho: 20,
  model_value: 21, broker_fmv: 22,
};

/** Shown until the trader turns them off. The rest are in the chooser, off by default. */
export const DEFAULT_COLUMNS: readonly LegColumnKey[] = [
  'oi', 'oi_change', 'volume', 'bid_qty', 'bid', 'ltp', 'change', 'ask', 'ask_qty', 'spread', 'iv', 'delta',
];

export interface ColumnChoice {
  /** Columns the trader wants, whatever the width. */
  wanted: LegColumnKey[];
  /** Wanted columns the trader brought back from "no room": kept before every unpinned one. */
  pinned: LegColumnKey[];
}

export const COLUMNS_STORAGE_KEY = 'optick.chain-columns.v1';

export function defaultChoice(): ColumnChoice {
  return { wanted: [...DEFAULT_COLUMNS], pinned: [] };
}

const isKey = (v: unknown): v is LegColumnKey => typeof v === 'string' && (LEG_COLUMN_KEYS as readonly string[]).includes(v);

/** The remembered choice; anything unreadable, unknown or of the wrong type falls back to the default. */
export function readChoice(raw: string | null): ColumnChoice {
  if (!raw) return defaultChoice();
  let saved: unknown;
  try { saved = JSON.parse(raw); } catch { return defaultChoice(); }
  if (typeof saved !== 'object' || saved === null) return defaultChoice();
  const s = saved as Record<string, unknown>;
  if (!Array.isArray(s.wanted)) return defaultChoice();
  const wanted = [...new Set(s.wanted.filter(isKey))];
  const pinned = Array.isArray(s.pinned) ? [...new Set(s.pinned.filter(isKey))].filter((k) => wanted.includes(k)) : [];
  return { wanted, pinned };
}

/** Turns a column on or off; turning it off unpins it. */
export function toggleColumn(choice: ColumnChoice, key: LegColumnKey): ColumnChoice {
  if (choice.wanted.includes(key)) return { wanted: choice.wanted.filter((k) => k !== key), pinned: choice.pinned.filter((k) => k !== key) };
  return { wanted: [...choice.wanted, key], pinned: choice.pinned };
}

/** Brings a wanted column back when there is no room for it: it is kept before every unpinned column. */
export function pinColumn(choice: ColumnChoice, key: LegColumnKey): ColumnChoice {
  const wanted = choice.wanted.includes(key) ? choice.wanted : [...choice.wanted, key];
  return { wanted, pinned: [...choice.pinned.filter((k) => k !== key), key] };
}

export interface ColumnPlan {
  /** Wanted columns that fit, in call-side order. */
  shown: LegColumnKey[];
  /** Wanted columns left out for want of room, most important first. */
  noRoom: LegColumnKey[];
}

/**
 * Keeps wanted columns, most important first (pinned ones, the latest pin first, then by
 * priority), while a call column, its put mirror and the centre columns fit in `available`
 * px. `widthOf` is one column's width (the wider of its call and put). LTP is always kept.
 */
export function planColumns(choice: ColumnChoice, available: number, centreWidth: number, widthOf: (key: LegColumnKey) => number): ColumnPlan {
  const rank = (k: LegColumnKey) => {
    const pin = choice.pinned.indexOf(k);
    return pin >= 0 ? -1000 - pin : COLUMN_PRIORITY[k];
  };
  const byImportance = [...new Set(choice.wanted)].sort((a, b) => rank(a) - rank(b));
  const keep = new Set<LegColumnKey>();
  const noRoom: LegColumnKey[] = [];
  let used = centreWidth;
  for (const key of byImportance) {
    const need = 2 * widthOf(key);
    if (used + need <= available || (key === 'ltp' && keep.size === 0)) { keep.add(key); used += need; } else noRoom.push(key);
  }
  return { shown: LEG_COLUMN_KEYS.filter((k) => keep.has(k)), noRoom };
}

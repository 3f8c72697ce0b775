// Column layout of the option chain: calls on the left reading outward-in, strike and tag in
// the middle, puts mirrored on the right. Leg cells are painted by the chain's cell painter
// (chain/cell-painter.ts), not by the grid's refresh: their value getter returns the leg
// itself, which an update changes in place, so a transaction never re-renders a cell through
// React; the painter writes only the text that changed and flashes it green or red.
import type { ColDef, ColGroupDef, RowClassRules, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import type { Buildup, ChainRow, OptionLeg } from '../../shared/chain.ts';
import { formatChange, formatGreek, formatPrice, formatQty, formatSignedPercent, formatSignedQty, formatStrike, formatVolPercent } from '../format.ts';
import { LEG_COLUMN_KEYS } from './chain/column-plan.ts';
import type { LegColumnKey } from './chain/column-plan.ts';
import { LegCellRenderer } from './chain/cell-painter.ts';
import { spreadTier } from './spread.ts';

export type Side = 'ce' | 'pe';

export interface LegField {
  key: LegColumnKey;
  header: string;
  /** Said in full in the header's tooltip and the column chooser. */
  title: string;
  /** The cell's text for a leg ('' = blank). */
  text: (leg: OptionLeg) => string;
  /** The number a move is judged by (green up, red down); null = this column does not flash. */
  moveOf: ((leg: OptionLeg) => number | null | undefined) | null;
  /** A class for the value itself (up/down, spread tier, buildup), or null. */
  tone?: (leg: OptionLeg) => string | null;
  /** Narrowest the column may get in compact density and still show its widest likely value whole. */
  minWidth: number;
}

const signTone = (v: number | null | undefined): string | null => (v == null || v === 0 ? null : v > 0 ? 'tone-up' : 'tone-down');

export const BUILDUP_LABEL: Readonly<Record<Buildup, string>> = {
  long_buildup: 'Long build',
  short_buildup: 'Short build',
  short_covering: 'Short cover',
  long_unwinding: 'Long unwind',
};
const BUILDUP_TONE: Readonly<Record<Buildup, string>> = {
  long_buildup: 'tone-up', short_covering: 'tone-up', short_buildup: 'tone-down', long_unwinding: 'tone-down',
};

const FIELDS: Readonly<Record<LegColumnKey, LegField>> = {
  buildup: { key: 'buildup', header: 'Buildup', title: 'Buildup (price change × OI change)', text: (l) => (l.buildup ? BUILDUP_LABEL[l.buildup] : ''), moveOf: null, tone: (l) => (l.buildup ? BUILDUP_TONE[l.buildup] : null), minWidth: 74 },
  oi: { key: 'oi', header: 'OI', title: 'Open interest (bar: share of the expiry’s largest OI)', text: (l) => formatQty(l.oi), moveOf: (l) => l.oi, minWidth: 74 },
  oi_change: { key: 'oi_change', header: 'ΔOI', title: 'OI change since the previous close', text: (l) => formatSignedQty(l.oi_change), moveOf: (l) => l.oi_change, tone: (l) => signTone(l.oi_change), minWidth: 66 },
  oi_change_pct: { key: 'oi_change_pct', header: '%ΔOI', title: 'OI change since the previous close, in percent', text: (l) => formatSignedPercent(l.oi_change_pct), moveOf: null, tone: (l) => signTone(l.oi_change_pct), minWidth: 58 },
  volume: { key: 'volume', header: 'Volume', title: 'Volume today', text: (l) => formatQty(l.volume), moveOf: (l) => l.volume, minWidth: 74 },
  bid_qty: { key: 'bid_qty', header: 'Bid Qty', title: 'Bid quantity', text: (l) => formatQty(l.bid_qty), moveOf: (l) => l.bid_qty, minWidth: 52 },
  bid: { key: 'bid', header: 'Bid', title: 'Best bid', text: (l) => formatPrice(l.bid), moveOf: (l) => l.bid, minWidth: 54 },
  ltp: { key: 'ltp', header: 'LTP', title: 'Last traded price', text: (l) => formatPrice(l.ltp), moveOf: (l) => l.ltp, tone: (l) => signTone(l.change), minWidth: 56 },
  change: { key: 'change', header: 'Chg', title: 'LTP change since the previous close', text: (l) => formatChange(l.change), moveOf: null, tone: (l) => signTone(l.change), minWidth: 52 },
  ask: { key: 'ask', header: 'Ask', title: 'Best ask', text: (l) => formatPrice(l.ask), moveOf: (l) => l.ask, minWidth: 54 },
  ask_qty: { key: 'ask_qty', header: 'Ask Qty', title: 'Ask quantity', text: (l) => formatQty(l.ask_qty), moveOf: (l) => l.ask_qty, minWidth: 52 },
  spread: { key: 'spread', header: 'Sprd', title: 'Spread (ask − bid); green tight, amber wide', text: (l) => formatPrice(l.spread), moveOf: null, tone: (l) => { const t = spreadTier(l.bid, l.ask); return t ? `spread-${t}` : null; }, minWidth: 44 },
  model_value: { key: 'model_value', header: 'Model', title: 'Our model value: Black-76 on the forward at the strike’s IV', text: (l) => formatPrice(l.model_value), moveOf: null, minWidth: 54 },
  broker_fmv: { key: 'broker_fmv', header: 'FMV', title: 'Fair market value as the feed sends it (Massive FMV)', text: (l) => formatPrice(l.broker_fmv), moveOf: null, minWidth: 54 },
  iv: { key: 'iv', header: 'IV', title: 'Implied volatility (ours)', text: (l) => formatVolPercent(l.iv), moveOf: null, minWidth: 52 },
  broker_iv: { key: 'broker_iv', header: 'bIV', title: 'Implied volatility as the broker sends it', text: (l) => formatVolPercent(l.broker_iv), moveOf: null, minWidth: 52 },
  delta: { key: 'delta', header: 'Δ', title: 'Delta (ours)', text: (l) => formatGreek(l.delta), moveOf: null, minWidth: 48 },
  broker_delta: { key: 'broker_delta', header: 'bΔ', title: 'Delta as the broker sends it', text: (l) => formatGreek(l.broker_delta), moveOf: null, minWidth: 48 },
  gamma: { key: 'gamma', header: 'Γ', title: 'Gamma', text: (l) => formatGreek4(l.gamma), moveOf: null, minWidth: 52 },
  theta: { key: 'theta', header: 'Θ', title: 'Theta per calendar day', text: (l) => formatPrice(l.theta), moveOf: null, minWidth: 50 },
  vega: { key: 'vega', header: 'ν', title: 'Vega per vol point', text: (l) => formatPrice(l.vega), moveOf: null, minWidth: 50 },
  rho: { key: 'rho', header: 'ρ', title: 'Rho per 1 % rate', text: (l) => formatPrice(l.rho), moveOf: null, minWidth: 50 },
};

const gamma4 = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 4, maximumFractionDigits: 4, signDisplay: 'negative' });
function formatGreek4(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? gamma4.format(v) : '';
}

export const legField = (key: LegColumnKey): LegField => FIELDS[key];

/** Calls side, left to right; the puts side is the mirror image. */
export const CALL_FIELDS: readonly LegField[] = LEG_COLUMN_KEYS.map((k) => FIELDS[k]);
export const PUT_FIELDS: readonly LegField[] = [...CALL_FIELDS].reverse();

export const legOf = (row: ChainRow | undefined, side: Side): OptionLeg | null =>
  (side === 'ce' ? row?.ce_data : row?.pe_data) ?? null;

export const legColId = (side: Side, key: LegColumnKey): string => `${side}.${key}`;

/** Everything a leg cell's renderer needs to paint itself. */
export interface LegCellSpec { side: Side; field: LegField }

function legColumn(side: Side, field: LegField): ColDef<ChainRow> {
  const spec: LegCellSpec = { side, field };
  return {
    colId: legColId(side, field.key),
    headerName: field.header,
    headerTooltip: `${side === 'ce' ? 'Call' : 'Put'} ${field.title}`,
    width: field.minWidth,
    minWidth: field.minWidth,
    type: 'rightAligned',
    // The leg object itself: stable across updates, so the grid never refreshes the cell; the painter does.
    valueGetter: (p: ValueGetterParams<ChainRow>) => legOf(p.data, side),
    cellRenderer: LegCellRenderer,
    cellRendererParams: { spec },
    cellClass: [side, `col-${field.key}`],
  };
}

export const CHAIN_COLUMNS: (ColDef<ChainRow> | ColGroupDef<ChainRow>)[] = [
  { headerName: 'CALLS', groupId: 'calls', headerClass: 'group-calls', children: CALL_FIELDS.map((f) => legColumn('ce', f)) },
  {
    headerName: '', groupId: 'centre', headerClass: 'group-centre',
    children: [
      {
        colId: 'strike', headerName: 'Strike', field: 'strike', width: 64, minWidth: 60,
        valueFormatter: (p: ValueFormatterParams<ChainRow, number>) => formatStrike(p.value),
        cellClass: 'strike', headerClass: 'header-centre', sort: 'asc',
      },
      { colId: 'tag', headerName: 'Tag', field: 'tag', width: 48, minWidth: 44, cellClass: 'tag', headerClass: 'header-centre' },
    ],
  },
  { headerName: 'PUTS', groupId: 'puts', headerClass: 'group-puts', children: PUT_FIELDS.map((f) => legColumn('pe', f)) },
];

/** ITM side from the tag, which the engine names from the call's side (ITMn below ATM, OTMn above). */
export const isCallItm = (row: ChainRow | undefined): boolean => row?.tag.startsWith('ITM') ?? false;
export const isPutItm = (row: ChainRow | undefined): boolean => row?.tag.startsWith('OTM') ?? false;

export const CHAIN_ROW_CLASSES: RowClassRules<ChainRow> = {
  'row-atm': (p) => p.data?.tag === 'ATM',
  'row-ce-itm': (p) => isCallItm(p.data),
  'row-pe-itm': (p) => isPutItm(p.data),
};

export const rowIdOf = (row: ChainRow): string => String(row.strike);

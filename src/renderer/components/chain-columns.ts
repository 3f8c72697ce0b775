// Column layout of the option chain: calls on the left reading outward-in, strike and tag in
// the middle, puts mirrored on the right. Values are read from the row (row.ce_data.x), so
// the grid sees in-place updates through transactions keyed by strike.
import type { CellClassParams, ColDef, ColGroupDef, RowClassRules, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import type { ChainRow, OptionLeg } from '../../shared/chain.ts';
import { formatGreek, formatIv, formatPrice, formatQty, formatStrike } from '../format.ts';
import { spreadTier } from './spread.ts';

type Side = 'ce' | 'pe';
type LegKey = 'oi' | 'volume' | 'bid_qty' | 'bid' | 'ltp' | 'ask' | 'ask_qty' | 'spread' | 'iv' | 'delta';

interface LegField {
  key: LegKey;
  header: string;
  format: (v: number | null | undefined) => string;
  width: number;
  /** Narrowest the column may get and still show its widest likely value whole (no "1,00…"). */
  minWidth: number;
  /** IV/Delta stay blank until pricing lands; they do not flash on every recompute. */
  flash: boolean;
}

/** Calls side, left to right; the puts side is the mirror image. */
export const CALL_FIELDS: readonly LegField[] = [
  { key: 'oi', header: 'OI', format: formatQty, width: 84, minWidth: 76, flash: true },
  { key: 'volume', header: 'Volume', format: formatQty, width: 90, minWidth: 80, flash: true },
  { key: 'bid_qty', header: 'Bid Qty', format: formatQty, width: 70, minWidth: 58, flash: true },
  { key: 'bid', header: 'Bid', format: formatPrice, width: 72, minWidth: 64, flash: true },
  { key: 'ltp', header: 'LTP', format: formatPrice, width: 76, minWidth: 66, flash: true },
  { key: 'ask', header: 'Ask', format: formatPrice, width: 72, minWidth: 64, flash: true },
  { key: 'ask_qty', header: 'Ask Qty', format: formatQty, width: 70, minWidth: 58, flash: true },
  { key: 'spread', header: 'Spread', format: formatPrice, width: 60, minWidth: 52, flash: false },
  { key: 'iv', header: 'IV', format: formatIv, width: 56, minWidth: 50, flash: false },
  { key: 'delta', header: 'Delta', format: formatGreek, width: 60, minWidth: 54, flash: false },
];
export const PUT_FIELDS: readonly LegField[] = [...CALL_FIELDS].reverse();

export const legOf = (row: ChainRow | undefined, side: Side): OptionLeg | null =>
  (side === 'ce' ? row?.ce_data : row?.pe_data) ?? null;

function legColumn(side: Side, field: LegField): ColDef<ChainRow> {
  const col: ColDef<ChainRow> = {
    colId: `${side}.${field.key}`,
    headerName: field.header,
    headerTooltip: `${side === 'ce' ? 'Call' : 'Put'} ${field.header}`,
    width: field.width,
    minWidth: field.minWidth,
    type: 'rightAligned',
    valueGetter: (p: ValueGetterParams<ChainRow>) => legOf(p.data, side)?.[field.key] ?? null,
    valueFormatter: (p: ValueFormatterParams<ChainRow>) => field.format(p.value as number | null),
    enableCellChangeFlash: field.flash,
    cellClass: [side, `col-${field.key}`],
  };
  if (field.key === 'spread') {
    col.cellClassRules = {
      'spread-tight': (p: CellClassParams<ChainRow>) => tierOf(p, side) === 'tight',
      'spread-normal': (p: CellClassParams<ChainRow>) => tierOf(p, side) === 'normal',
      'spread-wide': (p: CellClassParams<ChainRow>) => tierOf(p, side) === 'wide',
    };
  }
  if (field.key === 'ltp') {
    col.cellClassRules = {
      'price-up': (p: CellClassParams<ChainRow>) => (legOf(p.data, side)?.change ?? 0) > 0,
      'price-down': (p: CellClassParams<ChainRow>) => (legOf(p.data, side)?.change ?? 0) < 0,
    };
  }
  return col;
}

function tierOf(p: CellClassParams<ChainRow>, side: Side) {
  const leg = legOf(p.data, side);
  return spreadTier(leg?.bid, leg?.ask);
}

export const CHAIN_COLUMNS: (ColDef<ChainRow> | ColGroupDef<ChainRow>)[] = [
  { headerName: 'CALLS', groupId: 'calls', headerClass: 'group-calls', children: CALL_FIELDS.map((f) => legColumn('ce', f)) },
  {
    headerName: '', groupId: 'centre', headerClass: 'group-centre',
    children: [
      {
        colId: 'strike', headerName: 'Strike', field: 'strike', width: 80, minWidth: 66,
        valueFormatter: (p: ValueFormatterParams<ChainRow, number>) => formatStrike(p.value),
        cellClass: 'strike', headerClass: 'header-centre', sort: 'asc',
      },
      { colId: 'tag', headerName: 'Tag', field: 'tag', width: 58, minWidth: 52, cellClass: 'tag', headerClass: 'header-centre' },
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

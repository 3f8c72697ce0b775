// Grid options of the option chain, shared by every way the grid is mounted (AgGridReact in
// the app, ag-grid-community's createGrid as the benchmark's baseline). Cells render as plain
// DOM text from value formatters (no React component per cell); rows come only via the sink.
import type { CellClickedEvent, ColDef, GetRowIdParams, GridApi, GridOptions, GridSizeChangedEvent, RowClassRules } from 'ag-grid-community';
import type { ChainRow } from '../../shared/chain.ts';
import type { GridSink } from '../stores/chain-session.ts';
import { CHAIN_COLUMNS, CHAIN_ROW_CLASSES, legColId, legField, rowIdOf } from './chain-columns.ts';
import { chainGridTheme } from './grid-theme.ts';
import { styleNonce } from '../csp-nonce.ts';
import { symbolOfCell } from './charts/chain-click.ts';
import { CellPainter } from './chain/cell-painter.ts';
import type { ChainGridContext } from './chain/cell-painter.ts';
import { LEG_COLUMN_KEYS, planColumns } from './chain/column-plan.ts';
import type { LegColumnKey } from './chain/column-plan.ts';
import type { ColumnChoiceStore } from './chain/column-choice.ts';

const DEFAULT_COL: ColDef<ChainRow> = { sortable: false, resizable: true, suppressMovable: true, suppressHeaderMenuButton: true };
/** Room left in each column for a value that grows a digit during the day (volume, OI). */
const GROWTH_PX = 6;

/** Room the grid keeps for its vertical scrollbar, so a fit never makes it scroll sideways. */
const SCROLLBAR_PX = 16;

/**
 * The trader's columns cut to the width there is (column-plan.ts), each as wide as its widest
 * shown value (never "1,00…") plus room to grow a digit, then the spare width shared out so
 * the columns fill the window. Planned on each column's floor first, then again on the
 * measured widths when values came out wider, so the chain never scrolls sideways.
 * Run for each new chain, on resize and when the choice changes; not per transaction.
 */
export function fitColumns(api: GridApi<ChainRow>, width: number): void {
  const { columns } = api.getGridOption('context') as ChainGridContext;
  const available = width - SCROLLBAR_PX;
  if (!(available > 0)) return;
  const choice = columns.getState().choice;
  const measured = new Map<string, number>();
  const widthOf = (key: LegColumnKey) => Math.max(
    measured.get(legColId('ce', key)) ?? legField(key).minWidth + GROWTH_PX,
    measured.get(legColId('pe', key)) ?? legField(key).minWidth + GROWTH_PX,
  );
  const centre = CENTRE_COLUMNS.reduce((sum, id) => sum + (api.getColumn(id)?.getMinWidth() ?? 0) + GROWTH_PX, 0);
  let plan = planColumns(choice, available, centre, widthOf);
  for (let pass = 0; pass < 2; pass++) {
    showOnly(api, plan.shown);
    const shownCols = api.getAllDisplayedColumns();
    // From the floor each time, so repeated fits never ratchet (an empty IV column keeps its floor).
    api.applyColumnState({ state: shownCols.map((c) => ({ colId: c.getColId(), width: c.getMinWidth() })) });
    api.autoSizeColumns(shownCols, true); // by values only: header labels are short and may clip first
    for (const c of shownCols) measured.set(c.getColId(), c.getActualWidth() + GROWTH_PX);
    const total = shownCols.reduce((sum, c) => sum + (measured.get(c.getColId()) ?? 0), 0);
    if (total <= available) break;
    plan = planColumns(choice, available, centre, widthOf);
  }
  const shownCols = api.getAllDisplayedColumns();
  api.sizeColumnsToFit({ columnLimits: shownCols.map((c) => ({ key: c.getColId(), minWidth: measured.get(c.getColId()) ?? c.getMinWidth() })) });
  const noRoom = plan.noRoom;
  if (noRoom.join() !== columns.getState().noRoom.join()) columns.setState({ noRoom });
}

const CENTRE_COLUMNS = ['strike', 'tag'];

function showOnly(api: GridApi<ChainRow>, shown: readonly LegColumnKey[]): void {
  const want = new Set(shown);
  const on: string[] = [], off: string[] = [];
  for (const key of LEG_COLUMN_KEYS) for (const side of ['ce', 'pe'] as const) (want.has(key) ? on : off).push(legColId(side, key));
  api.setColumnsVisible(off, false);
  api.setColumnsVisible(on, true);
}

const onSizeChanged = (event: GridSizeChangedEvent<ChainRow>) => fitColumns(event.api, event.clientWidth);
/** Fits the columns to the grid's own width now (new chain, changed choice). */
export function refit(api: GridApi<ChainRow>): void {
  if (api.isDestroyed()) return;
  const el = (api.getGridOption('context') as ChainGridContext).container();
  if (el) fitColumns(api, el.clientWidth);
}

const getRowId = (p: GetRowIdParams<ChainRow>): string => rowIdOf(p.data);

/** The strike an alert click brought on screen, per grid: its row is highlighted for FOCUS_MS. */
const focusedStrike = new WeakMap<GridApi<ChainRow>, number>();
const focusTimers = new WeakMap<GridApi<ChainRow>, ReturnType<typeof setTimeout>>();
const FOCUS_MS = 10_000;
const ROW_CLASSES: RowClassRules<ChainRow> = { ...CHAIN_ROW_CLASSES, 'row-alert-focus': (p) => p.data !== undefined && focusedStrike.get(p.api) === p.data.strike };

/** Runs a grid update and returns once the DOM shows it (React's flushSync under AgGridReact). */
export type Commit = (update: () => void) => void;
const direct: Commit = (update) => update();

/**
 * The grid as the chain session feeds it: loading, a whole new chain, one transaction a frame.
 * Under AgGridReact every changed cell is a React state update; left to React's scheduler they
 * commit in a later task, so the browser styles and lays the grid out twice a frame (once for
 * the flash classes AG Grid sets at once, once for React's text). `commit` = flushSync puts
 * both in the same task: one style and layout pass per transaction, as with createGrid.
 */
export function sinkFor(api: GridApi<ChainRow>, commit: Commit = direct): GridSink {
  const { painter } = api.getGridOption('context') as ChainGridContext;
  return {
    loading() {
      api.setGridOption('loading', true);
    },
    reset(rows, atmStrike) {
      focusedStrike.delete(api); // another chain: the highlight was for the last one
      painter.reset(rows);
      api.setGridOption('rowData', rows);
      api.setGridOption('loading', false);
      requestAnimationFrame(() => refit(api));
      const atm = atmStrike === null ? undefined : api.getRowNode(String(atmStrike));
      if (atm) api.ensureNodeVisible(atm, 'middle');
    },
    apply(tx) {
      // The grid learns of added/removed/re-tagged rows and re-evaluates row classes (ATM, ITM
      // halves); leg cells keep their value (the leg object), so it re-renders none of them.
      // A frame of value changes only (tx.repaint) never reaches the grid: the painter rewrites the text.
      const { add, update, remove } = tx;
      if (add.length + update.length + remove.length > 0) commit(() => { api.applyTransaction({ add, update, remove }); });
      painter.paint(tx);
    },
    scaleOi(maxOi) {
      painter.setExpiryMaxOi(maxOi);
    },
    focusStrike(strike) {
      const node = api.getRowNode(String(strike));
      if (!node) return;
      const before = focusedStrike.get(api);
      const old = before === undefined ? undefined : api.getRowNode(String(before));
      focusedStrike.set(api, strike);
      api.redrawRows({ rowNodes: old && old !== node ? [old, node] : [node] });
      api.ensureNodeVisible(node, 'middle');
      clearTimeout(focusTimers.get(api));
      focusTimers.set(api, setTimeout(() => {
        if (focusedStrike.get(api) !== strike) return;
        focusedStrike.delete(api);
        const n = api.getRowNode(String(strike));
        if (n) api.redrawRows({ rowNodes: [n] });
      }, FOCUS_MS));
    },
  };
}

/**
 * Options for one grid. `onReady` gets the api once (feed it through sinkFor); `container` is
 * the element that carries the grid's data-rows for the screen's status and e2e checks.
 */
export function chainGridOptions(onReady: (api: GridApi<ChainRow>) => void, container: () => HTMLElement | null, columns: ColumnChoiceStore, onOption?: (symbol: string) => void): GridOptions<ChainRow> {
  const painter = new CellPainter();
  return {
    // A click on a call or put cell opens that option's chart.
    onCellClicked: (event: CellClickedEvent<ChainRow>) => {
      const symbol = symbolOfCell(event.column.getColId(), event.data);
      if (symbol) onOption?.(symbol);
    },
    theme: chainGridTheme,
    // The theme CSS AG Grid injects carries the page's CSP nonce: no style-src 'unsafe-inline'.
    styleNonce: styleNonce(),
    context: { painter, columns, container } satisfies ChainGridContext,
    columnDefs: CHAIN_COLUMNS,
    defaultColDef: DEFAULT_COL,
    getRowId,
    rowClassRules: ROW_CLASSES,
    onGridReady: (event) => {
      // A changed column choice refits at once (and is remembered by the store).
      const stop = columns.subscribe((now, before) => { if (now.choice !== before.choice) refit(event.api); });
      event.api.addEventListener('gridPreDestroyed', () => { stop(); painter.offscreen.dispose(); });
      onReady(event.api);
    },
    onModelUpdated: (event) => {
      const el = container();
      if (el) el.dataset.rows = String(event.api.getDisplayedRowCount());
    },
    onGridSizeChanged: onSizeChanged,
    autoSizePadding: 0,
    rowBuffer: 25,
    cellFlashDuration: 300,
    cellFadeDuration: 500,
    suppressCellFocus: true,
    suppressColumnVirtualisation: true,
    animateRows: false,
    overlayNoRowsTemplate: "<span class='grid-empty'>No chain loaded</span>",
  };
}

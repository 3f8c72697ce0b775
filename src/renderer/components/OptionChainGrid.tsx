// The option-chain grid. Rows reach it only through the chain session: once per chain as
// row data, then as one transaction per frame keyed by strike. No rows pass through props.
import { useEffect, useRef } from 'react';
import { AllCommunityModule, createGrid, ModuleRegistry } from 'ag-grid-community';
import type { CellClickedEvent, ColDef, GetRowIdParams, GridApi, GridOptions, GridSizeChangedEvent } from 'ag-grid-community';
import type { ChainRow } from '../../shared/chain.ts';
import type { ChainSession, GridSink } from '../stores/chain-session.ts';
import { CHAIN_COLUMNS, CHAIN_ROW_CLASSES, rowIdOf } from './chain-columns.ts';
import { chainGridTheme } from './grid-theme.ts';
import { symbolOfCell } from './charts/chain-click.ts';
import { styleNonce } from '../csp-nonce.ts';

ModuleRegistry.registerModules([AllCommunityModule]);

const DEFAULT_COL: ColDef<ChainRow> = { sortable: false, resizable: true, suppressMovable: true, suppressHeaderMenuButton: true };
/** Room left in each column for a value that grows a digit during the day (volume, OI). */
const GROWTH_PX = 6;

/**
 * Every column as wide as its widest shown value (never "1,00…"), then the spare width of the
 * window shared out so the 22 columns fill it; narrower than the content, the grid scrolls.
 * Run for each new chain and on resize, not per transaction.
 */
function fitColumns(api: GridApi<ChainRow>): void {
  const columns = api.getColumns() ?? [];
  // From the floor each time, so repeated fits never ratchet (an empty IV column keeps its floor).
  api.applyColumnState({ state: columns.map((c) => ({ colId: c.getColId(), width: c.getMinWidth() })) });
  api.autoSizeAllColumns(true); // by values only: header labels are short and may clip first
  const columnLimits = columns.map((c) => ({ key: c.getColId(), minWidth: c.getActualWidth() + GROWTH_PX }));
  api.sizeColumnsToFit({ columnLimits });
}
const onSizeChanged = (event: GridSizeChangedEvent<ChainRow>) => fitColumns(event.api);
const getRowId = (p: GetRowIdParams<ChainRow>): string => rowIdOf(p.data);

function sinkFor(api: GridApi<ChainRow>): GridSink {
  return {
    loading() {
      api.setGridOption('loading', true);
    },
    reset(rows, atmStrike) {
      api.setGridOption('rowData', rows);
      api.setGridOption('loading', false);
      requestAnimationFrame(() => fitColumns(api));
      const atm = atmStrike === null ? undefined : api.getRowNode(String(atmStrike));
      if (atm) api.ensureNodeVisible(atm, 'middle');
    },
    apply(tx) {
      api.applyTransaction(tx);
    },
  };
}

/** Grid options: cells render as plain DOM (no React per cell); rows come only via the sink. */
function chainGridOptions(onReady: (api: GridApi<ChainRow>) => void, container: HTMLElement, onOption?: (symbol: string) => void): GridOptions<ChainRow> {
  return {
    // A click on a call or put cell opens that option's chart.
    onCellClicked: (event: CellClickedEvent<ChainRow>) => {
      const symbol = symbolOfCell(event.column.getColId(), event.data);
      if (symbol) onOption?.(symbol);
    },
    theme: chainGridTheme,
    // The theme CSS AG Grid injects carries the page's CSP nonce: no style-src 'unsafe-inline'.
    styleNonce: styleNonce(),
    columnDefs: CHAIN_COLUMNS,
    defaultColDef: DEFAULT_COL,
    getRowId,
    rowClassRules: CHAIN_ROW_CLASSES,
    onGridReady: (event) => onReady(event.api),
    // The grid's own row count, for the screen's status and for e2e checks.
    onModelUpdated: (event) => { container.dataset.rows = String(event.api.getDisplayedRowCount()); },
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

/**
 * The grid is created with ag-grid-community's createGrid in a div React does not touch:
 * the React wrapper renders every cell as a React component, which measured as the largest
 * single cost of a transaction at firehose rates.
 */
export function OptionChainGrid({ session, onOpenChart }: { session: ChainSession; onOpenChart?: (symbol: string) => void }) {
  const host = useRef<HTMLDivElement | null>(null);
  const openChart = useRef(onOpenChart);
  openChart.current = onOpenChart;
  useEffect(() => {
    const el = host.current;
    if (!el) return undefined;
    let detach: (() => void) | null = null;
    const api = createGrid<ChainRow>(el, chainGridOptions((ready) => { detach = session.attachGrid(sinkFor(ready)); }, el, (symbol) => openChart.current?.(symbol)));
    return () => { detach?.(); api.destroy(); };
  }, [session]);

  return <div className="chain-grid" data-testid="chain-grid" ref={host} />;
}

// The option-chain grid. Rows reach it only through the chain session: once per chain as
// row data, then as one transaction per frame keyed by strike. No rows pass through props.
import { useEffect, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community';
import type { ColDef, GetRowIdParams, GridApi, GridReadyEvent, GridSizeChangedEvent, ModelUpdatedEvent } from 'ag-grid-community';
import type { ChainRow } from '../../shared/chain.ts';
import type { ChainSession, GridSink } from '../stores/chain-session.ts';
import { CHAIN_COLUMNS, CHAIN_ROW_CLASSES, rowIdOf } from './chain-columns.ts';
import { chainGridTheme } from './grid-theme.ts';

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

export function OptionChainGrid({ session }: { session: ChainSession }) {
  const detach = useRef<(() => void) | null>(null);
  const container = useRef<HTMLDivElement | null>(null);
  useEffect(() => () => { detach.current?.(); detach.current = null; }, []);

  const onGridReady = (event: GridReadyEvent<ChainRow>) => {
    detach.current?.();
    detach.current = session.attachGrid(sinkFor(event.api));
  };

  // The grid's own row count, for the status of the screen and for e2e checks.
  const onModelUpdated = (event: ModelUpdatedEvent<ChainRow>) => {
    if (container.current) container.current.dataset.rows = String(event.api.getDisplayedRowCount());
  };

  return (
    <div className="chain-grid" data-testid="chain-grid" ref={container}>
      <AgGridReact<ChainRow>
        theme={chainGridTheme}
        columnDefs={CHAIN_COLUMNS}
        defaultColDef={DEFAULT_COL}
        getRowId={getRowId}
        rowClassRules={CHAIN_ROW_CLASSES}
        onGridReady={onGridReady}
        onModelUpdated={onModelUpdated}
        onGridSizeChanged={onSizeChanged}
        autoSizePadding={0}
        rowBuffer={25}
        cellFlashDuration={400}
        cellFadeDuration={600}
        suppressCellFocus
        suppressColumnVirtualisation
        animateRows={false}
        overlayNoRowsTemplate="<span class='grid-empty'>No chain loaded</span>"
      />
    </div>
  );
}

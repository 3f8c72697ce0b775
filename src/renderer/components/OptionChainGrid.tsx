// The option-chain grid. Rows reach it only through the chain session: once per chain as
// row data, then as one transaction per frame keyed by strike. No rows pass through props.
import { useEffect, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community';
import type { ColDef, GetRowIdParams, GridApi, GridReadyEvent, ModelUpdatedEvent } from 'ag-grid-community';
import type { ChainRow } from '../../shared/chain.ts';
import type { ChainSession, GridSink } from '../stores/chain-session.ts';
import { CHAIN_COLUMNS, CHAIN_ROW_CLASSES, rowIdOf } from './chain-columns.ts';
import { chainGridTheme } from './grid-theme.ts';

ModuleRegistry.registerModules([AllCommunityModule]);

const DEFAULT_COL: ColDef<ChainRow> = { sortable: false, resizable: true, suppressMovable: true, suppressHeaderMenuButton: true };
const getRowId = (p: GetRowIdParams<ChainRow>): string => rowIdOf(p.data);

function sinkFor(api: GridApi<ChainRow>): GridSink {
  return {
    loading() {
      api.setGridOption('loading', true);
    },
    reset(rows, atmStrike) {
      api.setGridOption('rowData', rows);
      api.setGridOption('loading', false);
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

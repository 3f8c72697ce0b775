// The option-chain grid, mounted with ag-grid-react's AgGridReact. Rows reach it only through
// the chain session: once per chain as row data, then as one transaction per frame keyed by
// strike, straight to the grid api (sinkFor). No rows pass through props, so React renders
// this component once; options are built once per session and never change identity.
import { useEffect, useMemo, useRef } from 'react';
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { flushSync } from 'react-dom';
import type { ChainRow } from '../../shared/chain.ts';
import type { ChainSession } from '../stores/chain-session.ts';
import { chainGridOptions, sinkFor } from './chain-grid-options.ts';
import type { ColumnChoiceStore } from './chain/column-choice.ts';

ModuleRegistry.registerModules([AllCommunityModule]);

const FILL = { height: '100%', width: '100%' } as const;

interface Props {
  session: ChainSession;
  /** The trader's column choice (the chooser writes it; the grid refits on a change). */
  columns: ColumnChoiceStore;
  onOpenChart?: (symbol: string) => void;
}

export function OptionChainGrid({ session, columns, onOpenChart }: Props) {
  const host = useRef<HTMLDivElement | null>(null);
  const openChart = useRef(onOpenChart);
  openChart.current = onOpenChart;
  const detach = useRef<(() => void) | null>(null);
  const options = useMemo(() => chainGridOptions(
    (api) => { detach.current?.(); detach.current = session.attachGrid(sinkFor(api, flushSync)); },
    () => host.current,
    columns,
    (symbol) => openChart.current?.(symbol),
  ), [session, columns]);
  useEffect(() => () => { detach.current?.(); detach.current = null; }, [session]);

  return (
    <div className="chain-grid" data-testid="chain-grid" ref={host}>
      <AgGridReact<ChainRow> gridOptions={options} containerStyle={FILL} />
    </div>
  );
}

// The charts panel: up to four charts side by side and a button to chart the shown underlying.
// Charts open from the chain too (click a call or put cell).
import { useStore } from 'zustand';
import type { ScreenStore } from '../../stores/screen-store.ts';
import type { ChartsBoard } from './board.ts';
import { ChartCard } from './ChartCard.tsx';
import './charts.css';

interface Props { board: ChartsBoard; screen: ScreenStore }

export function ChartsPanel({ board, screen }: Props) {
  const charts = useStore(board.store, (s) => s.charts);
  const focused = useStore(board.store, (s) => s.focused);
  const underlying = useStore(screen, (s) => s.underlying);

  return (
    <div className="charts-panel" data-testid="charts-panel">
      <div className="charts-toolbar">
        <button type="button" className="tool-button" data-testid="chart-underlying" disabled={!underlying} onClick={() => underlying && board.open(underlying)}>
          + {underlying ?? 'Underlying'} chart
        </button>
        <span className="charts-hint">Click a call or put in the chain to chart it · up to 4 charts</span>
      </div>
      {charts.length === 0
        ? <div className="charts-empty">No chart open. Chart {underlying ?? 'the underlying'} with the button above, or click a call or put in the chain.</div>
        : (
          <div className={`charts-grid n${charts.length}`}>
            {charts.map((spec) => <ChartCard key={spec.id} board={board} spec={spec} focused={spec.id === focused && charts.length > 1} />)}
          </div>
        )}
    </div>
  );
}

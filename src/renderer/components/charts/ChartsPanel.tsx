// The charts panel: the shown chain's analytics charts (IV smile, OI by strike, the day's PCR /
// max pain / straddle), then up to four candle charts, and a button to chart the shown
// underlying. Candle charts open from the chain too (click a call or put cell).
import { useStore } from 'zustand';
import type { ChainSession } from '../../stores/chain-session.ts';
import type { ScreenStore } from '../../stores/screen-store.ts';
import { AnalyticsCharts } from '../analytics-charts/AnalyticsCharts.tsx';
import type { ChartsBoard } from './board.ts';
import { ChartCard } from './ChartCard.tsx';
import './charts.css';

interface Props { board: ChartsBoard; screen: ScreenStore; session: ChainSession }

export function ChartsPanel({ board, screen, session }: Props) {
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
      {/* The shown chain's smile, OI and day lines first, then the candle charts opened. */}
      <div className="charts-grid" data-testid="charts-grid">
        <AnalyticsCharts api={board.api} session={session} screen={screen} />
        {charts.map((spec) => <ChartCard key={spec.id} board={board} spec={spec} focused={spec.id === focused && charts.length > 1} />)}
      </div>
    </div>
  );
}

// One chart card: title, interval picker, close, the OHLCV legend and the canvas. React renders
// the frame once; bars and legend text are written by the ChartController, not by re-renders.
import { useEffect, useRef, useState } from 'react';
import { CANDLE_INTERVALS, isCandleInterval } from '../../../shared/history.ts';
import { closeChart, setChartInterval } from '../../stores/charts-store.ts';
import type { ChartSpec } from '../../stores/charts-store.ts';
import type { ChartsBoard } from './board.ts';
import { ChartController } from './chart-controller.ts';
import { domLegend } from './legend.ts';
import { describeSymbol } from './symbol-label.ts';

interface Props { board: ChartsBoard; spec: ChartSpec; focused: boolean }

export function ChartCard({ board, spec, focused }: Props) {
  const host = useRef<HTMLDivElement | null>(null);
  const legend = useRef<HTMLDivElement | null>(null);
  const controller = useRef<ChartController | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [empty, setEmpty] = useState(false);

  useEffect(() => {
    if (!host.current || !legend.current) return undefined;
    const c = new ChartController(host.current, {
      api: board.api, feed: board.feed, legend: domLegend(legend.current), onError: setError, onEmpty: setEmpty,
    });
    controller.current = c;
    return () => { c.dispose(); if (controller.current === c) controller.current = null; };
  }, [board]);

  useEffect(() => {
    void controller.current?.show(spec.symbol, spec.interval);
  }, [board, spec.symbol, spec.interval]);

  const label = describeSymbol(spec.symbol);
  return (
    <div className={focused ? 'chart-card focused' : 'chart-card'} data-testid="chart-card" data-symbol={spec.symbol}>
      <div className="chart-head">
        <span className="chart-title" data-testid="chart-title" title={spec.symbol}>
          {label.title}{label.detail && <span className="chart-detail">{label.detail}</span>}
        </span>
        <div className="interval-picker" role="radiogroup" aria-label="Interval">
          {CANDLE_INTERVALS.map((iv) => (
            <button
              key={iv} type="button" role="radio" aria-checked={iv === spec.interval}
              className={iv === spec.interval ? 'iv active' : 'iv'} data-testid={`chart-interval-${iv}`}
              onClick={() => setChartInterval(board.store, spec.id, iv)}
            >{iv}</button>
          ))}
        </div>
        <select
          className="interval-select" data-testid="chart-interval" value={spec.interval} aria-label="Interval"
          onChange={(e) => { if (isCandleInterval(e.target.value)) setChartInterval(board.store, spec.id, e.target.value); }}
        >
          {CANDLE_INTERVALS.map((iv) => <option key={iv} value={iv}>{iv}</option>)}
        </select>
        <button type="button" className="chart-close" data-testid="chart-close" title="Close chart" onClick={() => closeChart(board.store, spec.id)}>×</button>
      </div>
      <div className="chart-body">
        <div className="chart-legend" data-testid="chart-legend" ref={legend}>
          <span className="lg-time" data-field="time" />
          <span><b>O</b><i data-field="open">—</i></span>
          <span><b>H</b><i data-field="high">—</i></span>
          <span><b>L</b><i data-field="low">—</i></span>
          <span><b>C</b><i data-field="close" data-testid="legend-close">—</i></span>
          <span className="lg-change" data-field="change" />
          <span><b>V</b><i data-field="volume">—</i></span>
        </div>
        {error && <div className="chart-error" role="alert">{error}</div>}
        {empty && !error && (
          <div className="chart-empty" data-testid="chart-empty">
            No {spec.interval} bars of {label.title} yet. Bars are built from ticks inside the session; they appear here as they trade.
          </div>
        )}
        <div className="chart-canvas" data-testid="chart-canvas" ref={host} />
      </div>
    </div>
  );
}

// The IV smile: IV by strike on lightweight-charts' options chart (strikes on the horizontal
// axis), calls and puts as lines with a point per strike, the broker's IV as a faint dashed
// line behind them, the forward marked at its nearest strike. Fed imperatively by show().
import { createOptionsChart, createSeriesMarkers, LineSeries, LineStyle } from 'lightweight-charts';
import type { IChartApiBase, ISeriesApi, ISeriesMarkersPluginApi, LineData } from 'lightweight-charts';
import { formatStrike } from '../../format.ts';
import { chartLook } from '../charts/chart-controller.ts';
import type { SmileData, SmilePoint } from './chart-data.ts';

export const CALL_COLOUR = '#26c281';
export const PUT_COLOUR = '#f0524f';
const BROKER_COLOUR = 'rgba(141, 154, 171, 0.45)';
const FORWARD_COLOUR = '#4c8dff';

const ivFormat = { type: 'custom' as const, formatter: (v: number) => `${v.toFixed(2)}%`, minMove: 0.01 };

export class SmileChart {
  readonly #chart: IChartApiBase<number>;
  readonly #call: ISeriesApi<'Line', number>;
  readonly #put: ISeriesApi<'Line', number>;
  readonly #broker: ISeriesApi<'Line', number>;
  readonly #callMarks: ISeriesMarkersPluginApi<number>;
  readonly #putMarks: ISeriesMarkersPluginApi<number>;
  readonly #host: HTMLElement;
  #strikes = '';

  constructor(host: HTMLElement) {
    this.#host = host;
    this.#chart = createOptionsChart(host, {
      ...chartLook(),
      localization: { locale: 'en-IN', precision: 0, priceFormatter: (v: number) => `${v.toFixed(2)}%`, timeFormatter: (strike: number) => formatStrike(strike) },
      timeScale: { borderColor: '#1f2935' },
      rightPriceScale: { borderColor: '#1f2935', scaleMargins: { top: 0.18, bottom: 0.12 } },
    });
    const line = { lineWidth: 2 as const, priceFormat: ivFormat, priceLineVisible: false, lastValueVisible: false, pointMarkersVisible: true, pointMarkersRadius: 2.5 };
    this.#broker = this.#chart.addSeries(LineSeries, {
      ...line, color: BROKER_COLOUR, lineWidth: 1, lineStyle: LineStyle.Dashed, pointMarkersVisible: false, crosshairMarkerVisible: false, title: 'broker',
    });
    this.#call = this.#chart.addSeries(LineSeries, { ...line, color: CALL_COLOUR, title: 'CE' });
    this.#put = this.#chart.addSeries(LineSeries, { ...line, color: PUT_COLOUR, title: 'PE' });
    this.#callMarks = createSeriesMarkers(this.#call, []);
    this.#putMarks = createSeriesMarkers(this.#put, []);
  }

  /** Draws the smile; the view is refitted when the strikes shown change (a re-centred chain). */
  show(data: SmileData): void {
    this.#call.setData(data.call.map(toLine));
    this.#put.setData(data.put.map(toLine));
    this.#broker.setData(data.broker.map(toLine));
    const marker = (points: readonly SmilePoint[]) => (data.forwardStrike !== null && data.forward !== null && points.some((p) => p.strike === data.forwardStrike)
      ? [{ time: data.forwardStrike, position: 'belowBar' as const, shape: 'arrowUp' as const, color: FORWARD_COLOUR, text: `F ${formatStrike(Math.round(data.forward))}` }]
      : []);
    const callMark = marker(data.call);
    this.#callMarks.setMarkers(callMark);
    this.#putMarks.setMarkers(callMark.length ? [] : marker(data.put));
    const strikes = [...data.call, ...data.put].map((p) => p.strike).sort((a, b) => a - b).join();
    if (strikes !== this.#strikes) { this.#strikes = strikes; this.#chart.timeScale().fitContent(); }
    // What is drawn, for the trader's tooltip and the e2e check.
    const d = this.#host.dataset;
    d.callPoints = String(data.call.length);
    d.putPoints = String(data.put.length);
    d.brokerPoints = String(data.broker.length);
    d.forwardStrike = data.forwardStrike === null ? '' : String(data.forwardStrike);
  }

  /** The series' data as drawn (the e2e reads it through the host element's testing hook). */
  drawn(): { call: number; put: number; broker: number } {
    return { call: this.#call.data().length, put: this.#put.data().length, broker: this.#broker.data().length };
  }

  dispose(): void {
    this.#chart.remove();
  }
}

const toLine = (p: SmilePoint): LineData<number> => ({ time: p.strike, value: p.iv });

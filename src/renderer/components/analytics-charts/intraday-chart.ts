// The day's PCR, max pain and ATM straddle as lines over IST time: PCR on the right scale,
// the straddle on the left, max pain as a step line on a scale of its own (its value is in the
// legend). Fed imperatively by show().
import { createChart, LineSeries, LineType } from 'lightweight-charts';
import type { IChartApi, ISeriesApi, LineData, Time, UTCTimestamp } from 'lightweight-charts';
import { formatPrice, formatStrike } from '../../format.ts';
import { chartOptions } from '../charts/chart-controller.ts';
import type { IntradayData, LinePoint } from './chart-data.ts';

export const PCR_COLOUR = '#4c8dff';
export const STRADDLE_COLOUR = '#e0a84a';
export const MAX_PAIN_COLOUR = '#b38cf5';

export class IntradayChart {
  readonly #chart: IChartApi;
  readonly #pcr: ISeriesApi<'Line'>;
  readonly #straddle: ISeriesApi<'Line'>;
  readonly #maxPain: ISeriesApi<'Line'>;
  readonly #host: HTMLElement;
  #first: number | null = null;

  constructor(host: HTMLElement) {
    this.#host = host;
    const base = chartOptions();
    this.#chart = createChart(host, { ...base, leftPriceScale: { visible: true, borderColor: '#1f2935' } });
    const line = { lineWidth: 2 as const, priceLineVisible: false, pointMarkersVisible: false };
    this.#pcr = this.#chart.addSeries(LineSeries, { ...line, color: PCR_COLOUR, priceScaleId: 'right', title: 'PCR', priceFormat: { type: 'custom', formatter: (v: number) => v.toFixed(3), minMove: 0.001 } });
    this.#straddle = this.#chart.addSeries(LineSeries, { ...line, color: STRADDLE_COLOUR, priceScaleId: 'left', title: 'straddle', priceFormat: { type: 'custom', formatter: formatPrice, minMove: 0.05 } });
    this.#maxPain = this.#chart.addSeries(LineSeries, {
      ...line, lineWidth: 1, color: MAX_PAIN_COLOUR, lineType: LineType.WithSteps, priceScaleId: 'max-pain', title: 'max pain', lastValueVisible: false,
      priceFormat: { type: 'custom', formatter: formatStrike, minMove: 1 },
    });
    this.#chart.priceScale('max-pain').applyOptions({ scaleMargins: { top: 0.1, bottom: 0.1 } });
  }

  show(data: IntradayData): void {
    this.#pcr.setData(data.pcr.map(toLine));
    this.#straddle.setData(data.straddle.map(toLine));
    this.#maxPain.setData(data.maxPain.map(toLine));
    const first = data.pcr[0]?.time ?? data.straddle[0]?.time ?? null;
    if (first !== this.#first) { this.#first = first; this.#chart.timeScale().fitContent(); }
    const d = this.#host.dataset;
    d.pcrPoints = String(data.pcr.length);
    d.maxPainPoints = String(data.maxPain.length);
    d.straddlePoints = String(data.straddle.length);
  }

  dispose(): void {
    this.#chart.remove();
  }
}

const toLine = (p: LinePoint): LineData<Time> => ({ time: p.time as UTCTimestamp, value: p.value });

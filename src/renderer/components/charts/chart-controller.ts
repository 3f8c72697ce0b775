// One chart on screen, fed imperatively (React never re-renders per bar): candlesticks in the
// main pane, volume in a pane of its own (once a bar has volume: an index has none), IST axis
// labels, and the OHLCV legend written straight into its DOM.
// Switching interval: unwatch the old bars, watch the new, load history, then live.
import { CandlestickSeries, ColorType, createChart, CrosshairMode, HistogramSeries } from 'lightweight-charts';
import type { CandlestickData, HistogramData, IChartApi, ISeriesApi, MouseEventParams, Time } from 'lightweight-charts';
import type { Candle, CandleInterval } from '../../../shared/history.ts';
import type { ChartRef } from '../../../shared/replay.ts';
import type { Transport } from '../../api/transport.ts';
import { BarSequence } from './bar-sequence.ts';
import type { CandleFeed, CandleListener } from './candle-feed.ts';
import { historyWindow } from './history-window.ts';
import { formatPrice } from '../../format.ts';
import { istCrosshairTime, istTickMark, toChartTime } from './ist-time.ts';
import type { LegendView } from './legend.ts';

const UP = '#26c281';
const DOWN = '#f0524f';
const UP_VOLUME = 'rgba(38, 194, 129, 0.45)';
const DOWN_VOLUME = 'rgba(240, 82, 79, 0.45)';

export interface ChartControllerDeps {
  api: Transport;
  feed: CandleFeed;
  legend: LegendView;
  /** Called with a message when loading fails, null once bars show. */
  onError(message: string | null): void;
  /** Whether the chart has no bar at all (nothing traded in the window yet, or outside the session). */
  onEmpty(empty: boolean): void;
  /** Clock for the history window (epoch ms). */
  now?: () => number;
}

export class ChartController {
  readonly #chart: IChartApi;
  readonly #candles: ISeriesApi<'Candlestick'>;
  #volume: ISeriesApi<'Histogram'> | null = null;
  readonly #deps: ChartControllerDeps;
  readonly #bars = new BarSequence();
  readonly #listener: CandleListener;
  #ref: ChartRef | null = null;
  /** Bumped per show(); replies for an older one are dropped. */
  #generation = 0;
  #hovering = false;
  #disposed = false;

  constructor(host: HTMLElement, deps: ChartControllerDeps) {
    this.#deps = deps;
    this.#chart = createChart(host, chartOptions());
    this.#candles = this.#chart.addSeries(CandlestickSeries, {
      upColor: UP, downColor: DOWN, borderUpColor: UP, borderDownColor: DOWN, wickUpColor: UP, wickDownColor: DOWN,
      priceLineColor: '#4c8dff', priceFormat: { type: 'custom', formatter: formatPrice, minMove: 0.05 },
    });
    this.#chart.subscribeCrosshairMove(this.#onCrosshair);
    this.#listener = {
      bar: (bar, closed) => this.#onLive(bar, closed),
      resync: () => { if (this.#ref) void this.show(this.#ref.symbol, this.#ref.interval); },
    };
  }

  /** Shows `symbol` at `interval`: watches its live bars first (none lost), then loads history. */
  async show(symbol: string, interval: CandleInterval): Promise<void> {
    const generation = ++this.#generation;
    const old = this.#ref;
    const ref: ChartRef = { symbol, interval };
    const same = old !== null && old.symbol === symbol && old.interval === interval;
    if (old && !same) this.#deps.feed.unwatch(old, this.#listener);
    this.#ref = ref;
    this.#bars.beginLoad();
    this.#chart.applyOptions({ timeScale: { secondsVisible: interval.endsWith('s') } });
    try {
      let anchor = (this.#deps.now ?? Date.now)();
      const watched = same ? null : await this.#deps.feed.watch(ref, this.#listener);
      if (watched?.bar) {
        anchor = watched.bar.time;
        this.#onLive(watched.bar);
      }
      const { from, to } = historyWindow(interval, anchor);
      const history = await this.#deps.api.call('history.candles', { symbol, interval, from, to });
      if (generation !== this.#generation || this.#disposed) return;
      const bars = this.#bars.history(history);
      this.#candles.setData(bars.map(toCandle));
      this.#volumePane(bars.some((b) => b.volume > 0))?.setData(bars.map(toVolume));
      this.#chart.timeScale().scrollToRealTime();
      this.#showLast();
      this.#deps.onError(null);
      this.#deps.onEmpty(bars.length === 0);
    } catch (err) {
      if (generation !== this.#generation || this.#disposed) return;
      console.error(`optick: loading the ${symbol} ${interval} chart failed`, err);
      this.#deps.onError(`${symbol} ${interval}: ${(err as Error).message}`);
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#generation++;
    if (this.#ref) this.#deps.feed.unwatch(this.#ref, this.#listener);
    this.#ref = null;
    this.#chart.unsubscribeCrosshairMove(this.#onCrosshair);
    this.#chart.remove();
  }

  #onLive(bar: Candle, closed?: Candle): void {
    if (this.#disposed) return;
    for (const b of this.#bars.live(bar, closed)) {
      this.#candles.update(toCandle(b));
      (this.#volume ?? this.#volumePane(b.volume > 0))?.update(toVolume(b));
    }
    if (!this.#bars.loading) {
      this.#showLast();
      if (this.#bars.last) this.#deps.onEmpty(false);
    }
  }

  /** The volume series in pane 1 when wanted (created on demand), else none and no empty pane. */
  #volumePane(wanted: boolean): ISeriesApi<'Histogram'> | null {
    if (wanted && !this.#volume) {
      this.#volume = this.#chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false }, 1);
      this.#chart.panes()[1]?.setStretchFactor(0.25);
    } else if (!wanted && this.#volume) {
      this.#chart.removeSeries(this.#volume);
      this.#volume = null;
    }
    return this.#volume;
  }

  #showLast(): void {
    if (!this.#hovering) this.#deps.legend.show(this.#bars.last);
  }

  readonly #onCrosshair = (param: MouseEventParams<Time>): void => {
    const candle = param.seriesData.get(this.#candles) as CandlestickData<Time> | undefined;
    const volume = this.#volume ? param.seriesData.get(this.#volume) as HistogramData<Time> | undefined : undefined;
    this.#hovering = param.time !== undefined && candle !== undefined;
    if (!this.#hovering || !candle || typeof candle.time !== 'number') { this.#showLast(); return; }
    this.#deps.legend.show({
      time: candle.time * 1000, open: candle.open, high: candle.high, low: candle.low, close: candle.close,
      volume: volume?.value ?? 0, oi: null,
    });
  };
}

const toCandle = (c: Candle): CandlestickData<Time> => ({ time: toChartTime(c.time), open: c.open, high: c.high, low: c.low, close: c.close });
const toVolume = (c: Candle): HistogramData<Time> => ({ time: toChartTime(c.time), value: c.volume, color: c.close >= c.open ? UP_VOLUME : DOWN_VOLUME });

/** The app's dark chart look (layout, grid, crosshair, price scale), shared by every chart of the dock. */
export function chartLook() {
  return {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: '#0f141b' },
      textColor: '#8d9aab',
      fontSize: 11,
      fontFamily: "Inter, 'Segoe UI', system-ui, sans-serif",
      attributionLogo: false,
      panes: { separatorColor: '#1f2935', separatorHoverColor: '#2a3646', enableResize: true },
    },
    grid: { vertLines: { color: '#161e28' }, horzLines: { color: '#161e28' } },
    crosshair: { mode: CrosshairMode.Normal, vertLine: { color: '#4c5d73', labelBackgroundColor: '#2a3646' }, horzLine: { color: '#4c5d73', labelBackgroundColor: '#2a3646' } },
    rightPriceScale: { borderColor: '#1f2935' },
  };
}

/** Candles and other time charts: the look with an IST time axis and crosshair. */
export function chartOptions() {
  return {
    ...chartLook(),
    timeScale: { borderColor: '#1f2935', timeVisible: true, secondsVisible: false, rightOffset: 4, tickMarkFormatter: istTickMark },
    localization: { locale: 'en-IN', timeFormatter: istCrosshairTime },
  };
}

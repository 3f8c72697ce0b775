// The crosshair legend: O H L C V of the bar under the cursor, else of the last bar, with the
// bar's change. Formatting is pure; the DOM view writes text into spans the card rendered once.
import type { Candle } from '../../../shared/history.ts';
import { formatChange, formatPrice, formatQty, formatTimeIst } from '../../format.ts';

export interface LegendView {
  show(bar: Candle | null): void;
}

export interface LegendText {
  time: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  change: string;
  direction: 'up' | 'down' | 'flat';
}

const EMPTY: LegendText = { time: '', open: '—', high: '—', low: '—', close: '—', volume: '—', change: '', direction: 'flat' };

/** Prices to 2 decimals, volume with Indian grouping, change close − open with its sign. */
export function legendText(bar: Candle | null): LegendText {
  if (!bar) return EMPTY;
  const change = bar.close - bar.open;
  return {
    time: formatTimeIst(bar.time),
    open: formatPrice(bar.open), high: formatPrice(bar.high), low: formatPrice(bar.low), close: formatPrice(bar.close),
    volume: formatQty(bar.volume),
    change: formatChange(Math.round(change * 100) / 100),
    direction: change > 0 ? 'up' : change < 0 ? 'down' : 'flat',
  };
}

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume', 'change'] as const;

/** Writes the legend into `root`'s `[data-field=…]` spans, touching only the text that changed. */
export function domLegend(root: HTMLElement): LegendView {
  const spans = new Map(FIELDS.map((f) => [f, root.querySelector<HTMLElement>(`[data-field=${f}]`)]));
  return {
    show(bar) {
      const text = legendText(bar);
      for (const field of FIELDS) {
        const span = spans.get(field);
        if (span && span.textContent !== text[field]) span.textContent = text[field];
      }
      root.dataset.direction = text.direction;
    },
  };
}

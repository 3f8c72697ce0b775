// The bars one chart shows, in time order: history first (setData), then live bars (update).
// Rules: a live bar whose time equals the last bar's replaces it; a later one is appended; an
// older one is stale and dropped (lightweight-charts refuses to go back in time). Live bars that
// arrive while history loads are held and merged into it, so no bar is lost or doubled.
// Pure: the chart controller feeds the results to the series.
import type { Candle } from '../../../shared/history.ts';

export class BarSequence {
  #last: Candle | null = null;
  /** Live bars held while history is loading; null when not loading. */
  #held: Candle[] | null = null;
  stale = 0;

  /** The newest bar shown (for the legend), or null before any. */
  get last(): Candle | null {
    return this.#last;
  }

  get loading(): boolean {
    return this.#held !== null;
  }

  /** A new chart (or interval) is loading: forget what was shown and hold live bars until `history`. */
  beginLoad(): void {
    this.#last = null;
    this.#held = [];
  }

  /**
   * The full series to set: history sorted by time, one bar per time (the later entry wins),
   * with the live bars held meanwhile merged in on top.
   */
  history(candles: readonly Candle[]): Candle[] {
    const byTime = new Map<number, Candle>();
    for (const c of candles) if (isBar(c)) byTime.set(c.time, c);
    for (const c of this.#held ?? []) byTime.set(c.time, c);
    this.#held = null;
    const bars = [...byTime.values()].sort((a, b) => a.time - b.time);
    this.#last = bars.at(-1) ?? null;
    return bars;
  }

  /**
   * A live push: `closed` (the previous bar's final state) then `bar`. Returns the bars to pass to
   * series.update, in order; empty while loading (they are held) or when both are stale.
   */
  live(bar: Candle, closed?: Candle): Candle[] {
    const incoming = closed ? [closed, bar] : [bar];
    if (this.#held) {
      this.#held.push(...incoming.filter(isBar));
      return [];
    }
    const out: Candle[] = [];
    for (const c of incoming) {
      if (!isBar(c)) continue;
      if (this.#last && c.time < this.#last.time) { this.stale++; continue; }
      this.#last = c;
      out.push(c);
    }
    return out;
  }
}

function isBar(c: Candle): boolean {
  return Number.isFinite(c.time) && Number.isFinite(c.open) && Number.isFinite(c.high) && Number.isFinite(c.low) && Number.isFinite(c.close);
}

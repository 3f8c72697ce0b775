// The latest market picture of one simulated instrument (index or option): what a feed frame
// reports. Plain mutable fields in one fixed shape so the generator reuses objects at any rate.
import type { OptionValuation } from '../engine/pricing/greeks.ts';

export const KIND_INDEX = 0;
export const KIND_OPTION = 1;

export class InstrumentState {
  readonly index: number;
  readonly key: string;
  readonly kind: number;
  readonly isCall: boolean;
  readonly strike: number;
  readonly lotSize: number;
  /** Index of the underlying in the universe; for options also the series. */
  readonly underlying: number;
  readonly series: number;

  ltp = 0;
  ltt = 0;
  ltq = 0;
  /** Previous session's close. */
  cp = 0;
  /** Best bid/ask; bid 0 = no bid (deep out-of-the-money). */
  bid = 0;
  ask = 0;
  bidQ = 0;
  askQ = 0;
  /** Typical resting size per level in lots (depth levels are derived from it). */
  depthLots = 1;
  /** Cumulative traded quantity today (units, same as ltq). */
  volume = 0;
  turnover = 0;
  /** Open interest in units (always a whole number of lots). */
  oi = 0;
  tbq = 0;
  tsq = 0;
  dayStart = 0;
  dayOpen = 0;
  dayHigh = 0;
  dayLow = 0;
  // current and previous one-minute candles (I1)
  minStart = 0;
  minOpen = 0;
  minHigh = 0;
  minLow = 0;
  minClose = 0;
  minVol = 0;
  prevMinStart = 0;
  prevMinOpen = 0;
  prevMinHigh = 0;
  prevMinLow = 0;
  prevMinClose = 0;
  prevMinVol = 0;
  // pricing inputs at the last requote (Greeks are derived from them on demand)
  spot = 0;
  forward = 0;
  years = 0;
  sigma = 0;
  fair = 0;
  /** Requote counter: changes whenever the quote does. */
  seq = 0;
  /** Greeks at the last requote, computed on demand (see feed-frames.ts); valid when greeksSeq === seq. */
  greeks: OptionValuation | null = null;
  greeksSeq = -1;

  constructor(index: number, key: string, kind: number, underlying: number, series: number, strike: number, isCall: boolean, lotSize: number) {
    this.index = index;
    this.key = key;
    this.kind = kind;
    this.underlying = underlying;
    this.series = series;
    this.strike = strike;
    this.isCall = isCall;
    this.lotSize = lotSize;
  }

  /** Starts the day's candles at `price` (the session's first print). */
  openDay(price: number, dayStart: number, t: number): void {
    this.ltp = price;
    this.ltt = t;
    this.dayStart = dayStart;
    this.dayOpen = this.dayHigh = this.dayLow = price;
    this.minStart = Math.floor(t / 60_000) * 60_000;
    this.minOpen = this.minHigh = this.minLow = this.minClose = price;
    this.prevMinStart = this.minStart - 60_000;
    this.prevMinOpen = this.prevMinHigh = this.prevMinLow = this.prevMinClose = price;
  }

  /** A print at `price` for `qty` units at time t: last trade, day and minute candles, volume. */
  print(price: number, qty: number, t: number): void {
    this.ltp = price;
    this.ltt = t;
    this.ltq = qty;
    if (price > this.dayHigh) this.dayHigh = price;
    if (price < this.dayLow) this.dayLow = price;
    const minute = Math.floor(t / 60_000) * 60_000;
    if (minute !== this.minStart) {
      this.prevMinStart = this.minStart;
      this.prevMinOpen = this.minOpen;
      this.prevMinHigh = this.minHigh;
      this.prevMinLow = this.minLow;
      this.prevMinClose = this.minClose;
      this.prevMinVol = this.minVol;
      this.minStart = minute;
      this.minOpen = this.minHigh = this.minLow = price;
      this.minVol = 0;
    }
    if (price > this.minHigh) this.minHigh = price;
    if (price < this.minLow) this.minLow = price;
    this.minClose = price;
    if (qty > 0) {
      this.minVol += qty;
      this.volume += qty;
      this.turnover += qty * price;
    }
  }

  /** Average traded price today. */
  get atp(): number {
    return this.volume > 0 ? this.turnover / this.volume : 0;
  }
}

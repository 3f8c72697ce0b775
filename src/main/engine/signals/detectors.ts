// One contract's signal detectors on their own (tests, scripts): a SignalBook of one slot, so
// it runs exactly the code the signals service runs for every contract. Runtime: std.
// Definitions and defaults: README "Signals" and src/shared/signals.ts.
import type { SignalThresholds } from '../../../shared/signals.ts';
import { SignalBook, type SignalCandidate, type TickFields } from './book.ts';

export type { SignalCandidate, TickFields } from './book.ts';

export class ContractSignals {
  readonly tickSize: number;
  readonly lotSize: number;
  readonly #book: SignalBook;

  constructor(tickSize: number, lotSize: number, thresholds: SignalThresholds) {
    this.#book = new SignalBook(thresholds, 1);
    this.#book.add(tickSize, lotSize);
    this.tickSize = this.#book.tickSize(0);
    this.lotSize = lotSize;
  }

  get thresholds(): SignalThresholds {
    return this.#book.thresholds;
  }

  /** Evaluates one tick; signals it fires are appended to `out`. */
  onTick(tick: TickFields, out: SignalCandidate[]): void {
    this.#book.onTick(0, tick, out);
  }

  /** IV from a pricing sweep (decimal) at exchange time t. */
  onIv(t: number, iv: number, out: SignalCandidate[]): void {
    this.#book.onIv(0, t, iv, out);
  }

  /** The price (mid, else LTP) against a fair value (the feed's FMV when it sends one). */
  onFairValue(t: number, price: { mid: number | null; ltp: number | null }, fair: { value: number; iv: number | null; fmv: number | null }, out: SignalCandidate[]): void {
    this.#book.onFairValue(0, t, price, fair, out);
  }
}

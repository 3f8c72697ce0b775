// Pure signal detectors: the state of one contract's histories and the rules that turn a tick
// (or a pricing sweep) into signals. Each type has its own cooldown per contract. Times are the
// ticks' exchange times, so the same ticks give the same signals (live and under replay).
// Runtime: std. Definitions and defaults: README "Signals" and src/shared/signals.ts.
import type { SignalThresholds, SignalType } from '../../../shared/signals.ts';
import { MedianRing, StepRing, WindowSums } from './rings.ts';

export interface SignalCandidate {
  type: SignalType;
  time: number;
  direction: 'up' | 'down';
  figures: Record<string, number | null>;
}

/** What a tick carries that the detectors read (absent = not in this update). */
export interface TickFields {
  exchangeTs: number;
  ltp?: number;
  volume?: number;
  oi?: number;
  bids?: readonly { price: number }[];
  asks?: readonly { price: number }[];
  crossed?: true;
}

const TYPE_INDEX: Record<SignalType, number> = {
  volume_spike: 0, price_move: 1, spread_tightening: 2, spread_widening: 3, fair_value_divergence: 4, oi_spike: 5, iv_jump: 6,
};

const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d;

/** One contract's detector state, built for one set of thresholds (rebuilt when they change). */
export class ContractSignals {
  readonly tickSize: number;
  readonly lotSize: number;
  readonly thresholds: SignalThresholds;
  readonly #lastFired = new Float64Array(7).fill(Number.NEGATIVE_INFINITY);
  // volume_spike
  readonly #windows: WindowSums;
  #volBucket = Number.NaN;
  #volAtStart = Number.NaN;
  #lastVolume = Number.NaN;
  #firstWindowDone = false;
  // price_move, oi_spike, iv_jump
  readonly #price: StepRing;
  readonly #oi: StepRing;
  readonly #iv: StepRing;
  // spread_*
  readonly #spread: MedianRing;

  constructor(tickSize: number, lotSize: number, thresholds: SignalThresholds) {
    this.tickSize = tickSize > 0 ? tickSize : 0.05;
    this.lotSize = lotSize;
    this.thresholds = thresholds;
    this.#windows = new WindowSums(Math.max(1, thresholds.volume_windows));
    this.#price = new StepRing(thresholds.price_window_ms);
    this.#oi = new StepRing(thresholds.oi_window_ms);
    this.#iv = new StepRing(thresholds.iv_window_ms);
    this.#spread = new MedianRing(Math.max(1, thresholds.spread_median_samples));
  }

  /** Arms a type's cooldown if it has run out; true = fire now. */
  #fire(type: SignalType, t: number): boolean {
    const i = TYPE_INDEX[type];
    if (t - this.#lastFired[i]! < this.thresholds.cooldown_ms) return false;
    this.#lastFired[i] = t;
    return true;
  }

  /** Evaluates one tick; signals it fires are appended to `out`. */
  onTick(tick: TickFields, out: SignalCandidate[]): void {
    const t = tick.exchangeTs;
    if (tick.volume !== undefined) this.#onVolume(t, tick.volume, tick.ltp, out);
    if (tick.ltp !== undefined && tick.ltp > 0) this.#onPrice(t, tick.ltp, out);
    if (tick.oi !== undefined) this.#onOi(t, tick.oi, out);
    const bid = tick.bids?.[0]?.price, ask = tick.asks?.[0]?.price;
    if (bid !== undefined && ask !== undefined && bid > 0 && ask > bid && !tick.crossed) this.#onSpread(t, bid, ask, out);
  }

  #onVolume(t: number, volume: number, ltp: number | undefined, out: SignalCandidate[]): void {
    const th = this.thresholds;
    const bucket = Math.floor(t / th.volume_window_ms);
    if (Number.isNaN(this.#volBucket) || volume < this.#lastVolume) {
      // First sight (or the day's volume started again): the window in progress is partial, not counted.
      this.#volBucket = bucket;
      this.#volAtStart = volume;
      this.#lastVolume = volume;
      this.#firstWindowDone = false;
      return;
    }
    if (bucket > this.#volBucket) {
      if (this.#firstWindowDone) this.#windows.push(this.#lastVolume - this.#volAtStart);
      this.#firstWindowDone = true;
      for (let i = 1, gap = Math.min(bucket - this.#volBucket, this.#windows.size + 1); i < gap; i++) this.#windows.push(0);
      this.#volBucket = bucket;
      this.#volAtStart = this.#lastVolume;
    }
    this.#lastVolume = volume;
    const w = this.#windows;
    if (w.count < w.size) return;
    const inWindow = volume - this.#volAtStart;
    const mean = w.mean;
    if (inWindow < th.volume_k * mean || inWindow < th.volume_min_lots * this.lotSize) return;
    if (!this.#fire('volume_spike', t)) return;
    const ref = this.#price.ago(t);
    const direction = ltp !== undefined && ref > 0 && ltp < ref ? 'down' : 'up';
    out.push({
      type: 'volume_spike', time: t, direction,
      figures: { window_volume: inWindow, window_lots: round(inWindow / this.lotSize, 2), mean_volume: round(mean, 2), ratio: mean > 0 ? round(inWindow / mean, 2) : null, window_ms: th.volume_window_ms, ltp: ltp ?? null },
    });
  }

  #onPrice(t: number, ltp: number, out: SignalCandidate[]): void {
    const th = this.thresholds;
    this.#price.update(t, ltp);
    const ref = this.#price.ago(t);
    if (!(ref > 0)) return;
    const change = ltp - ref;
    const pct = (change / ref) * 100;
    if (Math.abs(pct) < th.price_move_pct || Math.abs(change) < th.price_move_min_ticks * this.tickSize - 1e-9) return;
    if (!this.#fire('price_move', t)) return;
    out.push({
      type: 'price_move', time: t, direction: change > 0 ? 'up' : 'down',
      figures: { ltp, ref_price: ref, change: round(change), change_pct: round(pct, 2), change_ticks: round(change / this.tickSize, 1), window_ms: th.price_window_ms },
    });
  }

  #onOi(t: number, oi: number, out: SignalCandidate[]): void {
    const th = this.thresholds;
    this.#oi.update(t, oi);
    const ref = this.#oi.ago(t);
    if (Number.isNaN(ref)) return;
    const change = oi - ref;
    const pct = ref > 0 ? (change / ref) * 100 : Number.POSITIVE_INFINITY;
    if (Math.abs(change) < th.oi_min_lots * this.lotSize || Math.abs(pct) < th.oi_spike_pct) return;
    if (!this.#fire('oi_spike', t)) return;
    out.push({
      type: 'oi_spike', time: t, direction: change > 0 ? 'up' : 'down',
      figures: { oi, ref_oi: ref, change, change_lots: round(change / this.lotSize, 2), change_pct: Number.isFinite(pct) ? round(pct, 2) : null, window_ms: th.oi_window_ms },
    });
  }

  #onSpread(t: number, bid: number, ask: number, out: SignalCandidate[]): void {
    const th = this.thresholds;
    const spread = ask - bid;
    const tick = this.tickSize;
    this.#spread.update(t, Math.round(spread / tick));
    const median = this.#spread.median * tick;
    if (!(median > 0)) return;
    const eps = 1e-9;
    let type: SignalType | null = null;
    if (median - spread >= th.spread_tight_ticks * tick - eps && spread <= median * (1 - th.spread_tight_pct / 100) + eps) type = 'spread_tightening';
    else if (spread - median >= th.spread_wide_ticks * tick - eps && spread >= median * (1 + th.spread_wide_pct / 100) - eps) type = 'spread_widening';
    if (!type || !this.#fire(type, t)) return;
    out.push({
      type, time: t, direction: type === 'spread_widening' ? 'up' : 'down',
      figures: { bid, ask, spread: round(spread), spread_ticks: round(spread / tick, 1), median_spread: round(median), median_ticks: round(median / tick, 1), change_pct: round(((spread - median) / median) * 100, 2) },
    });
  }

  /** IV from a pricing sweep (decimal, e.g. 0.1512) at exchange time t. */
  onIv(t: number, iv: number, out: SignalCandidate[]): void {
    if (!(iv > 0) || !Number.isFinite(iv)) return;
    const th = this.thresholds;
    this.#iv.update(t, iv);
    const ref = this.#iv.ago(t);
    if (!(ref > 0)) return;
    const points = (iv - ref) * 100;
    if (Math.abs(points) < th.iv_jump_points - 1e-9) return;
    if (!this.#fire('iv_jump', t)) return;
    out.push({ type: 'iv_jump', time: t, direction: points > 0 ? 'up' : 'down', figures: { iv: round(iv, 6), ref_iv: round(ref, 6), change_points: round(points, 2), window_ms: th.iv_window_ms } });
  }

  /**
   * The contract's price (mid of a sane two-sided book, else LTP) against a fair value. `fmv`
   * is the feed's fair market value when it sends one, else null (the model's `fair` is used).
   */
  onFairValue(t: number, price: { mid: number | null; ltp: number | null }, fair: { value: number; iv: number | null; fmv: number | null }, out: SignalCandidate[]): void {
    const th = this.thresholds;
    const p = price.mid ?? price.ltp;
    const f = fair.fmv ?? fair.value;
    if (p === null || !(p > 0) || !(f > 0)) return;
    const div = p - f;
    const pct = (div / f) * 100;
    if (Math.abs(div) < th.fair_value_ticks * this.tickSize - 1e-9 || Math.abs(pct) < th.fair_value_pct) return;
    if (!this.#fire('fair_value_divergence', t)) return;
    out.push({
      type: 'fair_value_divergence', time: t, direction: div > 0 ? 'up' : 'down',
      figures: {
        price: p, mid: price.mid, ltp: price.ltp, fair: round(f), model_fair: round(fair.value), model_iv: fair.iv === null ? null : round(fair.iv, 6),
        fmv: fair.fmv, divergence: round(div), divergence_ticks: round(div / this.tickSize, 1), divergence_pct: round(pct, 2),
      },
    });
  }
}

// The detector state of every contract of one underlying (one set of thresholds), as dense
// slots of one growable Float64Array, and the rules that turn a tick (or a pricing sweep) into
// signals. A tick touches only its own slot, whose per-tick fields sit together at its start.
// Each detector keeps a "quiet band", rebuilt only when its reference changes (a new volume
// window, price/OI step or spread second): a tick inside every band costs a few compares and
// stores, no division, no allocation. Outside a band the exact rule decides. Times are the
// ticks' exchange times, so the same ticks give the same signals (live and under replay).
// Runtime: std. Definitions and defaults: README "Signals" and src/shared/signals.ts.
import type { SignalThresholds, SignalType } from '../../../shared/signals.ts';
import { initMedian, initStep, medianSpec, medianUpdate, stepAgo, stepSpec, stepUpdate, W_COUNT, W_SUM, windowPush, type MedianSpec, type StepSpec } from './rings.ts';

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

// Slot layout. First what a quiet tick reads and writes (17 fields, 136 bytes): the last book
// seen (the pricing sweep reads it; the last LTP is the price ring's last value), the volume
// window's end, last volume and the volume at which it would fire, and each ring's step end,
// last value and quiet band. Then the rest: last firing time per type, the volume window's
// bucket, start and sums, the rings' other fields, their values. Slots are whole cache lines.
const BID = 0, ASK = 1;
const V_END = 2, V_LAST = 3, V_FIRE_VOL = 4;
const PRICE_HOT = { end: 5, last: 6, lo: 7, hi: 8 }, OI_HOT = { end: 9, last: 10, lo: 11, hi: 12 }, SPREAD_HOT = { end: 13, last: 14, lo: 15, hi: 16 };
const FIRED = 17; // 7: volume_spike … iv_jump
const V_BUCKET = 24, V_START = 25, V_FIRST_DONE = 26, V_FIRE_AT = 27, V_WIN = 28; // V_WIN: head, count, sum
const PRICE_COLD = 31, OI_COLD = 34, SPREAD_COLD = 37; // 3 each
const IV_HOT = { end: 40, last: 41, lo: 42, hi: 43 }, IV_COLD = 44;
const HEADER = 47;
const STEPS = 30;
const EPS = 1e-9;
/** Bands are drawn this much inside the exact limits (prices far above float rounding). */
const BAND_MARGIN = 1e-7;

/** Caches the ring's reference and the band (ref ± d, drawn just inside) where its rule cannot pass. */
function setBand(a: Float64Array, b: number, s: StepSpec, ref: number, d: number): void {
  a[b + s.ref] = ref;
  a[b + s.lo] = ref - d * (1 - EPS);
  a[b + s.hi] = ref + d * (1 - EPS);
}

const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d;

export class SignalBook {
  readonly thresholds: SignalThresholds;
  readonly stride: number;
  readonly #price: StepSpec;
  readonly #oi: StepSpec;
  readonly #iv: StepSpec;
  readonly #spread: MedianSpec;
  readonly #windows: number;
  readonly #windowVals: number;
  #slab: Float64Array;
  #tickSize: Float64Array;
  #lotSize: Float64Array;
  #size = 0;

  constructor(thresholds: SignalThresholds, capacity = 64) {
    this.thresholds = thresholds;
    const w = Math.max(1, thresholds.volume_windows), m = Math.max(1, thresholds.spread_median_samples);
    let at = HEADER;
    this.#windows = w;
    this.#windowVals = at; at += w;
    this.#price = stepSpec(PRICE_HOT, PRICE_COLD, at, thresholds.price_window_ms, STEPS); at += STEPS + 1;
    this.#oi = stepSpec(OI_HOT, OI_COLD, at, thresholds.oi_window_ms, STEPS); at += STEPS + 1;
    this.#iv = stepSpec(IV_HOT, IV_COLD, at, thresholds.iv_window_ms, STEPS); at += STEPS + 1;
    this.#spread = medianSpec(SPREAD_HOT, SPREAD_COLD, at, m); at += 2 * m;
    this.stride = Math.ceil(at / 8) * 8;
    this.#slab = new Float64Array(this.stride * capacity);
    this.#tickSize = new Float64Array(capacity);
    this.#lotSize = new Float64Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** A new contract's slot (its histories empty). */
  add(tickSize: number, lotSize: number): number {
    const i = this.#size++;
    if (i >= this.#tickSize.length) this.#grow();
    this.#tickSize[i] = tickSize > 0 ? tickSize : 0.05;
    this.#lotSize[i] = lotSize;
    const a = this.#slab, b = i * this.stride;
    a.fill(Number.NEGATIVE_INFINITY, b + FIRED, b + FIRED + 7);
    a[b + BID] = a[b + ASK] = Number.NaN;
    a[b + V_END] = a[b + V_BUCKET] = a[b + V_START] = a[b + V_LAST] = Number.NaN;
    a[b + V_FIRST_DONE] = 0;
    a[b + V_FIRE_AT] = a[b + V_FIRE_VOL] = Number.POSITIVE_INFINITY;
    initStep(a, b, this.#price);
    initStep(a, b, this.#oi);
    initStep(a, b, this.#iv);
    initMedian(a, b, this.#spread);
    return i;
  }

  #grow(): void {
    const cap = this.#tickSize.length * 2;
    const slab = new Float64Array(this.stride * cap);
    slab.set(this.#slab);
    this.#slab = slab;
    const ts = new Float64Array(cap), ls = new Float64Array(cap);
    ts.set(this.#tickSize); ls.set(this.#lotSize);
    this.#tickSize = ts; this.#lotSize = ls;
  }

  /** The last quote the detectors saw for slot i (NaN: none), in tick order. */
  ltp(i: number): number { return this.#slab[i * this.stride + PRICE_HOT.last]!; }
  bid(i: number): number { return this.#slab[i * this.stride + BID]!; }
  ask(i: number): number { return this.#slab[i * this.stride + ASK]!; }
  tickSize(i: number): number { return this.#tickSize[i]!; }

  /** Arms a type's cooldown if it has run out; true = fire now. */
  #fire(b: number, type: SignalType, t: number): boolean {
    const i = b + FIRED + TYPE_INDEX[type];
    if (t - this.#slab[i]! < this.thresholds.cooldown_ms) return false;
    this.#slab[i] = t;
    return true;
  }

  /** Evaluates one tick of slot i; signals it fires are appended to `out`. */
  onTick(i: number, tick: TickFields, out: SignalCandidate[]): void {
    const a = this.#slab, b = i * this.stride;
    const t = tick.exchangeTs, ltp = tick.ltp;
    if (tick.volume !== undefined) this.#onVolume(a, b, i, t, tick.volume, ltp, out);
    if (ltp !== undefined && ltp > 0) this.#onPrice(a, b, i, t, ltp, out);
    if (tick.oi !== undefined) this.#onOi(a, b, i, t, tick.oi, out);
    const bids = tick.bids, asks = tick.asks;
    if (bids === undefined && asks === undefined) return;
    const bid = bids?.[0]?.price, ask = asks?.[0]?.price;
    if (bids !== undefined) a[b + BID] = bid ?? Number.NaN;
    if (asks !== undefined) a[b + ASK] = ask ?? Number.NaN;
    if (bid !== undefined && ask !== undefined && bid > 0 && ask > bid && !tick.crossed) this.#onSpread(a, b, i, t, bid, ask, out);
  }

  #onVolume(a: Float64Array, b: number, i: number, t: number, volume: number, ltp: number | undefined, out: SignalCandidate[]): void {
    if (!(t < a[b + V_END]!) || volume < a[b + V_LAST]!) {
      const th = this.thresholds;
      const bucket = Math.floor(t / th.volume_window_ms);
      const at = a[b + V_BUCKET]!;
      if (Number.isNaN(at) || volume < a[b + V_LAST]!) {
        // First sight (or the day's volume started again): the window in progress is partial, not counted.
        a[b + V_BUCKET] = bucket;
        a[b + V_END] = (bucket + 1) * th.volume_window_ms;
        a[b + V_START] = a[b + V_LAST] = volume;
        a[b + V_FIRST_DONE] = 0;
        this.#volumeBand(a, b, i);
        return;
      }
      if (bucket > at) {
        const n = this.#windows;
        if (a[b + V_FIRST_DONE]) windowPush(a, b, V_WIN, this.#windowVals, n, a[b + V_LAST]! - a[b + V_START]!);
        a[b + V_FIRST_DONE] = 1;
        for (let k = 1, gap = Math.min(bucket - at, n + 1); k < gap; k++) windowPush(a, b, V_WIN, this.#windowVals, n, 0);
        a[b + V_BUCKET] = bucket;
        a[b + V_END] = (bucket + 1) * th.volume_window_ms;
        a[b + V_START] = a[b + V_LAST]!;
        this.#volumeBand(a, b, i);
      }
    }
    a[b + V_LAST] = volume;
    if (volume < a[b + V_FIRE_VOL]!) return;
    const inWindow = volume - a[b + V_START]!;
    if (inWindow < a[b + V_FIRE_AT]!) return;
    if (!this.#fire(b, 'volume_spike', t)) return;
    const th = this.thresholds, lot = this.#lotSize[i]!;
    const mean = a[b + V_WIN + W_SUM]! / a[b + V_WIN + W_COUNT]!;
    const ref = stepAgo(a, b, this.#price, t);
    const direction = ltp !== undefined && ref > 0 && ltp < ref ? 'down' : 'up';
    out.push({
      type: 'volume_spike', time: t, direction,
      figures: { window_volume: inWindow, window_lots: round(inWindow / lot, 2), mean_volume: round(mean, 2), ratio: mean > 0 ? round(inWindow / mean, 2) : null, window_ms: th.volume_window_ms, ltp: ltp ?? null },
    });
  }

  /**
   * The window's volume at which both volume rules pass (+∞ until N windows are seen), and the
   * day's volume below which the window surely stays under it (the quiet band).
   */
  #volumeBand(a: Float64Array, b: number, i: number): void {
    const th = this.thresholds, n = a[b + V_WIN + W_COUNT]!;
    const at = n < this.#windows ? Number.POSITIVE_INFINITY
      : Math.max(th.volume_k * (a[b + V_WIN + W_SUM]! / n), th.volume_min_lots * this.#lotSize[i]!);
    a[b + V_FIRE_AT] = at;
    a[b + V_FIRE_VOL] = a[b + V_START]! + at * (1 - EPS);
  }

  #onPrice(a: Float64Array, b: number, i: number, t: number, ltp: number, out: SignalCandidate[]): void {
    const th = this.thresholds, s = this.#price;
    if (stepUpdate(a, b, s, t, ltp)) {
      const ref = stepAgo(a, b, s, t);
      setBand(a, b, s, ref, ref > 0 ? Math.max((ref * th.price_move_pct) / 100, th.price_move_min_ticks * this.#tickSize[i]! - EPS) : Number.POSITIVE_INFINITY);
    }
    if (a[b + s.lo]! < ltp && ltp < a[b + s.hi]!) return;
    const ref = a[b + s.ref]!, tick = this.#tickSize[i]!;
    if (!(ref > 0)) return;
    const change = ltp - ref;
    const pct = (change / ref) * 100;
    if (Math.abs(pct) < th.price_move_pct || Math.abs(change) < th.price_move_min_ticks * tick - EPS) return;
    if (!this.#fire(b, 'price_move', t)) return;
    out.push({
      type: 'price_move', time: t, direction: change > 0 ? 'up' : 'down',
      figures: { ltp, ref_price: ref, change: round(change), change_pct: round(pct, 2), change_ticks: round(change / tick, 1), window_ms: th.price_window_ms },
    });
  }

  #onOi(a: Float64Array, b: number, i: number, t: number, oi: number, out: SignalCandidate[]): void {
    const th = this.thresholds, s = this.#oi;
    if (stepUpdate(a, b, s, t, oi)) {
      const ref = stepAgo(a, b, s, t);
      setBand(a, b, s, ref, Number.isNaN(ref) ? Number.POSITIVE_INFINITY : Math.max(th.oi_min_lots * this.#lotSize[i]!, ref > 0 ? (ref * th.oi_spike_pct) / 100 : 0));
    }
    if (a[b + s.lo]! < oi && oi < a[b + s.hi]!) return;
    const ref = a[b + s.ref]!, lot = this.#lotSize[i]!;
    if (Number.isNaN(ref)) return;
    const change = oi - ref;
    const pct = ref > 0 ? (change / ref) * 100 : Number.POSITIVE_INFINITY;
    if (Math.abs(change) < th.oi_min_lots * lot || Math.abs(pct) < th.oi_spike_pct) return;
    if (!this.#fire(b, 'oi_spike', t)) return;
    out.push({
      type: 'oi_spike', time: t, direction: change > 0 ? 'up' : 'down',
      figures: { oi, ref_oi: ref, change, change_lots: round(change / lot, 2), change_pct: Number.isFinite(pct) ? round(pct, 2) : null, window_ms: th.oi_window_ms },
    });
  }

  #onSpread(a: Float64Array, b: number, i: number, t: number, bid: number, ask: number, out: SignalCandidate[]): void {
    const m = this.#spread;
    const spread = ask - bid;
    if (medianUpdate(a, b, m, t, spread, this.#tickSize[i]!)) {
      const th = this.thresholds, tick = this.#tickSize[i]!;
      const median = a[b + m.median]! * tick;
      const quiet = !(median > 0);
      a[b + m.lo] = quiet ? Number.NEGATIVE_INFINITY : Math.min(median - th.spread_tight_ticks * tick + EPS, median * (1 - th.spread_tight_pct / 100) + EPS) + BAND_MARGIN;
      a[b + m.hi] = quiet ? Number.POSITIVE_INFINITY : Math.max(median + th.spread_wide_ticks * tick - EPS, median * (1 + th.spread_wide_pct / 100) - EPS) - BAND_MARGIN;
    }
    if (a[b + m.lo]! < spread && spread < a[b + m.hi]!) return;
    const th = this.thresholds, tick = this.#tickSize[i]!;
    const median = a[b + m.median]! * tick;
    if (!(median > 0)) return;
    let type: SignalType | null = null;
    if (median - spread >= th.spread_tight_ticks * tick - EPS && spread <= median * (1 - th.spread_tight_pct / 100) + EPS) type = 'spread_tightening';
    else if (spread - median >= th.spread_wide_ticks * tick - EPS && spread >= median * (1 + th.spread_wide_pct / 100) - EPS) type = 'spread_widening';
    if (!type || !this.#fire(b, type, t)) return;
    out.push({
      type, time: t, direction: type === 'spread_widening' ? 'up' : 'down',
      figures: { bid, ask, spread: round(spread), spread_ticks: round(spread / tick, 1), median_spread: round(median), median_ticks: round(median / tick, 1), change_pct: round(((spread - median) / median) * 100, 2) },
    });
  }

  /** IV of slot i from a pricing sweep (decimal, e.g. 0.1512) at exchange time t. */
  onIv(i: number, t: number, iv: number, out: SignalCandidate[]): void {
    if (!(iv > 0) || !Number.isFinite(iv)) return;
    const th = this.thresholds, a = this.#slab, b = i * this.stride;
    stepUpdate(a, b, this.#iv, t, iv);
    const ref = stepAgo(a, b, this.#iv, t);
    if (!(ref > 0)) return;
    const points = (iv - ref) * 100;
    if (Math.abs(points) < th.iv_jump_points - EPS) return;
    if (!this.#fire(b, 'iv_jump', t)) return;
    out.push({ type: 'iv_jump', time: t, direction: points > 0 ? 'up' : 'down', figures: { iv: round(iv, 6), ref_iv: round(ref, 6), change_points: round(points, 2), window_ms: th.iv_window_ms } });
  }

  /**
   * Slot i's price (mid of a sane two-sided book, else LTP) against a fair value. `fmv` is the
   * feed's fair market value when it sends one, else null (the model's `value` is used).
   */
  onFairValue(i: number, t: number, price: { mid: number | null; ltp: number | null }, fair: { value: number; iv: number | null; fmv: number | null }, out: SignalCandidate[]): void {
    const th = this.thresholds, tick = this.#tickSize[i]!;
    const p = price.mid ?? price.ltp;
    const f = fair.fmv ?? fair.value;
    if (p === null || !(p > 0) || !(f > 0)) return;
    const div = p - f;
    const pct = (div / f) * 100;
    if (Math.abs(div) < th.fair_value_ticks * tick - EPS || Math.abs(pct) < th.fair_value_pct) return;
    if (!this.#fire(i * this.stride, 'fair_value_divergence', t)) return;
    out.push({
      type: 'fair_value_divergence', time: t, direction: div > 0 ? 'up' : 'down',
      figures: {
        price: p, mid: price.mid, ltp: price.ltp, fair: round(f), model_fair: round(fair.value), model_iv: fair.iv === null ? null : round(fair.iv, 6),
        fmv: fair.fmv, divergence: round(div), divergence_ticks: round(div / tick, 1), divergence_pct: round(pct, 2),
      },
    });
  }
}

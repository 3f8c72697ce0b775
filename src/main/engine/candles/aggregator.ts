// Multi-interval candle aggregator: the engine calls onTick for every tick; it keeps the open
// bar per instrument per interval and reports which bars changed and which closed.
// Cost per tick: one Map lookup, a cached session lookup and O(intervals) arithmetic; it allocates
// only when a bar opens. Runtime: std.
//
// Rules (the contract tests hold it to):
// - Session: a tick counts only inside [open, close) of its exchange day, in the exchange's zone.
//   Pre-open prints (before open) and post-close prints (at or after close) make no bar, intraday
//   or 1d; their cumulative volume still moves the volume baseline (so pre-open volume is in no bar)
//   and their OI is remembered. The 1d bar is built from session ticks only.
// - Volume: from differences of the cumulative day volume, never from last-trade quantities.
//   The first tick of a day starts from a baseline of 0 if it falls in the session's first minute
//   (or a pre-open tick set it), otherwise from its own cumulative volume (joining mid-session,
//   the volume traded before we saw the first tick is in no intraday bar). A cumulative volume
//   lower than one already seen that day is ignored and counted (volumeRegressions).
// - Order: a tick older than the instrument's latest accepted tick is "late": it may widen the
//   high/low of a bar that is still open and covers its time, and never moves open, close,
//   volume or OI; when no such bar is open it is dropped and counted. A tick with the same
//   timestamp as the latest is taken in arrival order (it moves the close). An exact duplicate
//   therefore changes nothing: high/low/close are idempotent and its cumulative volume adds 0.
// - Gaps: intervals with no tick make no bar (no synthetic flat bars).
import { CANDLE_INTERVALS, type Candle, type CandleInterval } from '../../../shared/history.ts';
import { bucketIn, clockFor, intervalMs } from './bucket.ts';
import { sessionFor, type SessionClock, type SessionSpec } from './session.ts';

/** A bar being built (or just closed). Mutable while open: copy it if you keep it past the next onTick. */
export interface LiveBar extends Candle {
  readonly key: string;
  readonly interval: CandleInterval;
  /** Ticks that touched the bar. */
  ticks: number;
  /** Cumulative day volume at the bar's latest update (null when the feed carries none). */
  cumVolume: number | null;
}

export type TickOutcome = 'bar' | 'late' | 'late_dropped' | 'out_of_session' | 'invalid';

/** Result of one onTick; the same object (and arrays) is reused by the next call. */
export interface CandleUpdate {
  outcome: TickOutcome;
  changed: LiveBar[];
  closed: LiveBar[];
}

export interface AggregatorStats {
  ticks: number;
  accepted: number;
  late: number;
  lateDropped: number;
  outOfSession: number;
  invalid: number;
  volumeRegressions: number;
}

interface InstrumentState {
  /** The instrument's session clock (its market's, see SessionSpec.byKey). */
  clock: SessionClock;
  lastTs: number;
  /** Session open of the day `cumVol` belongs to. */
  dayOpen: number;
  cumVol: number | null;
  oi: number | null;
  bars: (LiveBar | null)[];
  /** Per interval: bars starting at or before this were closed; later ticks there are late. */
  closedThrough: number[];
}

const FIRST_MINUTE_MS = 60_000;

export class CandleAggregator {
  readonly intervals: readonly CandleInterval[];
  readonly stats: AggregatorStats = { ticks: 0, accepted: 0, late: 0, lateDropped: 0, outOfSession: 0, invalid: 0, volumeRegressions: 0 };
  readonly #session: SessionSpec;
  readonly #lengths: number[];
  readonly #state = new Map<string, InstrumentState>();
  readonly #update: CandleUpdate = { outcome: 'bar', changed: [], closed: [] };

  constructor(options: { session: SessionSpec; intervals?: readonly CandleInterval[] }) {
    this.intervals = [...(options.intervals ?? CANDLE_INTERVALS)];
    this.#session = options.session;
    clockFor(options.session); // a bad session fails here, not on the first tick
    this.#lengths = this.intervals.map(intervalMs);
  }

  /** Feeds one tick. Prices in the instrument's currency; volume is the cumulative day volume. */
  onTick(key: string, exchangeTs: number, price: number, cumulativeVolume?: number | null, oi?: number | null): CandleUpdate {
    const u = this.#update;
    u.changed.length = 0;
    u.closed.length = 0;
    this.stats.ticks++;
    if (!Number.isFinite(exchangeTs) || !Number.isFinite(price) || (cumulativeVolume != null && !Number.isFinite(cumulativeVolume))) {
      this.stats.invalid++;
      u.outcome = 'invalid';
      return u;
    }
    const st = this.#stateOf(key);
    const day = st.clock.day(exchangeTs);
    if (day.open !== st.dayOpen && exchangeTs > st.lastTs) {
      st.dayOpen = day.open;
      st.cumVol = null;
    }
    if (exchangeTs < day.open || exchangeTs >= day.close) {
      if (exchangeTs >= st.lastTs) {
        if (exchangeTs < day.open && cumulativeVolume != null) st.cumVol = Math.max(st.cumVol ?? 0, cumulativeVolume);
        if (oi != null) st.oi = oi;
        st.lastTs = exchangeTs;
      }
      this.stats.outOfSession++;
      u.outcome = 'out_of_session';
      return u;
    }
    if (exchangeTs < st.lastTs) return this.#late(st, exchangeTs, price, day.open, day.close);

    let delta = 0;
    if (cumulativeVolume != null) {
      if (st.cumVol === null) st.cumVol = exchangeTs - day.open < FIRST_MINUTE_MS ? 0 : cumulativeVolume;
      if (cumulativeVolume > st.cumVol) {
        delta = cumulativeVolume - st.cumVol;
        st.cumVol = cumulativeVolume;
      } else if (cumulativeVolume < st.cumVol) {
        this.stats.volumeRegressions++;
      }
    }
    if (oi != null) st.oi = oi;
    st.lastTs = exchangeTs;
    for (let i = 0; i < this.#lengths.length; i++) {
      const start = bucketIn(exchangeTs, this.#lengths[i]!, day.open, day.close)!;
      let bar = st.bars[i] ?? null;
      if (bar !== null && bar.time === start) {
        if (price > bar.high) bar.high = price;
        if (price < bar.low) bar.low = price;
        bar.close = price;
        bar.volume += delta;
        bar.ticks++;
      } else if (start <= st.closedThrough[i]!) {
        continue; // its bar was already closed by closeBefore: too late for this interval
      } else {
        if (bar !== null) u.closed.push(bar);
        bar = { key, interval: this.intervals[i]!, time: start, open: price, high: price, low: price, close: price, volume: delta, oi: null, ticks: 1, cumVolume: null };
        st.bars[i] = bar;
      }
      bar.oi = st.oi;
      bar.cumVolume = st.cumVol;
      u.changed.push(bar);
    }
    this.stats.accepted++;
    u.outcome = 'bar';
    return u;
  }

  #late(st: InstrumentState, ts: number, price: number, open: number, close: number): CandleUpdate {
    const u = this.#update;
    for (let i = 0; i < this.#lengths.length; i++) {
      const bar = st.bars[i];
      if (!bar || bar.time !== bucketIn(ts, this.#lengths[i]!, open, close)) continue;
      if (price > bar.high) bar.high = price;
      if (price < bar.low) bar.low = price;
      bar.ticks++;
      u.changed.push(bar);
    }
    const kept = u.changed.length > 0;
    if (kept) this.stats.late++;
    else this.stats.lateDropped++;
    u.outcome = kept ? 'late' : 'late_dropped';
    return u;
  }

  /**
   * Closes every open bar that ends at or before `nowMs` (exchange time; pass now − a grace period
   * so ticks still in flight land first). Returns the closed bars (a fresh array).
   */
  closeBefore(nowMs: number): LiveBar[] {
    const closed: LiveBar[] = [];
    for (const st of this.#state.values()) {
      for (let i = 0; i < st.bars.length; i++) {
        const bar = st.bars[i];
        if (!bar) continue;
        const len = this.#lengths[i]!;
        const sessionClose = st.clock.day(bar.time).close;
        const end = len === 0 ? sessionClose : Math.min(bar.time + len, sessionClose);
        if (end > nowMs) continue;
        closed.push(bar);
        st.bars[i] = null;
        st.closedThrough[i] = bar.time;
      }
    }
    return closed;
  }

  /** The open bar of `key` for `interval`, or null. Live object: copy it to keep it. */
  openBar(key: string, interval: CandleInterval): LiveBar | null {
    const i = this.intervals.indexOf(interval);
    return i < 0 ? null : (this.#state.get(key)?.bars[i] ?? null);
  }

  /**
   * Resumes a bar persisted earlier (e.g. by the store after a restart) so later ticks extend it
   * instead of starting it over. `bar.cumVolume` becomes the volume baseline.
   */
  resume(key: string, interval: CandleInterval, bar: Candle, cumVolume: number | null): void {
    const i = this.intervals.indexOf(interval);
    if (i < 0) throw new RangeError(`resume ${key}: interval ${interval} is not aggregated here (${this.intervals.join(', ')})`);
    const st = this.#stateOf(key);
    const day = st.clock.day(bar.time);
    st.bars[i] = { key, interval, time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, oi: bar.oi, ticks: 0, cumVolume };
    if (st.dayOpen !== day.open || st.cumVol === null || (cumVolume !== null && cumVolume > st.cumVol)) {
      st.dayOpen = day.open;
      st.cumVol = cumVolume;
    }
    if (bar.oi !== null) st.oi = bar.oi;
  }

  /** Instruments with state. */
  get size(): number {
    return this.#state.size;
  }

  #stateOf(key: string): InstrumentState {
    let st = this.#state.get(key);
    if (!st) {
      st = {
        clock: clockFor(sessionFor(this.#session, key)), lastTs: -Infinity, dayOpen: NaN, cumVol: null, oi: null,
        bars: this.intervals.map(() => null), closedThrough: this.intervals.map(() => -Infinity),
      };
      this.#state.set(key, st);
    }
    return st;
  }
}

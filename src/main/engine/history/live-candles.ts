// The live bars of every instrument in every interval, and the charts clients watch. The engine's
// tick listener calls onTicks; a watched chart whose bar changed is pushed at most once per flush
// interval (its latest state), with the final state of a bar that closed in between.
import { CANDLE_INTERVALS, type Candle, type CandleInterval } from '../../../shared/history.ts';
import type { Tick } from '../../../shared/market.ts';
import type { HistoryPushEvent } from '../../../shared/replay.ts';
import { CandleAggregator, type LiveBar } from '../candles/aggregator.ts';
import type { SessionSpec } from '../candles/session.ts';

export type CandlePush = Extract<HistoryPushEvent, { type: 'candle' }>;
export type PushTo = (push: HistoryPushEvent, clients: ReadonlySet<string>) => void;

interface Chart {
  symbol: string;
  key: string;
  interval: CandleInterval;
  clients: Set<string>;
  dirty: boolean;
  /** The previous bar's final state when it closed with changes not yet pushed. */
  closed: Candle | null;
}

export function copyBar(b: Candle): Candle {
  return { time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, oi: b.oi };
}

const chartId = (symbol: string, interval: CandleInterval): string => `${symbol}\u0000${interval}`;

export class LiveCandles {
  readonly aggregator: CandleAggregator;
  readonly #flushMs: number;
  readonly #push: PushTo;
  readonly #charts = new Map<string, Chart>();
  /** instrument key → charts of it */
  readonly #byKey = new Map<string, Chart[]>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: { session: SessionSpec; flushMs: number; push: PushTo }) {
    this.aggregator = new CandleAggregator({ session: options.session, intervals: CANDLE_INTERVALS });
    this.#flushMs = options.flushMs;
    this.#push = options.push;
  }

  onTicks(ticks: readonly Tick[]): void {
    const agg = this.aggregator;
    let dirty = false;
    for (const t of ticks) {
      if (t.ltp === undefined) continue;
      const u = agg.onTick(t.key, t.exchangeTs, t.ltp, t.volume, t.oi);
      const charts = this.#byKey.get(t.key);
      if (charts === undefined || u.changed.length === 0) continue;
      for (const c of charts) {
        for (const b of u.closed) if (b.interval === c.interval && c.dirty) c.closed = copyBar(b);
        if (u.changed.some((b) => b.interval === c.interval)) { c.dirty = true; dirty = true; }
      }
    }
    if (dirty && this.#timer === null) this.#timer = setTimeout(() => { this.#timer = null; this.flush(); }, this.#flushMs);
  }

  /** Pushes every dirty chart's live bar to its clients. */
  flush(): void {
    for (const c of this.#charts.values()) {
      if (!c.dirty) continue;
      c.dirty = false;
      const bar = this.aggregator.openBar(c.key, c.interval);
      const push: CandlePush = { type: 'candle', symbol: c.symbol, interval: c.interval, bar: bar ? copyBar(bar) : c.closed! };
      if (bar && c.closed) push.closed = c.closed;
      c.closed = null;
      if (push.bar) this.#push(push, c.clients);
    }
  }

  /** Closes bars that ended at or before `nowMs` (exchange time). */
  closeBefore(nowMs: number): LiveBar[] {
    return this.aggregator.closeBefore(nowMs);
  }

  /** The open bar, copied; null when none. */
  liveBar(key: string, interval: CandleInterval): Candle | null {
    const b = this.aggregator.openBar(key, interval);
    return b ? copyBar(b) : null;
  }

  watch(client: string, symbol: string, key: string, interval: CandleInterval): void {
    const id = chartId(symbol, interval);
    let c = this.#charts.get(id);
    if (!c) {
      c = { symbol, key, interval, clients: new Set(), dirty: false, closed: null };
      this.#charts.set(id, c);
      const list = this.#byKey.get(key) ?? [];
      list.push(c);
      this.#byKey.set(key, list);
    }
    c.clients.add(client);
  }

  unwatch(client: string, symbol: string, interval: CandleInterval): void {
    const c = this.#charts.get(chartId(symbol, interval));
    if (c?.clients.delete(client) && c.clients.size === 0) this.#remove(c);
  }

  dropClient(client: string): void {
    for (const c of [...this.#charts.values()]) if (c.clients.delete(client) && c.clients.size === 0) this.#remove(c);
  }

  #remove(c: Chart): void {
    this.#charts.delete(chartId(c.symbol, c.interval));
    const list = this.#byKey.get(c.key)!.filter((x) => x !== c);
    if (list.length) this.#byKey.set(c.key, list);
    else this.#byKey.delete(c.key);
  }

  get watchedCharts(): number {
    return this.#charts.size;
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

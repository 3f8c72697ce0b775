// One subscription per (symbol, interval) on the host, shared by every chart showing it: the
// first chart watches, the last one to leave unwatches. After a reconnect the host has forgotten
// this client's watches, so every ref is watched again and its charts reload their history.
import type { PushEvent } from '../../../shared/api.ts';
import type { Candle } from '../../../shared/history.ts';
import type { ChartRef, WatchedChart } from '../../../shared/replay.ts';
import type { Transport } from '../../api/transport.ts';

export interface CandleListener {
  bar(bar: Candle, closed?: Candle): void;
  /** The link came back: bars pushed meanwhile were lost, reload history. */
  resync(): void;
}

const keyOf = (ref: ChartRef): string => `${ref.symbol}|${ref.interval}`;

export class CandleFeed {
  readonly #api: Transport;
  readonly #listeners = new Map<string, Set<CandleListener>>();
  readonly #stop: (() => void)[] = [];
  #wasOpen: boolean;

  constructor(api: Transport) {
    this.#api = api;
    this.#wasOpen = api.connection().state === 'open';
    this.#stop.push(api.onEvent((event) => this.#onPush(event)));
    this.#stop.push(api.onConnection((info) => {
      const open = info.state === 'open';
      if (open && !this.#wasOpen) this.#resume();
      this.#wasOpen = open;
    }));
  }

  /** Starts the listener on the ref's pushes; resolves with the live bar now. Returns via `unwatch`. */
  async watch(ref: ChartRef, listener: CandleListener): Promise<WatchedChart> {
    const key = keyOf(ref);
    let set = this.#listeners.get(key);
    if (!set) this.#listeners.set(key, (set = new Set()));
    set.add(listener);
    try {
      return await this.#api.call('history.watch_candles', { symbol: ref.symbol, interval: ref.interval });
    } catch (err) {
      this.unwatch(ref, listener);
      throw err;
    }
  }

  unwatch(ref: ChartRef, listener: CandleListener): void {
    const key = keyOf(ref);
    const set = this.#listeners.get(key);
    if (!set?.delete(listener) || set.size > 0) return;
    this.#listeners.delete(key);
    this.#api.call('history.unwatch_candles', { symbol: ref.symbol, interval: ref.interval })
      .catch((err: unknown) => console.warn(`optick: unwatching ${ref.symbol} ${ref.interval} candles failed`, err));
  }

  /** Every chart reloads its history (after a replay seek moved the clock back or ahead). */
  resyncAll(): void {
    for (const set of this.#listeners.values()) for (const listener of set) listener.resync();
  }

  dispose(): void {
    for (const stop of this.#stop.splice(0)) stop();
  }

  #onPush(event: PushEvent): void {
    if (event.type !== 'candle') return;
    const set = this.#listeners.get(keyOf(event));
    if (!set) return;
    for (const listener of set) {
      try {
        listener.bar(event.bar, event.closed);
      } catch (err) {
        console.error(`optick: chart ${event.symbol} ${event.interval} failed on a live bar`, err);
      }
    }
  }

  #resume(): void {
    for (const [key, set] of this.#listeners) {
      const [symbol = '', interval] = key.split('|');
      const ref = { symbol, interval } as ChartRef;
      this.#api.call('history.watch_candles', ref)
        .then(() => { for (const listener of set) listener.resync(); })
        .catch((err: unknown) => console.warn(`optick: re-watching ${key} candles after a reconnect failed`, err));
    }
  }
}

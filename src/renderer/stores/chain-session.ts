// Drives the chain screen: picks an underlying and expiry, watches the chain, applies the
// pushed deltas to its ChainBook and feeds the grid one transaction per animation frame, timing
// each from the socket to the paint (screen-latency.ts).
// Switching chains unwatches the old one and resets the grid once; a reconnect re-watches.
import type { ChainRow, OptionChainModel } from '../../shared/chain.ts';
import type { PushEvent } from '../../shared/api.ts';
import type { Transport } from '../api/transport.ts';
import { ChainBook } from './chain-book.ts';
import type { RowTransaction } from './chain-book.ts';
import type { ScreenStore } from './screen-store.ts';
import { FrameThrottle, GRID_MIN_INTERVAL_MS } from './frame-throttle.ts';
import type { FrameClock } from './frame-throttle.ts';
import { monoNow } from '../../shared/latency.ts';
import { ScreenLatency } from './screen-latency.ts';

/** The grid as the session sees it: a chain is coming, all rows of a new chain, or one transaction. */
export interface GridSink {
  /** A different chain is being fetched: the rows shown are no longer the selected chain's. */
  loading(): void;
  reset(rows: ChainRow[], atmStrike: number | null): void;
  apply(tx: RowTransaction): void;
  /** The expiry's largest leg OI (market_metrics.max_oi): the OI bars' scale. */
  scaleOi?(maxOi: number | null): void;
  /** Scrolls the strike's row into view and highlights it (an alert's contract). */
  focusStrike?(strike: number): void;
}

export const DEFAULT_UNDERLYING = 'NIFTY';

/** After a rAF callback, a posted message runs once the frame's style, layout and paint are done. */
const paintChannel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
const afterPaintQueue: (() => void)[] = [];
if (paintChannel) paintChannel.port1.onmessage = () => { for (const run of afterPaintQueue.splice(0)) run(); };

/** The page's own clock and frames (kept here: frame-throttle.ts is also typechecked without the DOM). */
const browserFrameClock: FrameClock = {
  now: () => performance.now(),
  nextFrame: (run) => { requestAnimationFrame(run); },
  after: (ms, run) => { setTimeout(run, ms); },
  afterPaint: (run) => {
    if (!paintChannel) { setTimeout(run, 0); return; }
    if (afterPaintQueue.push(run) === 1) paintChannel.port2.postMessage(0);
  },
};

/** How often the status bar's latency figure is refreshed. */
const LATENCY_PUBLISH_MS = 1000;
/**
 * Head and metrics (header price, PCR, analytics panels) re-render React components: at most
 * 10 store updates a second. The grid's cells, the figures a trader watches tick, go every frame.
 */
export const STORE_MIN_INTERVAL_MS = 100;

export class ChainSession {
  readonly #api: Transport;
  readonly #store: ScreenStore;
  readonly #flushes: FrameThrottle;
  readonly #clock: FrameClock;
  /** Socket → screen of every grid update that showed new ticks (the status bar's figure). */
  readonly latency = new ScreenLatency();
  #book: ChainBook | null = null;
  #grid: GridSink | null = null;
  #headDirty = false;
  #metricsDirty = false;
  #storeAt = Number.NEGATIVE_INFINITY;
  #storeLater = false;
  /** Bumped on every switch; replies to an older switch are stale and dropped. */
  #generation = 0;
  #wasOpen = false;
  /** Bumped on each new chain and each applied change: readers that poll (the dock's charts) skip an unchanged chain. */
  #version = 0;
  #stop: (() => void)[] = [];

  constructor(api: Transport, store: ScreenStore, clock: FrameClock = browserFrameClock, gridIntervalMs = GRID_MIN_INTERVAL_MS) {
    this.#api = api;
    this.#store = store;
    this.#clock = clock;
    this.#flushes = new FrameThrottle(() => this.#flush(), gridIntervalMs, clock);
  }

  /** Subscribes to pushes and the link, loads the underlyings and watches NIFTY's nearest chain. */
  async start(): Promise<void> {
    this.#stop.push(this.#api.onEvent((event) => this.#onPush(event)));
    this.#stop.push(this.#api.onConnection((info) => {
      this.#store.setState({ connection: info });
      if (info.state !== 'open') return;
      if (this.#wasOpen) void this.#resume();
      this.#wasOpen = true;
    }));
    this.#wasOpen = this.#api.connection().state === 'open';
    const publish = setInterval(() => this.#store.setState({ latency: this.latency.summary(monoNow()) }), LATENCY_PUBLISH_MS);
    this.#stop.push(() => clearInterval(publish));
    await this.#loadUnderlyings();
  }

  dispose(): void {
    for (const stop of this.#stop.splice(0)) stop();
  }

  async selectUnderlying(name: string): Promise<void> {
    if (name === this.#store.getState().underlying && this.#book) return;
    await this.#watch(name, null, true);
  }

  async selectExpiry(expiry: string): Promise<void> {
    const { underlying } = this.#store.getState();
    if (!underlying || (expiry === this.#store.getState().expiry && this.#book)) return;
    await this.#watch(underlying, expiry, true);
  }

  /**
   * Brings a contract's row on screen: switches the chain to its underlying and expiry when
   * another one is shown, then scrolls to its strike and highlights it. False when the chain
   * does not list that strike (outside the strikes shown around ATM) or the expiry is gone.
   */
  async showContract(underlying: string, expiry: string, strike: number): Promise<boolean> {
    const s = this.#store.getState();
    if (s.underlying !== underlying || s.expiry !== expiry || !this.#book) await this.#watch(underlying, expiry, true);
    if (this.#book?.model.expiry !== expiry || !this.rowAt(strike)) return false;
    this.#grid?.focusStrike?.(strike);
    return true;
  }

  /** The shown chain's row at `strike`, with its latest values (null when not shown). */
  rowAt(strike: number): ChainRow | null {
    return this.#book?.model.options.find((r) => r.strike === strike) ?? null;
  }

  /** The shown chain as it is now (its rows are live objects: read, never keep or change), or null while none is shown. */
  chain(): OptionChainModel | null {
    return this.#book?.model ?? null;
  }

  /** Changes when the shown chain or any of its values changed. */
  get version(): number {
    return this.#version;
  }

  /** Connects the grid; it gets the current chain at once. Returns the detach function. */
  attachGrid(grid: GridSink): () => void {
    this.#grid = grid;
    if (this.#book) {
      grid.scaleOi?.(this.#book.model.market_metrics.max_oi);
      grid.reset(this.#book.snapshotRows(), this.#book.model.atm_strike);
    }
    return () => { if (this.#grid === grid) this.#grid = null; };
  }

  async #loadUnderlyings(): Promise<void> {
    try {
      const underlyings = await this.#api.call('meta.underlyings', {});
      if (underlyings.length === 0) throw new Error('the host lists no underlyings');
      // Symbols with no option chain (perpetuals) are shown in the Prices tab, not here.
      const chained = underlyings.filter((u) => u.chain !== false);
      const pick = chained.find((u) => u.name === DEFAULT_UNDERLYING) ?? chained[0] ?? underlyings[0]!;
      this.#store.setState({ underlyings });
      await this.#watch(pick.name, null, false);
    } catch (err) {
      this.#fail('loading underlyings', err);
    }
  }

  /** After a reconnect the host has forgotten this client's watches: watch the shown chain again. */
  async #resume(): Promise<void> {
    const { underlying, expiry, underlyings } = this.#store.getState();
    if (underlyings.length === 0 || !underlying) { await this.#loadUnderlyings(); return; }
    await this.#watch(underlying, expiry, false);
  }

  /** Watches (underlying, expiry ?? nearest); unwatches the shown chain first when asked. */
  async #watch(underlying: string, expiry: string | null, unwatchOld: boolean): Promise<void> {
    const generation = ++this.#generation;
    const old = this.#book;
    this.#book = null; // deltas of the old chain stop counting now
    this.latency.forget();
    const sameUnderlying = underlying === this.#store.getState().underlying;
    this.#store.setState({ underlying, expiry, loading: true, error: null, ...(sameUnderlying ? {} : { expiries: [], head: null, metrics: null }) });
    this.#grid?.loading();
    if (old && unwatchOld) {
      const ref = { underlying: old.model.underlying, expiry: old.model.expiry };
      this.#api.call('chain.unwatch', ref).catch((err: unknown) => console.warn(`optick: unwatching ${old.id} failed`, err));
    }
    try {
      let expiries = this.#store.getState().expiries;
      if (!sameUnderlying || expiries.length === 0) {
        expiries = await this.#api.call('chain.expiries', { underlying });
        if (generation !== this.#generation) return;
        this.#store.setState({ expiries });
      }
      const chosen = expiry !== null && expiries.includes(expiry) ? expiry : expiries[0];
      if (chosen === undefined) throw new Error(`no expiries listed for ${underlying}`);
      const snapshot = await this.#api.call('chain.watch', { underlying, expiry: chosen });
      if (generation !== this.#generation) {
        this.#api.call('chain.unwatch', { underlying, expiry: chosen })
          .catch((err: unknown) => console.warn(`optick: unwatching superseded ${underlying} ${chosen} failed`, err));
        return;
      }
      this.#show(new ChainBook(snapshot));
    } catch (err) {
      if (generation === this.#generation) this.#fail(`watching ${underlying}${expiry ? ` ${expiry}` : ''}`, err);
    }
  }

  #show(book: ChainBook): void {
    this.#book = book;
    this.#version++;
    this.#headDirty = this.#metricsDirty = false;
    this.#store.setState({
      expiry: book.model.expiry, loading: false, error: null,
      head: book.head(), metrics: book.metrics(), rowCount: book.model.options.length,
    });
    this.#grid?.scaleOi?.(book.model.market_metrics.max_oi);
    this.#grid?.reset(book.snapshotRows(), book.model.atm_strike);
  }

  #onPush(event: PushEvent): void {
    if (event.type === 'status') { this.#store.setState({ status: event.status }); return; }
    if (event.type !== 'chain.delta') return; // candles and others belong to other panels
    const book = this.#book;
    if (!book) return;
    const arrived = monoNow();
    const changes = book.apply(event.deltas);
    if (changes.rows || changes.head || changes.metrics) this.latency.note(event.deltas, book.id, arrived);
    this.#headDirty ||= changes.head;
    this.#metricsDirty ||= changes.metrics;
    if (changes.rows || changes.head || changes.metrics) { this.#version++; this.#flushes.request(); }
  }

  /** On a frame: one grid transaction and at most one store update, timed from the socket to the paint. */
  #flush(): void {
    const book = this.#book;
    if (!book) return;
    const shown = this.latency.take(monoNow());
    if (this.#grid) {
      const tx = book.takeTransaction();
      if (tx) this.#grid.apply(tx);
      if (this.#metricsDirty) this.#grid.scaleOi?.(book.model.market_metrics.max_oi);
    }
    const wait = this.#storeAt + STORE_MIN_INTERVAL_MS - this.#clock.now();
    if ((this.#headDirty || this.#metricsDirty) && wait > 0 && !this.#storeLater) {
      this.#storeLater = true;
      this.#clock.after(wait, () => { this.#storeLater = false; this.#flushes.request(); });
    }
    if ((this.#headDirty || this.#metricsDirty) && wait <= 0) {
      this.#storeAt = this.#clock.now();
      this.#store.setState({
        ...(this.#headDirty ? { head: book.head() } : {}),
        ...(this.#metricsDirty ? { metrics: book.metrics() } : {}),
        rowCount: book.model.options.length,
      });
      this.#headDirty = this.#metricsDirty = false;
    }
    if (shown) {
      this.latency.applied(shown, monoNow());
      this.#clock.afterPaint?.(() => this.latency.painted(shown, monoNow(), Date.now()));
    }
  }

  #fail(what: string, err: unknown): void {
    const message = `${what} failed: ${err instanceof Error ? err.message : String(err)}`;
    console.error(`optick: ${message}`, err);
    this.#store.setState({ loading: false, error: message });
    // Whatever the grid still shows is no longer watched, so it would go stale silently.
    if (!this.#book) this.#grid?.reset([], null);
  }
}

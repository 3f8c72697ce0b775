// The engine: one data path from feed to deltas.
//   feed → Tick → MarketState → OptionChain(s) → DeltaTracker → listeners (hosts)
// It owns the open chains, who watches them, and the flush cadence. Knows nothing of
// Electron or HTTP; hosts call its methods and listen to its events.
import { chainId, type AtmReference, type OptionChainModel, type OptionLeg } from '../../shared/chain.ts';
import type { ChainDelta } from '../../shared/delta.ts';
import { LatencyWindow, monoNow, type FrameClockReport } from '../../shared/latency.ts';
import type { PriceView, Tick, UnderlyingInfo } from '../../shared/market.ts';
import { RecentTrades } from './market/recent-trades.ts';
import type { EngineStatus, FeedLoad, FeedStatus, FrameQueueStatus, SubscriptionPlanStatus, UnderlyingStatus } from '../../shared/status.ts';
import { FlushPacer } from './flush-pacer.ts';
import { DeltaTracker } from './chain/delta-tracker.ts';
import { OptionChain, type ChainPricingInputs, type OptionChainOptions, type PricingClock } from './chain/option-chain.ts';
import type { PrevOiBaseline } from './chain/prev-oi.ts';
import type { FeedAdapter, FeedMode } from './feeds/feed.ts';
import { planWholeExpiry, type ChainWants, type WholeExpiryPlan } from './feeds/common/subscription-plan.ts';
import { upstoxPlanProblem } from './feeds/upstox/mode-plan.ts';
import { ValidatedFeed } from './feeds/validated-feed.ts';
import { MultiFeed } from './feeds/common/multi-feed.ts';
import type { InstrumentRegistry } from './instruments/registry.ts';
import type { Logger } from './log.ts';
import { MarketState } from './market/market-state.ts';
import { Notices } from './notices.ts';
import { yearsToExpiry, type TimeBasis } from './pricing/conventions.ts';
import type { ChainResultView } from './pricing/chain-pricing.ts';
import type { PricingPool } from './pricing/pool.ts';
import { zonedDate } from './time/zoned.ts';

export interface EngineOptions {
  feed: FeedAdapter;
  registry: InstrumentRegistry;
  now?: () => number;
  /** Minimum time between delta flushes (16 ms, one animation frame, by default); a tick after an idle gap is flushed at once. */
  flushMs?: number;
  /** How often status is pushed. */
  statusMs?: number;
  chain?: Partial<OptionChainOptions>;
  /** What the log calls the feed: 'simulator' when the simulator is the source (default: the feed's id). */
  feedName?: string;
  /** Subscribe every strike of each open chain's expiry for the whole-expiry metrics (default true). */
  wholeExpiry?: boolean;
  /** IV and Greeks off the engine's thread; without it the chain shows quotes only. */
  pricing?: EnginePricing;
  log?: Logger;
  /** Standing notices shown with status (the runtime passes the one it raised start-up notices on). */
  notices?: Notices;
  /** Told each time the trader switches the ATM reference (the runtime saves it for the next start). */
  onAtmReference?: (reference: AtmReference) => void;
}

export interface EnginePricing {
  pool: PricingPool;
  /** Continuously compounded rate for discounting (Black-76 on the forward). */
  rate: number;
  /** Calendar (365-day) or trading (252-session) years to expiry. */
  basis: TimeBasis;
  /** Expiry time of day in the exchange's zone, e.g. '15:30' for NSE. */
  expiryTime: string;
  /** Per exchange, where it differs from the above (US: 16:00 New York, its own rate). */
  byExchange?: Partial<Record<UnderlyingInfo['exchange'], { rate: number; expiryTime: string }>>;
}

export type FeedPhase = 'offline' | 'connected' | 'active';

export type DeltaListener = (deltas: ChainDelta[], watchers: ReadonlyMap<string, ReadonlySet<string>>) => void;
export type StatusListener = (status: EngineStatus) => void;
/** Sees every tick the engine accepted (after MarketState), in feed order. */
export type TickListener = (ticks: readonly Tick[]) => void;
/** Load figures measured outside the engine (event-loop delay, the tick writer's queue). */
export type LoadGauge = () => Partial<Pick<FeedLoad, 'event_loop_delay_p99_ms' | 'writer_queue_depth'>>;
/** Falling behind: more than this far behind, or ticks shed within FALLING_BEHIND_HOLD_MS. */
export const FALLING_BEHIND_MS = 1000;
const FALLING_BEHIND_HOLD_MS = 10_000;
/** A reported display frame period outside these (240 Hz .. 10 Hz) is refused. */
const MIN_FRAME_MS = 4;
const MAX_FRAME_MS = 100;
/** Adds the instruments a consumer needs to the plan (keeping a mode a chain already set). */
export type SubscriptionSource = (into: Map<string, FeedMode>) => void;

interface UnderlyingCounters {
  received: number;
  lastTickAt: number | null;
}

export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

export class Engine {
  readonly market = new MarketState();
  /** Last trades of the underlyings without an option chain (their price view). */
  readonly #trades = new RecentTrades();
  #keepsTrades = false;
  readonly registry: InstrumentRegistry;
  /** Problems the trader must see (corrupt files, history off, …): raise/clear by id; pushed with status. */
  readonly notices: Notices;
  /** The feed given, behind the tick check every feed's ticks pass once. */
  readonly #feed: ValidatedFeed | MultiFeed<ValidatedFeed>;
  readonly #now: () => number;
  readonly #flushMs: number;
  readonly #statusMs: number;
  readonly #chainOpts: OptionChainOptions;
  readonly #log: Logger;
  readonly #pricing: EnginePricing | null;
  /** What the last pricing submit of each chain used, applied to its result. */
  readonly #submitted = new Map<string, { clock: PricingClock; spot: number | null }>();
  /** Each chain's pricing clock for the current whole second (years are to the second). */
  readonly #clocks = new Map<string, { second: number; clock: PricingClock }>();
  readonly #startedAt: number;
  readonly #chains = new Map<string, OptionChain>();
  readonly #trackers = new Map<string, DeltaTracker>();
  /** chain id → client ids watching it */
  readonly #watchers = new Map<string, Set<string>>();
  /** Chains kept open with nobody watching (nearest expiry of each underlying). */
  readonly #pinned = new Set<string>();
  /** chain id → how many holders (positions, IV rules) keep it open with nobody watching. */
  readonly #held = new Map<string, number>();
  readonly #pricedListeners = new Set<(chainId: string) => void>();
  /** option key → chains showing it */
  #chainsByKey = new Map<string, OptionChain[]>();
  /** underlying key → chains of that underlying */
  #chainsByUnderlyingKey = new Map<string, OptionChain[]>();
  readonly #dirty = new Set<string>();
  /** Chains a tick of this ingest touched: only these are priced again (a chain dirty from an earlier batch or its own result has nothing new to price). */
  readonly #touchedNow = new Set<string>();
  readonly #counters = new Map<string, UnderlyingCounters>();
  readonly #pacer: FlushPacer;
  /** chain id → the oldest receive time (and its exchange time) among the ticks since its last delta. */
  readonly #oldest = new Map<string, { receive: number; exchangeTs: number }>();
  /** Socket → delta sent, last minute. */
  readonly #engineLatency = new LatencyWindow();
  readonly #loadGauges = new Set<LoadGauge>();
  /** Test-only extra work per ingested tick, µs (setTestThrottle). */
  #throttleUs = 0;
  #phase: FeedPhase = 'offline';
  #statusTimer: ReturnType<typeof setInterval> | null = null;
  readonly #deltaListeners = new Set<DeltaListener>();
  readonly #statusListeners = new Set<StatusListener>();
  readonly #tickListeners = new Set<TickListener>();
  /** Consumers other than chains (alert rules, positions) that need instruments subscribed. */
  readonly #subscriptionSources = new Set<SubscriptionSource>();
  #processed = 0;
  #dropped = 0;
  #rate = { windowStart: 0, count: 0, perSecond: 0 };
  #seq = 0;
  #atmReference: AtmReference;
  #prevOi: PrevOiBaseline | null = null;
  readonly #wholeExpiry: boolean;
  readonly #feedName: string;
  readonly #onAtmReference: ((reference: AtmReference) => void) | null;
  #plan: SubscriptionPlanStatus = { whole_expiry: [], cut: [], reason: null };

  constructor(opts: EngineOptions) {
    this.registry = opts.registry;
    this.#now = opts.now ?? Date.now;
    this.#flushMs = opts.flushMs ?? 16;
    this.#pacer = new FlushPacer(() => this.flush(), this.#flushMs);
    this.#statusMs = opts.statusMs ?? 1000;
    this.#chainOpts = { halfWidth: 20, margin: 2, atmBand: 0.1, optionMode: 'depth', ...opts.chain };
    this.#atmReference = this.#chainOpts.atmReference ?? 'spot';
    this.#onAtmReference = opts.onAtmReference ?? null;
    this.#wholeExpiry = opts.wholeExpiry ?? true;
    this.#feedName = opts.feedName ?? opts.feed.id;
    this.#log = opts.log ?? (() => {});
    const registry = this.registry;
    const boundary = { now: this.#now, knows: (key: string) => registry.underlyingOfKey(key) !== undefined, log: this.#log };
    // Several feeds: each behind its own boundary, so each keeps its own counters.
    this.#feed = opts.feed instanceof MultiFeed ? opts.feed.checked(boundary) : new ValidatedFeed(opts.feed, boundary);
    this.#pricing = opts.pricing ?? null;
    this.notices = opts.notices ?? new Notices(this.#log, this.#now);
    // A new or cleared notice reaches the screen at once, not at the next status tick.
    this.notices.onChange(() => this.#emitStatus());
    this.#pricing?.pool.onResult((id, result) => this.#onPriced(id, result));
    this.#pricing?.pool.onError((id, err) => this.#log('error', `pricing ${id} failed: ${err.message}`));
    this.#startedAt = this.#now();
    for (const u of this.registry.underlyings()) this.#counters.set(u.name, { received: 0, lastTickAt: null });
    // Symbols with no option chain (perpetuals): always subscribed, with a book, and their trades kept.
    const plain = this.registry.underlyings().filter((u) => u.chain === false);
    for (const u of plain) this.#trades.keep(u.key);
    if (plain.length) {
      this.#keepsTrades = true;
      this.#subscriptionSources.add((into) => { for (const u of plain) into.set(u.key, 'depth'); });
    }
  }

  /**
   * Opens the nearest expiry of every underlying; connects and subscribes the feed unless
   * `phase` says otherwise (the trading-hours scheduler then drives it with setFeedPhase).
   */
  start(phase: FeedPhase = 'active'): void {
    for (const u of this.registry.underlyings()) {
      const nearest = this.expiries(u.name)[0];
      if (!nearest) { if (u.chain !== false) this.#log('warn', `no live expiry for ${u.name}`); continue; }
      const chain = this.#open(u.name, nearest);
      this.#pinned.add(chain.id);
    }
    this.setFeedPhase(phase);
    this.#statusTimer = setInterval(() => this.#emitStatus(), this.#statusMs);
    this.#statusTimer.unref?.();
  }

  /** offline: disconnected; connected: connected with no subscriptions (before the open); active: subscribed. */
  setFeedPhase(phase: FeedPhase): void {
    const was = this.#phase;
    this.#phase = phase;
    if (phase === 'offline') {
      if (was !== 'offline') void this.#feed.stop().catch((err: Error) => this.#log('error', `feed stop failed: ${err.message}`));
      return;
    }
    if (was === 'offline') this.#feed.start({ onTicks: (ticks) => this.ingest(ticks) });
    this.#resubscribe();
    if (was !== phase) this.#log('info', `feed ${this.#feedName} ${phase}`);
  }

  get feedPhase(): FeedPhase {
    return this.#phase;
  }

  async stop(): Promise<void> {
    if (this.#statusTimer) clearInterval(this.#statusTimer);
    this.#pacer.cancel();
    this.#statusTimer = null;
    this.#phase = 'offline';
    await this.#feed.stop();
  }

  underlyings(): UnderlyingInfo[] {
    return this.registry.underlyings();
  }

  /** Live expiries (today onwards in the exchange's zone), ascending. */
  expiries(underlying: string): string[] {
    const u = this.registry.underlying(underlying);
    return this.registry.expiries(u.name, zonedDate(this.#now(), u.timeZone));
  }

  /** The price view of an underlying (latest quote, last trades when it has no chain). */
  price(symbol: string): PriceView {
    const u = this.registry.underlying(symbol);
    const q = this.market.get(u.key);
    const ltp = q?.ltp ?? null;
    const prev = q?.prevClose ?? null;
    const change = ltp !== null && prev !== null ? ltp - prev : null;
    return {
      symbol: u.name, instrument_key: u.key, exchange: u.exchange, time_zone: u.timeZone,
      ltp, prev_close: prev, change, change_pct: change !== null && prev ? (100 * change) / prev : null,
      bid: q?.bids[0]?.price ?? null, ask: q?.asks[0]?.price ?? null, bid_qty: q?.bids[0]?.qty ?? null, ask_qty: q?.asks[0]?.qty ?? null,
      volume: q?.volume ?? null, oi: q?.oi ?? null, last_update: q ? q.exchangeTs : null, trades: this.#trades.of(u.key),
    };
  }

  /** The chain model now; opens the chain (and subscribes it) if needed. */
  chain(underlying: string, expiry?: string): OptionChainModel {
    return this.#chainFor(underlying, expiry).model(this.market);
  }

  /** Starts pushing a chain's deltas to `client`; returns the snapshot they apply to. */
  watch(client: string, underlying: string, expiry?: string): OptionChainModel {
    const chain = this.#chainFor(underlying, expiry);
    this.#flushChain(chain.id, true);
    let set = this.#watchers.get(chain.id);
    if (!set) this.#watchers.set(chain.id, (set = new Set()));
    set.add(client);
    return this.#trackerFor(chain.id).snapshot ?? chain.model(this.market);
  }

  unwatch(client: string, underlying: string, expiry: string): void {
    const id = chainId(this.registry.underlying(underlying).name, expiry);
    const set = this.#watchers.get(id);
    set?.delete(client);
    if (set?.size === 0) { this.#watchers.delete(id); this.#closeIfIdle(id); }
  }

  /**
   * A screen's display frames (the page's monoNow clock): steady-stream flushes go out
   * FRAME_LEAD_MS before its next frame. The latest report wins; it lapses unless renewed.
   */
  setFrameClock(report: FrameClockReport): void {
    const { frame_at_ms: at, frame_every_ms: every } = report;
    if (!Number.isFinite(at) || !Number.isFinite(every) || every < MIN_FRAME_MS || every > MAX_FRAME_MS) {
      throw new BadRequestError(`a frame clock needs frame_at_ms (ms on the epoch) and frame_every_ms between ${MIN_FRAME_MS} and ${MAX_FRAME_MS} (a 240 Hz to 10 Hz display), got ${JSON.stringify(report)}`);
    }
    this.#pacer.alignTo({ at: at - performance.timeOrigin, every });
  }

  /** A client went away: drop all its watches. */
  dropClient(client: string): void {
    for (const [id, set] of this.#watchers) {
      if (set.delete(client) && set.size === 0) { this.#watchers.delete(id); this.#closeIfIdle(id); }
    }
  }

  /** What every chain's ATM strike is nearest to: the spot (default, as NSE's page) or the forward. */
  get atmReference(): AtmReference {
    return this.#atmReference;
  }

  /** Switches the ATM reference of every open (and future) chain; Greeks keep using the forward. */
  setAtmReference(reference: AtmReference): AtmReference {
    if (reference !== 'spot' && reference !== 'forward') throw new BadRequestError(`ATM reference must be 'spot' or 'forward', got ${JSON.stringify(reference)}`);
    if (reference === this.#atmReference) return reference;
    this.#atmReference = reference;
    let moved = false;
    for (const chain of this.#chains.values()) {
      if (chain.setAtmReference(reference)) moved = true;
      this.#dirty.add(chain.id);
    }
    if (moved) this.#resubscribe();
    this.#scheduleFlush();
    this.#log('info', `ATM reference: ${reference}`);
    this.#onAtmReference?.(reference);
    return reference;
  }

  /** Previous-close OI (ΔOI and buildup) for every chain; replaces the last baseline. */
  setPrevOi(baseline: PrevOiBaseline | null): void {
    this.#prevOi = baseline;
    for (const chain of this.#chains.values()) { chain.setPrevOi(baseline); this.#dirty.add(chain.id); }
    this.#scheduleFlush();
  }

  get prevOi(): PrevOiBaseline | null {
    return this.#prevOi;
  }

  /** The chains open now (pinned nearest expiries and any watched), as [underlying, expiry]. */
  openChains(): [string, string][] {
    return [...this.#chains.values()].map((c) => [c.underlying.name, c.expiry]);
  }

  onDeltas(listener: DeltaListener): () => void {
    this.#deltaListeners.add(listener);
    return () => this.#deltaListeners.delete(listener);
  }

  /** Consumers of the tick stream (tick store, candles, alerts) subscribe here. */
  onTicks(listener: TickListener): () => void {
    this.#tickListeners.add(listener);
    return () => this.#tickListeners.delete(listener);
  }

  /** A consumer's instruments join every subscription plan; call refreshSubscriptions() when they change. */
  addSubscriptionSource(source: SubscriptionSource): () => void {
    this.#subscriptionSources.add(source);
    this.#resubscribe();
    return () => { this.#subscriptionSources.delete(source); this.#resubscribe(); };
  }

  refreshSubscriptions(): void {
    this.#resubscribe();
  }

  /**
   * What the engine must have subscribed now (chains' windows around ATM, then the other
   * consumers), whatever the feed phase. The rest of each open expiry (whole-expiry metrics) is
   * added on top only while it fits the limits, so a caller checking room for a new instrument
   * checks against this.
   */
  subscriptionPlan(): Map<string, FeedMode> {
    const wanted = new Map<string, FeedMode>();
    for (const chain of this.#chains.values()) chain.subscriptions(wanted);
    for (const source of this.#subscriptionSources) source(wanted);
    return wanted;
  }

  /**
   * Keeps a chain open (and priced) with nobody watching, e.g. the expiry of a position; holds
   * are counted, and the returned release closes the chain when its last holder (and watcher) is gone.
   */
  holdChain(underlying: string, expiry: string): () => void {
    const id = this.#chainFor(underlying, expiry).id;
    this.#held.set(id, (this.#held.get(id) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.#held.get(id) ?? 1) - 1;
      if (n > 0) { this.#held.set(id, n); return; }
      this.#held.delete(id);
      this.#closeIfIdle(id);
    };
  }

  /** Called with a chain's id each time its pricing result (IV, Greeks) has been applied. */
  onPriced(listener: (chainId: string) => void): () => void {
    this.#pricedListeners.add(listener);
    return () => this.#pricedListeners.delete(listener);
  }

  /** An option's leg as its open chain shows it (quotes, IV, Greeks) with the chain's pricing inputs; null when no open chain lists it. */
  optionLeg(key: string): { leg: OptionLeg; pricing: ChainPricingInputs | null } | null {
    const chain = this.#chainsByKey.get(key)?.[0];
    const leg = chain?.leg(key, this.market);
    if (!chain || !leg) return null;
    return { leg, pricing: chain.pricingInputs() };
  }

  onStatus(listener: StatusListener): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /**
   * The hot path: every tick of every feed comes through here, checked at the feed boundary
   * (ValidatedFeed). Ticks of instruments the registry does not know are counted and dropped
   * here too, so no listener (tick store, candles, alerts) ever sees them.
   */
  ingest(ticks: readonly Tick[]): void {
    let resubscribe = false;
    const now = this.#now();
    let known: Tick[] | null = null;
    for (let i = 0; i < ticks.length; i++) {
      const t = ticks[i]!;
      const underlying = this.registry.underlyingOfKey(t.key);
      if (!underlying) {
        this.#dropped++;
        known ??= ticks.slice(0, i);
        continue;
      }
      known?.push(t);
      const q = this.market.apply(t);
      const recv = t.receiveMono;
      this.#processed++;
      const c = this.#counters.get(underlying);
      if (c) { c.received++; c.lastTickAt = now; }
      const asUnderlying = this.#chainsByUnderlyingKey.get(t.key);
      if (asUnderlying) {
        if (q.ltp !== null) for (const chain of asUnderlying) { if (chain.onUnderlyingPrice(q.ltp)) resubscribe = true; this.#touch(chain.id, recv, t.exchangeTs); }
        continue;
      }
      const chains = this.#chainsByKey.get(t.key);
      if (chains) for (const chain of chains) this.#touch(chain.id, recv, t.exchangeTs);
    }
    if (this.#throttleUs > 0) spin(this.#throttleUs * ticks.length);
    const passed = known ?? ticks;
    this.#countRate(passed.length, now);
    if (this.#keepsTrades) this.#trades.onTicks(passed);
    if (passed.length) for (const l of this.#tickListeners) {
      try {
        l(passed);
      } catch (err) {
        this.#log('error', `tick listener failed: ${(err as Error).stack ?? err}`);
      }
    }
    if (resubscribe) this.#resubscribe();
    if (this.#pricing) for (const id of this.#touchedNow) this.#submitPricing(id);
    this.#touchedNow.clear();
    this.#scheduleFlush();
  }

  /** A chain has something new; the first tick since its last delta sets its oldest receive time. */
  #touch(id: string, receive: number | undefined, exchangeTs: number): void {
    this.#dirty.add(id);
    this.#touchedNow.add(id);
    if (receive !== undefined && !this.#oldest.has(id)) this.#oldest.set(id, { receive, exchangeTs });
  }

  #scheduleFlush(): void {
    if (this.#dirty.size) this.#pacer.request();
  }

  /**
   * TEST ONLY: costs every ingested tick `usPerTick` µs of busy work, to drive the engine past its
   * capacity (the "falling behind" e2e). Reachable only through the runtime's OPTICK_TEST_THROTTLE_US guard.
   */
  setTestThrottle(usPerTick: number): void {
    this.#throttleUs = Math.max(0, usPerTick);
  }

  /** Adds load figures measured elsewhere (event-loop delay, writer queue) to every feed's status. */
  addLoadGauge(gauge: LoadGauge): () => void {
    this.#loadGauges.add(gauge);
    return () => this.#loadGauges.delete(gauge);
  }

  /**
   * Asks the pool to price the chain; it reads the latest quotes when it sends the chain to a
   * worker (one in flight per chain, so what #submitted holds is what that job was built from).
   */
  #submitPricing(id: string): void {
    const chain = this.#chains.get(id);
    if (!chain) return;
    this.#pricing!.pool.submit(id, () => {
      const clock = this.#clockFor(chain, this.#now());
      if (this.#chains.get(id) === chain) this.#submitted.set(id, { clock, spot: chain.spot }); // closed since: its result is dropped
      return chain.pricingInput(this.market, clock);
    });
  }

  /** Years to expiry change once a second: compute them (Intl zone arithmetic) at most that often. */
  #clockFor(chain: OptionChain, now: number): PricingClock {
    const second = Math.floor(now / 1000);
    const cached = this.#clocks.get(chain.id);
    if (cached?.second === second) return cached.clock;
    const clock = this.pricingClockAt(chain.underlying, chain.expiry, now)!;
    this.#clocks.set(chain.id, { second, clock });
    return clock;
  }

  /** Years to `expiry` at time `at` and the rate the chain's pricing uses (null: this engine prices nothing). Intl zone arithmetic: not per tick. */
  pricingClockAt(underlying: UnderlyingInfo, expiry: string, at: number): PricingClock | null {
    const p = this.#pricing;
    if (!p) return null;
    const ex = p.byExchange?.[underlying.exchange];
    return {
      years: yearsToExpiry(expiry, at, { timeZone: underlying.timeZone, expiryTime: ex?.expiryTime ?? p.expiryTime, basis: p.basis }),
      rate: ex?.rate ?? p.rate,
    };
  }

  #onPriced(id: string, result: ChainResultView): void {
    const chain = this.#chains.get(id);
    const sent = this.#submitted.get(id);
    if (!chain || !sent) return;
    if (chain.applyPricing(result, sent.clock, sent.spot)) this.#resubscribe();
    this.#dirty.add(id);
    this.#scheduleFlush();
    for (const l of this.#pricedListeners) {
      try { l(id); } catch (err) { this.#log('error', `pricing listener failed for ${id}: ${(err as Error).stack ?? err}`); }
    }
  }

  /** Sends one delta per changed, watched chain. Called by the flush timer; public for tests and benches. */
  flush(): void {
    this.#pacer.ran();
    const deltas: ChainDelta[] = [];
    for (const id of this.#dirty) {
      const d = this.#watchers.has(id) ? this.#diff(id) : null;
      // A tick that changed nothing shown (a strike outside the window) is not waiting for the screen.
      if (d) deltas.push(d); else this.#oldest.delete(id);
    }
    this.#dirty.clear();
    if (deltas.length) this.#emitDeltas(deltas);
  }

  /** Downstream back-pressure for the feed (the tick store's writer): see FeedAdapter.holdWhile. */
  holdFeedWhile(congested: (() => boolean) | null): void {
    this.#feed.holdWhile(congested);
  }

  status(): EngineStatus {
    const feed = this.feedStatus();
    const now = this.#now();
    const multi = this.#feed instanceof MultiFeed ? this.#feed : null;
    // Several feeds: each its own counters; the engine's latency and load are the engine's, shown on each.
    const parts = multi ? multi.statuses().map((p) => {
      const { queue, ...rest } = p as FeedStatus & { queue?: FrameQueueStatus };
      return { ...rest, engine_latency_ms: feed.engine_latency_ms, load: this.#load(queue) };
    }) : [feed];
    const underlyings: UnderlyingStatus[] = this.registry.underlyings().map((u) => {
      const owner = multi ? parts[multi.parts.findIndex((p) => p.owns(u.key))] ?? feed : feed;
      const c = this.#counters.get(u.name)!;
      const wanted = new Map<string, FeedMode>();
      for (const chain of this.#chains.values()) if (chain.underlying.name === u.name) chain.subscriptions(wanted, this.#plan.whole_expiry.includes(chain.id));
      const subscribed: Record<string, number> = {};
      for (const mode of wanted.values()) subscribed[mode] = (subscribed[mode] ?? 0) + 1;
      return {
        underlying: u.name,
        feed: owner.feed,
        feed_state: owner.state,
        subscribed,
        ticks_received: c.received,
        ticks_processed: c.received,
        ticks_dropped: 0,
        decode_errors: owner.decode_errors,
        last_tick_age_ms: c.lastTickAt === null ? null : now - c.lastTickAt,
        uptime_ms: now - this.#startedAt,
      };
    });
    this.#countRate(0, now);
    return { uptime_ms: now - this.#startedAt, ticks_per_s: this.#rate.perSecond, feeds: parts, underlyings, notices: this.notices.list(), subscription_plan: this.subscriptionCoverage() };
  }

  /** The feed's counters with the engine's: ticks processed, socket → delta latency and load. */
  feedStatus(): FeedStatus {
    const feed = this.#feed.status();
    feed.ticks_processed = this.#processed;
    feed.ticks_dropped += this.#dropped;
    const mono = monoNow();
    feed.engine_latency_ms = this.#engineLatency.summary(mono);
    const { queue, ...rest } = feed as FeedStatus & { queue?: FrameQueueStatus };
    return { ...rest, load: this.#load(queue) };
  }

  /** One feed's load: its frame queue (feeds that queue frames) with the engine's gauges. */
  #load(queue: FrameQueueStatus | undefined): FeedLoad {
    const load: FeedLoad = {
      frames_waiting: queue?.frames_waiting ?? 0,
      oldest_frame_age_ms: queue?.oldest_frame_age_ms ?? null,
      event_loop_delay_p99_ms: null,
      writer_queue_depth: null,
      ticks_shed: queue?.ticks_shed ?? 0,
      behind_ms: Math.max(queue?.oldest_frame_age_ms ?? 0, queue?.last_batch_lag_ms ?? 0),
      falling_behind: false,
      ...(queue?.socket_pauses !== undefined && { bytes_waiting: queue.bytes_waiting ?? 0, socket_pauses: queue.socket_pauses, held_turns: queue.held_turns ?? 0 }),
    };
    for (const gauge of this.#loadGauges) Object.assign(load, gauge());
    load.falling_behind = load.behind_ms > FALLING_BEHIND_MS
      || (load.event_loop_delay_p99_ms ?? 0) > FALLING_BEHIND_MS
      || (queue?.last_shed_age_ms != null && queue.last_shed_age_ms < FALLING_BEHIND_HOLD_MS);
    return load;
  }

  #chainFor(underlying: string, expiry?: string): OptionChain {
    const u = this.registry.underlying(underlying);
    const live = this.expiries(u.name);
    const e = expiry ?? live[0];
    if (!e) throw new BadRequestError(`${u.name} has no live expiry`);
    if (!live.includes(e)) throw new BadRequestError(`${u.name} has no live expiry ${e}; live expiries: ${live.join(', ')}`);
    const existing = this.#chains.get(chainId(u.name, e));
    if (existing) return existing;
    const chain = this.#open(u.name, e);
    this.#resubscribe();
    return chain;
  }

  #open(underlying: string, expiry: string): OptionChain {
    const u = this.registry.underlying(underlying);
    const id = chainId(u.name, expiry);
    const chain = new OptionChain(id, u, expiry, this.registry.strikes(u.name, expiry), { ...this.#chainOpts, atmReference: this.#atmReference });
    chain.setPrevOi(this.#prevOi);
    const ltp = this.market.get(u.key)?.ltp;
    if (ltp != null) chain.onUnderlyingPrice(ltp);
    this.#chains.set(id, chain);
    this.#reindex();
    this.#log('info', `opened chain ${id}`);
    return chain;
  }

  #closeIfIdle(id: string): void {
    if (this.#pinned.has(id) || this.#held.has(id) || this.#watchers.has(id)) return;
    this.#chains.delete(id);
    this.#trackers.delete(id);
    this.#submitted.delete(id);
    this.#clocks.delete(id);
    this.#reindex();
    this.#resubscribe();
    this.#log('info', `closed chain ${id}`);
  }

  #reindex(): void {
    const byKey = new Map<string, OptionChain[]>();
    const byUnderlying = new Map<string, OptionChain[]>();
    for (const chain of this.#chains.values()) {
      for (const p of this.registry.strikes(chain.underlying.name, chain.expiry)) {
        for (const c of [p.CE, p.PE]) if (c) (byKey.get(c.key) ?? byKey.set(c.key, []).get(c.key)!).push(chain);
      }
      const k = chain.underlying.key;
      (byUnderlying.get(k) ?? byUnderlying.set(k, []).get(k)!).push(chain);
    }
    this.#chainsByKey = byKey;
    this.#chainsByUnderlyingKey = byUnderlying;
  }

  #resubscribe(): void {
    if (this.#phase !== 'active') { this.#feed.setSubscriptions(new Map()); return; }
    const plan = this.#wholeExpiryPlan();
    this.#plan = { whole_expiry: plan.whole, cut: plan.cut, reason: plan.reason };
    if (plan.cut.length) {
      this.notices.add({
        id: 'subscriptions:whole-expiry', severity: 'warning', source: 'subscriptions',
        message: `whole-expiry subscription cut for ${plan.cut.map((id) => id.replace('|', ' ')).join(', ')}: ${plan.reason}; their PCR, max pain and totals cover only the strikes around ATM`,
        action: 'close other chains (expiries) to bring them back',
      });
    } else {
      this.notices.clear('subscriptions:whole-expiry');
    }
    this.#feed.setSubscriptions(plan.wanted);
  }

  /**
   * The must-haves (subscriptionPlan()) plus, nearest expiry first, every other strike of each
   * open chain's expiry as long as the plan stays within the feed's limits.
   */
  #wholeExpiryPlan(): WholeExpiryPlan {
    const chains = [...this.#chains.values()].sort((a, b) => (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : a.id < b.id ? -1 : 1));
    const must: ChainWants = { id: 'must-haves', window: this.subscriptionPlan(), whole: new Map() };
    const wants: ChainWants[] = chains.map((chain) => {
      const whole = new Map<string, FeedMode>();
      chain.subscriptions(whole, this.#wholeExpiry);
      return { id: chain.id, window: new Map(), whole };
    });
    // A feed without limits of its own (a test feed) is planned against Upstox's, the strictest.
    return planWholeExpiry([must, ...wants], this.#feed.hasLimits ? (p) => this.#feed.planProblem(p) : upstoxPlanProblem);
  }

  /** Which chains stream their whole expiry and which were cut to their window (over a limit). */
  subscriptionCoverage(): SubscriptionPlanStatus {
    return { ...this.#plan, whole_expiry: [...this.#plan.whole_expiry], cut: [...this.#plan.cut] };
  }


  #trackerFor(id: string): DeltaTracker {
    let t = this.#trackers.get(id);
    if (!t) this.#trackers.set(id, (t = new DeltaTracker(id)));
    return t;
  }

  #diff(id: string): ChainDelta | null {
    const chain = this.#chains.get(id);
    return chain ? this.#trackerFor(id).diff(chain.model(this.market)) : null;
  }

  /** Brings one chain's tracker up to date, sending the delta to current watchers. */
  #flushChain(id: string, force: boolean): void {
    if (!force && !this.#dirty.has(id)) return;
    this.#dirty.delete(id);
    const d = this.#diff(id);
    if (d && this.#watchers.has(id)) this.#emitDeltas([d]);
    else this.#oldest.delete(id);
  }

  #emitDeltas(deltas: ChainDelta[]): void {
    this.#seq++;
    const sent = monoNow();
    for (const d of deltas) {
      d.sent_at = sent;
      const oldest = this.#oldest.get(d.chain);
      if (!oldest) continue;
      this.#oldest.delete(d.chain);
      d.oldest_receive = oldest.receive;
      d.oldest_exchange_ts = oldest.exchangeTs;
      this.#engineLatency.add(sent - oldest.receive, sent);
    }
    for (const l of this.#deltaListeners) {
      try {
        l(deltas, this.#watchers);
      } catch (err) {
        this.#log('error', `delta listener failed: ${(err as Error).stack ?? err}`);
      }
    }
  }

  get seq(): number {
    return this.#seq;
  }

  #emitStatus(): void {
    if (!this.#statusListeners.size) return;
    const s = this.status();
    for (const l of this.#statusListeners) {
      try {
        l(s);
      } catch (err) {
        this.#log('error', `status listener failed: ${(err as Error).stack ?? err}`);
      }
    }
  }

  #countRate(n: number, now: number): void {
    const r = this.#rate;
    if (now - r.windowStart >= 1000) {
      const elapsed = now - r.windowStart;
      r.perSecond = r.windowStart === 0 ? 0 : Math.round((r.count * 1000) / elapsed);
      r.windowStart = now;
      r.count = 0;
    }
    r.count += n;
  }
}

/** Busy work for setTestThrottle (a sleep would let the event loop run; this holds it, as real load does). */
function spin(us: number): void {
  const until = performance.now() + us / 1000;
  while (performance.now() < until) { /* the throttle */ }
}

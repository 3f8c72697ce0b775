// The feed boundary: every adapter's ticks pass here, once, before the engine sees them.
// ValidatedFeed wraps any FeedAdapter (the engine wraps the one it is given), so no feed can
// skip the check. A tick of an instrument the registry does not know, or with a bad core field
// (tick-check.ts), is counted by reason, logged rate-limited and dropped: it never reaches
// MarketState, the chain, the tick store or any onTicks listener. Runtime: std.
import type { Tick } from '../../../shared/market.ts';
import type { AdapterStatus, FeedStatus } from '../../../shared/status.ts';
import type { FeedAdapter, FeedListener, FeedMode } from './feed.ts';
import { RateLimitedLog, type FeedLog } from './common/rate-limited-log.ts';
import { applyVerdict, checkTick, TICK_LIMITS, type TickLimits } from './tick-check.ts';

export interface TickGateOptions {
  /** Feed id, for the log. */
  feed: string;
  /** Whether an instrument key is one the registry knows; unknown keys are dropped. Default: all known. */
  knows?: (key: string) => boolean;
  limits?: TickLimits;
  log?: FeedLog;
  /** Wall clock of the log's rate limit (not the feed clock). Default Date.now. */
  logClock?: () => number;
}

export interface TickGateCounts {
  rejected: Record<string, number>;
  fields_dropped: Record<string, number>;
  crossed_quotes: number;
}

const describe = (v: unknown): string => (typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v));

/** Counts and filters ticks; holds no tick. */
export class TickGate {
  readonly #knows: (key: string) => boolean;
  readonly #limits: TickLimits;
  readonly #log: RateLimitedLog;
  readonly #rejected: Record<string, number> = {};
  readonly #dropped: Record<string, number> = {};
  #crossed = 0;

  constructor(opts: TickGateOptions) {
    this.#knows = opts.knows ?? (() => true);
    this.#limits = opts.limits ?? TICK_LIMITS;
    this.#log = new RateLimitedLog(opts.log, `${opts.feed}: dropped ticks, `, opts.logClock ? { clock: opts.logClock } : {});
  }

  /**
   * The ticks of one batch that may be used, in order, with dropped side fields removed and
   * crossed books flagged. Returns `ticks` itself when every tick passed (no copy).
   */
  admit(ticks: readonly Tick[], now: number): readonly Tick[] {
    let out: Tick[] | null = null;
    let unknown = 0;
    let unknownKey = '';
    for (let i = 0; i < ticks.length; i++) {
      const t = ticks[i]!;
      let ok = true;
      if (typeof t.key !== 'string' || !this.#knows(t.key)) {
        unknown++;
        unknownKey = t.key;
        ok = false;
      } else {
        const v = checkTick(t, now, this.#limits);
        if (v !== null) {
          if (v.reject !== null) {
            ok = false;
            this.#rejected[v.reject] = (this.#rejected[v.reject] ?? 0) + 1;
            this.#log.note(v.reject, 1, `${t.key} ${v.field}=${describe(v.value)}`);
          } else {
            applyVerdict(t, v);
            if (v.crossed) this.#crossed++;
            if (v.drop) {
              for (const f of v.drop) this.#dropped[f] = (this.#dropped[f] ?? 0) + 1;
              this.#log.note(`field ${v.drop.join('+')} removed`, 1, t.key);
            }
          }
        }
      }
      if (!ok && out === null) out = ticks.slice(0, i);
      else if (ok && out !== null) out.push(t);
    }
    if (unknown) {
      this.#rejected.unknown_instrument = (this.#rejected.unknown_instrument ?? 0) + unknown;
      this.#log.note('unknown_instrument', unknown, `e.g. ${JSON.stringify(String(unknownKey).slice(0, 64))}`);
    }
    return out ?? ticks;
  }

  counts(): TickGateCounts {
    return { rejected: { ...this.#rejected }, fields_dropped: { ...this.#dropped }, crossed_quotes: this.#crossed };
  }
}

export interface ValidatedFeedOptions extends Omit<TickGateOptions, 'feed'> {
  /** The feed clock ticks are checked against (the engine's now: wall time, or the replay clock). */
  now: () => number;
}

/** A FeedAdapter whose ticks have passed the TickGate; its status carries the gate's counters. */
export class ValidatedFeed implements FeedAdapter {
  readonly inner: FeedAdapter;
  readonly #gate: TickGate;
  readonly #now: () => number;

  constructor(inner: FeedAdapter, opts: ValidatedFeedOptions) {
    this.inner = inner;
    this.#now = opts.now;
    this.#gate = new TickGate({ ...opts, feed: inner.id });
  }

  get id(): string {
    return this.inner.id;
  }

  start(listener: FeedListener): void {
    this.inner.start({
      onTicks: (ticks) => {
        const ok = this.#gate.admit(ticks, this.#now());
        if (ok.length) listener.onTicks(ok);
      },
      ...(listener.onStatus && { onStatus: (s: AdapterStatus) => listener.onStatus!(this.#merge(s)) }),
    });
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  setSubscriptions(wanted: ReadonlyMap<string, FeedMode>): void {
    this.inner.setSubscriptions(wanted);
  }

  holdWhile(congested: (() => boolean) | null): void {
    this.inner.holdWhile?.(congested);
  }

  status(): FeedStatus {
    return this.#merge(this.inner.status());
  }

  planProblem(plan: ReadonlyMap<string, FeedMode>): string | null {
    return this.inner.planProblem?.(plan) ?? null;
  }

  /** Whether the wrapped feed checks plans against limits of its own. */
  get hasLimits(): boolean {
    return typeof this.inner.planProblem === 'function';
  }

  #merge(s: AdapterStatus): FeedStatus {
    return { ...s, frames_rejected: { ...s.frames_rejected }, ...this.#gate.counts() };
  }
}

// Follows each feed's trading-hours template: connect before the day's first session,
// subscribe at its start, disconnect after the last one; nothing on holidays and weekends.
// Time comes only from the injected clock and timers. Every wake-up re-plans from the
// clock, so a missed timer (sleep/resume) or a wall-clock jump cannot leave a feed in the
// wrong state; the gap between expected and actual wake time is recorded as a clock jump.
import type {
  ConnectionPhase, FeedHoursStatus, ForceMode, PlanAction, TradingHoursStatus, TradingHoursTemplate,
} from '../../../shared/trading-hours.ts';
import { isInSession, sessionAt } from './clock.ts';
import { DEFAULT_LEAD_MINUTES, planAt, type PlanOptions } from './plan.ts';

export interface FeedControl {
  connect(): void;
  activate(): void;
  disconnect(): void;
  /** The feed now follows this template (set, edited or another one activated). */
  onTemplate?(template: TradingHoursTemplate): void;
  /**
   * A feed whose clock runs 24×7 whatever its template says (the simulator): it stays subscribed
   * round the clock, its template still gives the sessions shown, and status carries this label
   * (e.g. 'simulator: always open') so the UI says so. A force still overrides it.
   */
  alwaysOpen?: string;
}
export interface SchedulerClock {
  now(): number;
}
export interface SchedulerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
export type LogLevel = 'info' | 'warn' | 'error';
export type SchedulerLog = (level: LogLevel, message: string, context: Record<string, unknown>) => void;

export interface SchedulerOptions {
  clock: SchedulerClock;
  timers: SchedulerTimers;
  /** Minutes before the first session to connect (default 5). */
  leadMinutes?: number;
  /** Minutes after the last session to disconnect (default: leadMinutes). */
  lagMinutes?: number;
  /** Longest sleep between wake-ups, so wall-clock jumps are noticed (default 60 s). */
  heartbeatMs?: number;
  /** A wake-up further than this from its planned time counts as a clock jump (default 2 s). */
  jumpToleranceMs?: number;
  log?: SchedulerLog;
}

const MAX_JUMPS = 32;

interface Feed {
  template: TradingHoursTemplate;
  control: FeedControl;
  applied: ConnectionPhase;
  forced: ForceMode | null;
  lastError: string | null;
  failures: number;
}

export class SessionScheduler {
  readonly #clock: SchedulerClock;
  readonly #timers: SchedulerTimers;
  readonly #plan: PlanOptions;
  readonly #heartbeatMs: number;
  readonly #toleranceMs: number;
  readonly #log: SchedulerLog;
  readonly #feeds = new Map<string, Feed>();
  readonly #jumps: TradingHoursStatus['clock_jumps'] = [];
  #timer: unknown = null;
  #expectedWake: number | null = null;
  #running = false;

  constructor(opts: SchedulerOptions) {
    const lead = opts.leadMinutes ?? DEFAULT_LEAD_MINUTES;
    const lag = opts.lagMinutes ?? lead;
    for (const [name, v] of [['leadMinutes', lead], ['lagMinutes', lag]] as const) {
      if (!Number.isFinite(v) || v < 0 || v > 720) throw new RangeError(`scheduler ${name} must be 0–720 minutes, got ${v}`);
    }
    this.#clock = opts.clock;
    this.#timers = opts.timers;
    this.#plan = { leadMs: lead * 60_000, lagMs: lag * 60_000 };
    this.#heartbeatMs = opts.heartbeatMs ?? 60_000;
    this.#toleranceMs = opts.jumpToleranceMs ?? 2_000;
    this.#log = opts.log ?? (() => undefined);
  }

  /** Adds a feed, or gives an existing one a new template; the plan applies at once when running. */
  setFeed(feed: string, template: TradingHoursTemplate, control: FeedControl): void {
    const f = this.#feeds.get(feed);
    if (f) {
      f.template = template;
      f.control = control;
    } else {
      this.#feeds.set(feed, { template, control, applied: 'offline', forced: null, lastError: null, failures: 0 });
    }
    control.onTemplate?.(template);
    this.#replan();
  }

  /** Replaces the template of a known feed (after an edit or activation). */
  setTemplate(feed: string, template: TradingHoursTemplate): void {
    const f = this.#feed(feed);
    f.template = template;
    f.control.onTemplate?.(template);
    this.#replan();
  }

  /** Stops following a feed; disconnects it if the scheduler had connected it. */
  removeFeed(feed: string): void {
    const f = this.#feed(feed);
    if (f.applied !== 'offline') this.#call(feed, f, 'disconnect');
    this.#feeds.delete(feed);
    this.#replan();
  }

  /** Off-hours testing: 'connect' connects and subscribes now, 'disconnect' drops; null returns to the plan. */
  force(feed: string, mode: ForceMode | null): void {
    const f = this.#feed(feed);
    f.forced = mode;
    this.#log('info', `trading hours: ${mode ? `force ${mode}` : 'back to the schedule'} for feed ${feed}`, { feed, mode });
    this.#replan();
  }

  feeds(): string[] {
    return [...this.#feeds.keys()];
  }

  templateOf(feed: string): TradingHoursTemplate {
    return this.#feed(feed).template;
  }

  /** For stall detection: true while the feed's template has a session at `t`. */
  isInSession(feed: string, t: number = this.#clock.now()): boolean {
    return isInSession(this.#feed(feed).template, t);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#evaluate();
  }

  stop(): void {
    this.#running = false;
    this.#clearTimer();
  }

  /** Re-plans now; hosts call it on the OS resume event and after a clock change notice. */
  resync(reason: string): void {
    this.#log('info', `trading hours: re-planning (${reason})`, { reason });
    this.#replan();
  }

  status(): TradingHoursStatus {
    const now = this.#clock.now();
    const feeds: FeedHoursStatus[] = [];
    for (const [feed, f] of this.#feeds) {
      const plan = planAt(f.template, now, this.#plan);
      feeds.push({
        feed,
        template_id: f.template.id,
        template_name: f.template.name,
        time_zone: f.template.time_zone,
        session: sessionAt(f.template, now),
        planned: plan.phase,
        applied: f.applied,
        forced: f.forced,
        next_action: f.forced || f.control.alwaysOpen ? null : plan.next_action,
        window: plan.window,
        last_error: f.lastError,
        always_open: f.control.alwaysOpen ?? null,
      });
    }
    return { now, feeds, clock_jumps: [...this.#jumps] };
  }

  #feed(feed: string): Feed {
    const f = this.#feeds.get(feed);
    if (!f) throw new RangeError(`trading hours: unknown feed '${feed}' (known: ${[...this.#feeds.keys()].join(', ') || 'none'})`);
    return f;
  }

  #replan(): void {
    if (this.#running) this.#evaluate();
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#expectedWake = null;
  }

  #wake(): void {
    this.#timer = null;
    const now = this.#clock.now();
    if (this.#expectedWake !== null) {
      const drift = now - this.#expectedWake;
      if (Math.abs(drift) > this.#toleranceMs) {
        const expected = this.#expectedWake;
        this.#jumps.push({ at: now, expected_ms: expected, actual_ms: now });
        if (this.#jumps.length > MAX_JUMPS) this.#jumps.shift();
        this.#log('warn', `trading hours: clock jumped ${Math.round(drift / 1000)} s (sleep/resume or wall-clock change); re-planning`, { expected, now, drift });
      }
    }
    this.#evaluate();
  }

  #evaluate(): void {
    this.#clearTimer();
    const now = this.#clock.now();
    let nextAt = Infinity;
    for (const [id, f] of this.#feeds) {
      const plan = planAt(f.template, now, this.#plan);
      const want: ConnectionPhase = f.forced === 'connect' ? 'active' : f.forced === 'disconnect' ? 'offline' : f.control.alwaysOpen ? 'active' : plan.phase;
      this.#apply(id, f, want);
      if (!f.forced && !f.control.alwaysOpen && plan.next_action) nextAt = Math.min(nextAt, plan.next_action.at);
      if (f.applied !== want) nextAt = Math.min(nextAt, now + this.#heartbeatMs); // retry a failed call
    }
    if (!this.#running) return;
    const delay = Math.max(0, Math.min(nextAt - now, this.#heartbeatMs));
    this.#expectedWake = now + delay;
    this.#timer = this.#timers.setTimeout(() => this.#wake(), delay);
  }

  #apply(id: string, f: Feed, want: ConnectionPhase): void {
    if (want === f.applied || (want === 'connected' && f.applied === 'active')) return; // already subscribed: keep it
    if (want === 'offline') {
      if (this.#call(id, f, 'disconnect')) f.applied = 'offline';
      return;
    }
    if (f.applied === 'offline') {
      if (!this.#call(id, f, 'connect')) return;
      f.applied = 'connected';
    }
    if (want === 'active' && this.#call(id, f, 'activate')) f.applied = 'active';
  }

  #call(id: string, f: Feed, action: PlanAction): boolean {
    try {
      f.control[action]();
      this.#log('info', `trading hours: ${action} feed ${id} (template ${f.template.id})`, { feed: id, action, template: f.template.id });
      f.lastError = null;
      f.failures = 0;
      return true;
    } catch (e) {
      f.failures++;
      f.lastError = `${action} failed: ${(e as Error).message}`;
      this.#log('error', `trading hours: ${action} feed ${id} failed (attempt ${f.failures}); retrying at the next wake-up`, { feed: id, action, error: (e as Error).message });
      return false;
    }
  }
}

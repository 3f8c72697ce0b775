// A log that a flood cannot fill: per reason, the first event is logged at once, then at most
// one line per `everyMs` carrying how many happened since the last line. Counts are exact in
// the feed status; this only keeps the log readable. Runtime: std.
/** Any logger taking these levels (the engine's Logger does). */
export type FeedLog = (level: 'info' | 'warn' | 'error', message: string) => void;

interface Pending {
  lastLogAt: number;
  since: number;
  detail: string;
}

export class RateLimitedLog {
  readonly #log: FeedLog | undefined;
  readonly #prefix: string;
  readonly #everyMs: number;
  readonly #clock: () => number;
  readonly #level: 'info' | 'warn' | 'error';
  readonly #byReason = new Map<string, Pending>();

  constructor(log: FeedLog | undefined, prefix: string, opts: { everyMs?: number; clock?: () => number; level?: 'info' | 'warn' | 'error' } = {}) {
    this.#log = log;
    this.#prefix = prefix;
    this.#everyMs = opts.everyMs ?? 60_000;
    this.#clock = opts.clock ?? Date.now;
    this.#level = opts.level ?? 'warn';
  }

  /** `n` events of `reason`; `detail` describes the latest (instrument, field, value). */
  note(reason: string, n: number, detail: string): void {
    if (!this.#log) return;
    const now = this.#clock();
    const p = this.#byReason.get(reason);
    if (!p) {
      this.#byReason.set(reason, { lastLogAt: now, since: 0, detail });
      this.#log(this.#level, `${this.#prefix}${reason}: ${n} (${detail}); further ones are summed, one line a minute`);
      return;
    }
    p.since += n;
    p.detail = detail;
    this.#flushDue(now);
  }

  /** Logs every reason whose minute is up and that had events since its last line. */
  #flushDue(now: number): void {
    for (const [reason, p] of this.#byReason) {
      if (p.since === 0 || now - p.lastLogAt < this.#everyMs) continue;
      this.#log!(this.#level, `${this.#prefix}${reason}: ${p.since} more in the last ${Math.round((now - p.lastLogAt) / 1000)} s (latest: ${p.detail})`);
      p.lastLogAt = now;
      p.since = 0;
    }
  }
}

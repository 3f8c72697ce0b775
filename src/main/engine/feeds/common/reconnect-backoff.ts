// When a feed connection that dropped is tried again, for every venue. Delays double from
// minMs up to maxMs with equal jitter (half fixed, half random, so many clients do not retry in
// step). The attempt count resets only once a connection has proved healthy: open for healthyMs
// AND delivering ticks at that point. A server that accepts and drops at once (or accepts and
// sends nothing) is therefore retried with growing delays, not hammered. Runtime: std.

export interface ReconnectBackoffOptions {
  /** First delay, ms. */
  minMs: number;
  /** Cap, ms. */
  maxMs: number;
  /** How long a connection must have been delivering ticks before the delays start again from minMs. Default 30 s. */
  healthyMs?: number;
  /** Feed clock, ms. */
  now: () => number;
  /** [0, 1) source for the jitter. Default Math.random. */
  random?: () => number;
}

export class ReconnectBackoff {
  readonly #minMs: number;
  readonly #maxMs: number;
  readonly #healthyMs: number;
  readonly #now: () => number;
  readonly #random: () => number;
  #attempt = 0;
  #openedAt: number | null = null;

  constructor(opts: ReconnectBackoffOptions) {
    if (!(opts.minMs > 0) || !(opts.maxMs >= opts.minMs)) throw new RangeError(`reconnect backoff needs 0 < minMs <= maxMs, got ${opts.minMs}, ${opts.maxMs}`);
    this.#minMs = opts.minMs;
    this.#maxMs = opts.maxMs;
    this.#healthyMs = opts.healthyMs ?? 30_000;
    this.#now = opts.now;
    this.#random = opts.random ?? Math.random;
  }

  /** Failed attempts (or unhealthy connections) since the last healthy one. */
  get attempt(): number {
    return this.#attempt;
  }

  /** The delay before the next attempt; counts the attempt. */
  nextDelay(): number {
    this.#openedAt = null;
    const base = Math.min(this.#maxMs, this.#minMs * 2 ** Math.min(this.#attempt, 30));
    this.#attempt++;
    return Math.round(base / 2 + (this.#random() * base) / 2);
  }

  /** The connection opened (it is not healthy yet). */
  opened(): void {
    this.#openedAt = this.#now();
  }

  /** The open connection delivered ticks: once it has been open healthyMs, the delays start over. */
  delivered(): void {
    if (this.#attempt !== 0 && this.#openedAt !== null && this.#now() - this.#openedAt >= this.#healthyMs) this.#attempt = 0;
  }

  /** A deliberate new start (new token, start()): the next delay is the first. */
  reset(): void {
    this.#attempt = 0;
    this.#openedAt = null;
  }
}

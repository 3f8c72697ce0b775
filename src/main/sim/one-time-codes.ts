// Single-use feeder codes handed out by the authorize endpoint and the 302 redirect.
// Bounded: unused codes expire, and both maps are capped (oldest dropped first).
import { randomUUID } from 'node:crypto';

export type CodeCheck = 'ok' | 'unknown' | 'used' | 'expired';

const MAX_CODES = 1000;

export class OneTimeCodes {
  private readonly issued = new Map<string, number>(); // code → expiry (ms, monotonic)
  private readonly used = new Set<string>();
  private readonly ttlMs: number;
  private readonly clock: () => number;

  constructor(ttlMs = 60_000, clock: () => number = () => performance.now()) {
    this.ttlMs = ttlMs;
    this.clock = clock;
  }

  issue(): string {
    const code = randomUUID();
    if (this.issued.size >= MAX_CODES) this.issued.delete(this.issued.keys().next().value!);
    this.issued.set(code, this.clock() + this.ttlMs);
    return code;
  }

  /** Consumes `code`: 'ok' exactly once per issued code. */
  redeem(code: string): CodeCheck {
    const expires = this.issued.get(code);
    if (expires === undefined) return this.used.has(code) ? 'used' : 'unknown';
    this.issued.delete(code);
    if (this.used.size >= MAX_CODES) this.used.delete(this.used.values().next().value!);
    this.used.add(code);
    return this.clock() <= expires ? 'ok' : 'expired';
  }
}

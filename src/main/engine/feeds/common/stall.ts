// When a silent feed counts as stalled, for every venue. Venues ping an idle connection
// (Upstox, OpenAlgo's proxy every 20 s), so neither frames nor pings for `stallMs` means the link
// is dead even if TCP has not noticed. Outside market hours silence is normal and never counts.
// Runtime: std.

export interface StallInput {
  /** Last frame or ping, or null before the first. */
  lastActivityAt: number | null;
  /** When the current connection opened. */
  connectedAt: number;
  now: number;
  stallMs: number;
  inSession: boolean;
}

export function isStalled(s: StallInput): boolean {
  if (!s.inSession) return false;
  const since = Math.max(s.lastActivityAt ?? s.connectedAt, s.connectedAt);
  return s.now - since >= s.stallMs;
}

/** How often to look: often enough to react within a quarter of stallMs, at most once per 50 ms. */
export function stallCheckEveryMs(stallMs: number): number {
  return Math.max(50, Math.min(1000, Math.floor(stallMs / 4)));
}

// Subscription limits per venue mode, for every venue: how many instruments one connection may
// stream in each mode when that mode is used alone and when modes are mixed (Upstox's rule,
// protocols.md §1.5; a venue with one flat cap gives alone = combined). Runtime: std.

export interface ModeLimit {
  /** Instruments allowed in this mode when no other mode is in use. */
  alone: number;
  /** Instruments allowed in this mode when several modes are in use. */
  combined: number;
}

export interface ModeLimitUsage<M extends string = string> {
  mode: M;
  count: number;
  /** The limit that applies now (alone or combined). */
  limit: number;
  alone: number;
  combined: number;
}

/** Null when the plan fits; otherwise a message naming the venue, the mode, its count and its limit. */
export function checkModeLimits<M extends string>(venue: string, limits: Readonly<Record<M, ModeLimit>>, counts: Readonly<Partial<Record<M, number>>>): string | null {
  const used = (Object.keys(counts) as M[]).filter((m) => (counts[m] ?? 0) > 0);
  const mixed = used.length > 1;
  for (const mode of used) {
    const n = counts[mode]!;
    const cap = limits[mode];
    if (!cap) return `${venue} has no '${mode}' mode; the plan asks for ${n} instruments in it`;
    const limit = mixed ? cap.combined : cap.alone;
    if (n > limit) return `${venue} allows ${limit} instruments in '${mode}' mode${mixed ? ' when modes are mixed' : ''}; the plan asks for ${n}`;
  }
  return null;
}

/** Instruments per mode against the limit that applies, for every mode of the venue (zero counts included). */
export function modeLimitUsage<M extends string>(limits: Readonly<Record<M, ModeLimit>>, counts: Readonly<Partial<Record<M, number>>>): ModeLimitUsage<M>[] {
  const modes = Object.keys(limits) as M[];
  const mixed = modes.filter((m) => (counts[m] ?? 0) > 0).length > 1;
  return modes.map((mode) => {
    const { alone, combined } = limits[mode];
    return { mode, count: counts[mode] ?? 0, limit: mixed ? combined : alone, alone, combined };
  });
}

/** Counts a plan's instruments per venue mode, through the venue's mapping of Optick's modes. */
export function countVenueModes<F extends string, M extends string>(plan: Iterable<F>, modeOf: Readonly<Record<F, M>>): Partial<Record<M, number>> {
  const counts: Partial<Record<M, number>> = {};
  for (const m of plan) { const v = modeOf[m]; counts[v] = (counts[v] ?? 0) + 1; }
  return counts;
}

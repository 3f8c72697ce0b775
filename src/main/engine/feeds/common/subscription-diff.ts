// What to send to bring a connection's subscriptions from `sent` to `wanted`, for every venue:
// new keys by mode, keys whose mode changes by new mode, dropped keys by the mode they had
// (OpenAlgo unsubscribes per mode). Venues then send them in requests of at most their batch
// size (chunks). Runtime: std.

export interface SubscriptionDiff<M> {
  subscribe: Map<M, string[]>;
  change: Map<M, string[]>;
  unsubscribe: Map<M, string[]>;
}

const push = <M>(bucket: Map<M, string[]>, mode: M, key: string): void => {
  let list = bucket.get(mode);
  if (!list) bucket.set(mode, (list = []));
  list.push(key);
};

export function diffSubscriptions<M>(wanted: ReadonlyMap<string, M>, sent: ReadonlyMap<string, M>): SubscriptionDiff<M> {
  const diff: SubscriptionDiff<M> = { subscribe: new Map(), change: new Map(), unsubscribe: new Map() };
  for (const [key, mode] of wanted) {
    const had = sent.get(key);
    if (had === mode) continue;
    push(had === undefined ? diff.subscribe : diff.change, mode, key);
  }
  for (const [key, mode] of sent) if (!wanted.has(key)) push(diff.unsubscribe, mode, key);
  return diff;
}

/** `items` in consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Instruments per venue mode in a map of key → mode. */
export function countByMode<M extends string>(plan: ReadonlyMap<string, M>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of plan.values()) counts[m] = (counts[m] ?? 0) + 1;
  return counts;
}

// OpenAlgo's side of the subscription plan: Optick's venue-neutral modes → the proxy's modes
// (1 = LTP, 2 = Quote, 3 = Depth; protocols.md §2.2), the requests that bring a connection from
// what it was sent to what is wanted, and the one limit: how many symbols the broker behind the
// proxy streams (broker-dependent; a setting). The proxy keeps one subscription per (symbol,
// exchange, mode), so a mode change is a subscribe in the new mode and an unsubscribe of the old.
// Runtime: std.
import type { FeedMode } from '../feed.ts';
import { checkModeLimits } from '../common/mode-limits.ts';
import { chunks, diffSubscriptions } from '../common/subscription-diff.ts';
import { splitOpenAlgoKey } from './decode.ts';

export type OpenAlgoMode = 1 | 2 | 3;

export const OPENALGO_MODE_OF: Readonly<Record<FeedMode, OpenAlgoMode>> = { ltp: 1, quote: 2, depth: 3, depth30: 3 };
export const OPENALGO_MODE_LABEL: Readonly<Record<OpenAlgoMode, string>> = { 1: 'LTP', 2: 'Quote', 3: 'Depth' };

/** Symbols per subscribe/unsubscribe request. */
export const SYMBOLS_PER_REQUEST = 100;
/** Book levels asked for in Depth mode (the proxy's default; 20/30/50 only on some brokers). */
export const DEPTH_LEVELS = 5;

export type OpenAlgoRequest =
  | { action: 'subscribe'; symbols: { symbol: string; exchange: string }[]; mode: OpenAlgoMode; depth: number; request_id: string }
  | { action: 'unsubscribe'; symbols: { symbol: string; exchange: string; mode: OpenAlgoMode }[]; request_id: string };

/** Null when the plan fits the broker's symbol limit, else why not. */
export function openAlgoPlanProblem(plan: ReadonlyMap<string, FeedMode>, maxSymbols: number): string | null {
  return checkModeLimits('OpenAlgo (this broker)', { all: { alone: maxSymbols, combined: maxSymbols } }, { all: plan.size });
}

/**
 * The requests that take `sent` to `wanted`, in order: dropped symbols, new ones, changed modes
 * (new mode first, then the old one goes); request ids are `${prefix}-<n>`.
 */
export function openAlgoRequests(wanted: ReadonlyMap<string, OpenAlgoMode>, sent: ReadonlyMap<string, OpenAlgoMode>, prefix: string): OpenAlgoRequest[] {
  const diff = diffSubscriptions(wanted, sent);
  const out: OpenAlgoRequest[] = [];
  let n = 0;
  const id = (): string => `${prefix}-${++n}`;
  const unsubscribe = (list: { symbol: string; exchange: string; mode: OpenAlgoMode }[]): void => {
    for (const part of chunks(list, SYMBOLS_PER_REQUEST)) out.push({ action: 'unsubscribe', symbols: part, request_id: id() });
  };
  const dropped: { symbol: string; exchange: string; mode: OpenAlgoMode }[] = [];
  for (const [mode, keys] of diff.unsubscribe) for (const k of keys) { const s = splitOpenAlgoKey(k); if (s) dropped.push({ ...s, mode }); }
  unsubscribe(dropped);
  for (const bucket of [diff.subscribe, diff.change]) {
    for (const [mode, keys] of bucket) {
      const symbols = keys.map(splitOpenAlgoKey).filter((s): s is { symbol: string; exchange: string } => s !== null);
      for (const part of chunks(symbols, SYMBOLS_PER_REQUEST)) out.push({ action: 'subscribe', symbols: part, mode, depth: DEPTH_LEVELS, request_id: id() });
    }
  }
  // A changed mode: the new one is subscribed before the old one goes, so the stream never stops.
  const replaced: { symbol: string; exchange: string; mode: OpenAlgoMode }[] = [];
  for (const keys of diff.change.values()) for (const k of keys) { const s = splitOpenAlgoKey(k); if (s) replaced.push({ ...s, mode: sent.get(k)! }); }
  unsubscribe(replaced);
  return out;
}

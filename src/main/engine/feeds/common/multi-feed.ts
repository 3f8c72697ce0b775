// Several feeds at once (`--feed upstox,openalgo`): one FeedAdapter over venue feeds that
// carry different underlyings. Each instrument key belongs to one part (its underlying's feed);
// subscriptions are split by owner, plans are checked against each part's own limits, ticks
// of every part go to the one listener. The engine puts each part behind its own feed boundary
// (checked()), so every feed's counters stay its own and a tick is checked once. Runtime: std.
import type { Tick } from '../../../../shared/market.ts';
import type { AdapterStatus, FeedState, FeedStatus } from '../../../../shared/status.ts';
import type { FeedAdapter, FeedListener, FeedMode } from '../feed.ts';
import { ValidatedFeed, type ValidatedFeedOptions } from '../validated-feed.ts';
import { mergeQueueStatus } from './frame-queue.ts';

export interface FeedPart<F extends FeedAdapter = FeedAdapter> {
  feed: F;
  /** Whether this part carries the instrument (by key). */
  owns(key: string): boolean;
}

/** The worst state of the parts first: an error anywhere is shown before a stall, before a reconnect. */
const STATE_ORDER: readonly FeedState[] = ['error', 'stalled', 'reconnecting', 'connecting', 'disconnected', 'idle', 'connected'];

const sumRecord = (into: Record<string, number>, add: Readonly<Record<string, number>> | undefined): void => {
  for (const [k, v] of Object.entries(add ?? {})) into[k] = (into[k] ?? 0) + v;
};

export class MultiFeed<F extends FeedAdapter = FeedAdapter> implements FeedAdapter {
  readonly id: string;
  readonly parts: readonly FeedPart<F>[];

  constructor(parts: readonly FeedPart<F>[]) {
    if (parts.length === 0) throw new RangeError('a multi-feed needs at least one feed');
    const ids = parts.map((p) => p.feed.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new RangeError(`feed '${twice}' is listed twice`);
    this.parts = parts;
    this.id = ids.join('+');
  }

  /** The same parts, each behind its own feed boundary (the engine calls this instead of wrapping the whole). */
  checked(opts: ValidatedFeedOptions): MultiFeed<ValidatedFeed> {
    return new MultiFeed(this.parts.map((p) => ({ feed: new ValidatedFeed(p.feed, opts), owns: p.owns })));
  }

  /** The part carrying this instrument, or undefined. */
  partOf(key: string): FeedPart<F> | undefined {
    return this.parts.find((p) => p.owns(key));
  }

  start(listener: FeedListener): void {
    const onTicks = (ticks: readonly Tick[]): void => listener.onTicks(ticks);
    for (const p of this.parts) {
      p.feed.start({ onTicks, ...(listener.onStatus && { onStatus: () => listener.onStatus!(this.status()) }) });
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.feed.stop()));
  }

  setSubscriptions(wanted: ReadonlyMap<string, FeedMode>): void {
    for (const [p, plan] of this.#split(wanted)) p.feed.setSubscriptions(plan);
  }

  holdWhile(congested: (() => boolean) | null): void {
    for (const p of this.parts) p.feed.holdWhile?.(congested);
  }

  planProblem(plan: ReadonlyMap<string, FeedMode>): string | null {
    for (const [p, part] of this.#split(plan)) {
      const problem = p.feed.planProblem?.(part) ?? null;
      if (problem) return `${p.feed.id}: ${problem}`;
    }
    return null;
  }

  /** Always true: each part checks its own share of a plan (a part without limits takes any). */
  readonly hasLimits = true;

  /** One status over all parts: counters summed, the worst state, each part's message prefixed by its id. */
  status(): FeedStatus {
    const all = this.parts.map((p) => p.feed.status() as Partial<FeedStatus> & AdapterStatus);
    const out: FeedStatus = {
      feed: this.id,
      state: STATE_ORDER.find((s) => all.some((a) => a.state === s)) ?? 'idle',
      message: all.filter((a) => a.message).map((a) => `${a.feed}: ${a.message}`).join('; ') || null,
      subscribed: {}, frames_received: 0, ticks_received: 0, ticks_processed: 0, ticks_dropped: 0, decode_errors: 0, reconnects: 0,
      last_tick_age_ms: null, segments: {}, frames_rejected: {}, rejected: {}, fields_dropped: {}, crossed_quotes: 0,
    };
    for (const a of all) {
      sumRecord(out.subscribed, a.subscribed);
      out.frames_received += a.frames_received;
      out.ticks_received += a.ticks_received;
      out.ticks_processed += a.ticks_processed;
      out.ticks_dropped += a.ticks_dropped;
      out.decode_errors += a.decode_errors;
      out.reconnects += a.reconnects;
      if (a.last_tick_age_ms !== null) out.last_tick_age_ms = Math.min(out.last_tick_age_ms ?? Infinity, a.last_tick_age_ms);
      Object.assign(out.segments, a.segments);
      sumRecord(out.frames_rejected, a.frames_rejected);
      sumRecord(out.rejected, a.rejected);
      sumRecord(out.fields_dropped, a.fields_dropped);
      out.crossed_quotes += a.crossed_quotes ?? 0;
    }
    const queues = all.flatMap((a) => (a.queue ? [a.queue] : []));
    return queues.length ? { ...out, queue: mergeQueueStatus(queues) } as FeedStatus : out;
  }

  /** Each part's own status, in the order listed. */
  statuses(): ReturnType<F['status']>[] {
    return this.parts.map((p) => p.feed.status() as ReturnType<F['status']>);
  }

  #split(plan: ReadonlyMap<string, FeedMode>): Map<FeedPart<F>, Map<string, FeedMode>> {
    const out = new Map<FeedPart<F>, Map<string, FeedMode>>(this.parts.map((p) => [p, new Map()]));
    for (const [key, mode] of plan) {
      const p = this.partOf(key);
      if (p) out.get(p)!.set(key, mode);
    }
    return out;
  }
}

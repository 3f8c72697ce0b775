// One client connection's subscriptions (Upstox V3, protocols.md §1.4): parses the binary-JSON
// requests, keeps each key's mode, and collects the keys that ticked since the last frame.
import { FrameType } from '../engine/feeds/upstox/proto.ts';
import { UPSTOX_LIMITS } from '../engine/feeds/upstox/limits.ts';
import { MODE_NAMES, MODE_LTPC, MODE_FULL, MODE_OPTION_GREEKS, MODE_FULL_D30 } from './feed-frames.ts';
import type { FeedFrameWriter } from './feed-frames.ts';
import type { InstrumentState } from './instrument-state.ts';

export class SubscriptionRequestError extends Error {
  override name = 'SubscriptionRequestError';
}

export interface SubscriptionRequest {
  guid: string;
  method: 'sub' | 'change_mode' | 'unsub';
  /** Numeric mode (RequestMode values); ltpc when `sub` carries none; unused for unsub. */
  mode: number;
  keys: string[];
}

/** Parses `{"guid","method","data":{"mode","instrumentKeys"}}` (sent as a binary frame by the SDKs). */
export function parseSubscriptionRequest(raw: Buffer | ArrayBuffer | Buffer[] | string): SubscriptionRequest {
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8')
    : Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw).toString('utf8');
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch (e) {
    throw new SubscriptionRequestError(`request is not JSON (${(e as Error).message}): ${text.slice(0, 80)}`);
  }
  const m = msg as { guid?: unknown; method?: unknown; data?: { mode?: unknown; instrumentKeys?: unknown } } | null;
  if (m === null || typeof m !== 'object') throw new SubscriptionRequestError('request is not a JSON object');
  if (m.method !== 'sub' && m.method !== 'change_mode' && m.method !== 'unsub') {
    throw new SubscriptionRequestError(`request method must be sub, change_mode or unsub, got ${JSON.stringify(m.method)}`);
  }
  const keys = m.data?.instrumentKeys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
    throw new SubscriptionRequestError(`${m.method}: data.instrumentKeys must be an array of strings`);
  }
  let mode = MODE_LTPC;
  if (m.method !== 'unsub' && m.data?.mode !== undefined) {
    const named = typeof m.data.mode === 'string' ? MODE_NAMES[m.data.mode] : undefined;
    if (named === undefined) throw new SubscriptionRequestError(`${m.method}: unknown mode ${JSON.stringify(m.data.mode)} (ltpc, full, option_greeks, full_d30)`);
    mode = named;
  } else if (m.method === 'change_mode') {
    throw new SubscriptionRequestError('change_mode: data.mode is required');
  }
  return { guid: typeof m.guid === 'string' ? m.guid : '', method: m.method, mode, keys: keys as string[] };
}

/**
 * Upstox's per-mode key limits (protocols.md §1.5) by RequestMode number: [alone, combined].
 * full_d30's are not in Upstox's table; the simulator applies Optick's (shared/upstox.ts).
 */
const LIMITS: readonly (readonly [number, number])[] = (() => {
  const l: [number, number][] = [];
  l[MODE_LTPC] = [UPSTOX_LIMITS.ltpc.alone, UPSTOX_LIMITS.ltpc.combined];
  l[MODE_FULL] = [UPSTOX_LIMITS.full.alone, UPSTOX_LIMITS.full.combined];
  l[MODE_OPTION_GREEKS] = [UPSTOX_LIMITS.option_greeks.alone, UPSTOX_LIMITS.option_greeks.combined];
  l[MODE_FULL_D30] = [UPSTOX_LIMITS.full_d30.alone, UPSTOX_LIMITS.full_d30.combined];
  return l;
})();

/** True when keys per mode fit the limits: 'alone' if one mode is in use, 'combined' if several. */
export function withinLimits(counts: ArrayLike<number>): boolean {
  let used = 0;
  for (let m = 0; m < counts.length; m++) if (counts[m]! > 0) used++;
  for (let m = 0; m < counts.length; m++) {
    const limit = LIMITS[m]![used > 1 ? 1 : 0];
    if (counts[m]! > limit) return false;
  }
  return true;
}

export class FeedSession {
  /** Mode per instrument index, -1 = not subscribed. */
  private readonly modes: Int8Array;
  private readonly dirty: Uint8Array;
  private readonly dirtyList: Int32Array;
  private dirtyCount = 0;
  subscribedCount = 0;
  unknownKeys = 0;
  /** Keys ignored because subscribing them would break a per-mode limit. */
  overLimitKeys = 0;
  /** Subscribed keys per RequestMode number. */
  readonly modeCounts = new Int32Array(4);

  constructor(instrumentCount: number) {
    this.modes = new Int8Array(instrumentCount).fill(-1);
    this.dirty = new Uint8Array(instrumentCount);
    this.dirtyList = new Int32Array(instrumentCount);
  }

  modeOf(index: number): number {
    return this.modes[index] ?? -1;
  }

  /**
   * Applies a request. `sub` subscribes or changes the mode of already-subscribed keys; `change_mode`
   * re-modes subscribed keys only; `unsub` drops keys. Unknown keys are counted and ignored, and
   * so are keys that would take a mode past its limit (what real Upstox does then is unconfirmed:
   * the simulator serves the keys that fit, in request order, and counts the rest).
   * Returns the instruments whose snapshot (initial_feed) is due.
   */
  apply(req: SubscriptionRequest, byKey: ReadonlyMap<string, InstrumentState>): InstrumentState[] {
    const snapshot: InstrumentState[] = [];
    for (const key of req.keys) {
      const s = byKey.get(key);
      if (!s) {
        this.unknownKeys++;
        continue;
      }
      const current = this.modes[s.index]!;
      if (req.method === 'unsub') {
        if (current >= 0) { this.subscribedCount--; this.modeCounts[current]!--; }
        this.modes[s.index] = -1;
        continue;
      }
      if (req.method === 'change_mode' && current < 0) continue;
      if (current !== req.mode) {
        if (current >= 0) this.modeCounts[current]!--;
        this.modeCounts[req.mode]!++;
        if (!withinLimits(this.modeCounts)) {
          this.modeCounts[req.mode]!--;
          if (current >= 0) this.modeCounts[current]!++;
          this.overLimitKeys++;
          continue;
        }
      }
      if (current < 0) this.subscribedCount++;
      this.modes[s.index] = req.mode;
      snapshot.push(s);
    }
    return snapshot;
  }

  /** Records instruments that ticked (from the model's reused buffer). */
  markTicked(ticked: Int32Array, count: number): void {
    const modes = this.modes;
    for (let i = 0; i < count; i++) {
      const idx = ticked[i]!;
      if (modes[idx]! >= 0 && this.dirty[idx] === 0) {
        this.dirty[idx] = 1;
        this.dirtyList[this.dirtyCount++] = idx;
      }
    }
  }

  get pending(): number {
    return this.dirtyCount;
  }

  /** A live_feed frame with every still-subscribed instrument that ticked since the last call, in its mode (null if none); clears them. */
  takeLiveFrame(instruments: readonly InstrumentState[], out: FeedFrameWriter, currentTs: number): Uint8Array | null {
    if (this.dirtyCount === 0) return null;
    out.begin(FrameType.live_feed);
    for (let i = 0; i < this.dirtyCount; i++) {
      const idx = this.dirtyList[i]!;
      this.dirty[idx] = 0;
      const mode = this.modes[idx]!;
      if (mode >= 0) out.add(instruments[idx]!, mode);
    }
    this.dirtyCount = 0;
    return out.finish(currentTs);
  }

  /** The initial_feed frame (snapshot) for a request's instruments in their (new) modes. */
  snapshotFrame(list: readonly InstrumentState[], out: FeedFrameWriter, currentTs: number): Uint8Array | null {
    out.begin(FrameType.initial_feed);
    for (const s of list) out.add(s, this.modes[s.index]!);
    return out.finish(currentTs);
  }
}

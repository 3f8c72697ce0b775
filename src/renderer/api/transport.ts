// What the renderer holds: the shared OptickApi plus the state of the link to the host,
// which the header shows and the chain session watches to re-subscribe after a reconnect.
import type { OptickApi } from '../../shared/api.ts';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface ConnectionInfo {
  state: ConnectionState;
  /** Failed tries since the link was last open. */
  attempt: number;
  /** When reconnecting: the delay before the next try, ms. */
  retryInMs: number | null;
  /** Why the link is not open (close code/reason), for the status bar. */
  message: string | null;
}

export interface Transport extends OptickApi {
  connection(): ConnectionInfo;
  /** Called on every connection change; returns the unsubscribe function. */
  onConnection(listener: (info: ConnectionInfo) => void): () => void;
}

/** Calls a set of listeners, logging (never propagating) a listener's failure so one bad listener cannot stop the rest. */
export function notifyAll<T>(listeners: Iterable<(value: T) => void>, value: T, what: string): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (err) {
      console.error(`optick: ${what} listener failed`, err);
    }
  }
}

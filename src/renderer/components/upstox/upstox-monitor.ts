// One per app: asks the host for `upstox.status` about once a second while something on
// screen needs it (the panel while visible, the banner while the Upstox feed is in use;
// there is no push event for it), and runs the login/logout actions both of them offer.
// State lives in a vanilla zustand store so the panel and the banner read the same copy.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { OptickApi } from '../../../shared/api.ts';
import type { UpstoxConnectionStatus } from '../../../shared/upstox.ts';

export const STATUS_POLL_MS = 1000;

export interface LoginStart { url: string; expires_at: number; opened: boolean }

export interface UpstoxMonitorState {
  status: UpstoxConnectionStatus | null;
  /** Why the last status call failed (e.g. the host has no Upstox service); null after a good one. */
  statusError: string | null;
  /** The last login started from this window: its URL stays shown so it can be opened by hand. */
  login: LoginStart | null;
  loginError: string | null;
  busy: boolean;
}

/** Timers as the monitor needs them (the page's own in the app, driven by hand in tests). */
export interface PollTimer {
  every(ms: number, run: () => void): () => void;
}
const pageTimer: PollTimer = {
  every: (ms, run) => { const id = setInterval(run, ms); return () => clearInterval(id); },
};

type Call = Pick<OptickApi, 'call'>;
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class UpstoxMonitor {
  readonly store: StoreApi<UpstoxMonitorState>;
  readonly #api: Call;
  readonly #timer: PollTimer;
  #watchers = 0;
  #stopPolling: (() => void) | null = null;
  #inFlight = false;

  constructor(api: Call, timer: PollTimer = pageTimer) {
    this.#api = api;
    this.#timer = timer;
    this.store = createStore<UpstoxMonitorState>()(() => ({ status: null, statusError: null, login: null, loginError: null, busy: false }));
  }

  /** Polls while at least one watcher is registered; returns the release function (idempotent). */
  watch(): () => void {
    this.#watchers += 1;
    if (this.#watchers === 1) {
      void this.refresh();
      this.#stopPolling = this.#timer.every(STATUS_POLL_MS, () => void this.refresh());
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#watchers -= 1;
      if (this.#watchers === 0) { this.#stopPolling?.(); this.#stopPolling = null; }
    };
  }

  get watching(): boolean {
    return this.#watchers > 0;
  }

  /** One status call; skipped while the previous one is still out (a slow host is not piled on). */
  async refresh(): Promise<void> {
    if (this.#inFlight) return;
    this.#inFlight = true;
    try {
      const status = await this.#api.call('upstox.status', {});
      this.store.setState({ status, statusError: null });
    } catch (err) {
      this.store.setState({ statusError: `Upstox status: ${messageOf(err)}` });
    } finally {
      this.#inFlight = false;
    }
  }

  /**
   * Starts a login. `target` is a window the caller opened synchronously in the click (a popup
   * blocker allows only that); it is sent to the login dialog unless the host opened the
   * system browser itself (desktop), in which case it is closed.
   */
  async login(target: { location: { href: string }; close(): void } | null): Promise<LoginStart | null> {
    this.store.setState({ busy: true, loginError: null });
    try {
      const start = await this.#api.call('upstox.login', {});
      if (target) {
        if (start.opened) target.close();
        else target.location.href = start.url;
      }
      this.store.setState({ login: start });
      void this.refresh();
      return start;
    } catch (err) {
      target?.close();
      this.store.setState({ loginError: `Log in: ${messageOf(err)}` });
      return null;
    } finally {
      this.store.setState({ busy: false });
    }
  }

  async logout(): Promise<void> {
    this.store.setState({ busy: true, loginError: null });
    try {
      await this.#api.call('upstox.logout', {});
      this.store.setState({ login: null });
      await this.refresh();
    } catch (err) {
      this.store.setState({ loginError: `Log out: ${messageOf(err)}` });
    } finally {
      this.store.setState({ busy: false });
    }
  }
}

const monitors = new WeakMap<object, UpstoxMonitor>();

/** The app's one monitor for this api (the panel and the banner share it). */
export function upstoxMonitorFor(api: Call): UpstoxMonitor {
  let m = monitors.get(api);
  if (!m) { m = new UpstoxMonitor(api); monitors.set(api, m); }
  return m;
}

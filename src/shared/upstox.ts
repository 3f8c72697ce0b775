// The Upstox connection panel's contract: settings, login, and everything the panel shows
// (account, token expiry, feed state, subscriptions against limits, instrument master).
// Secrets (API secret, access token) never appear in any of these shapes.
import type { FeedState } from './status.ts';

export type UpstoxMode = 'ltpc' | 'option_greeks' | 'full' | 'full_d30';

/**
 * Upstox V3 keys per mode: when the mode is used alone on a connection, and when modes are mixed
 * (protocols.md §1.5). full_d30 (30-level depth, Upstox Plus) is not in the limits table we could
 * read; 50 keys is the lowest figure published for it (third-party), so Optick holds to that.
 */
export const UPSTOX_LIMITS: Readonly<Record<UpstoxMode, { alone: number; combined: number }>> = {
  ltpc: { alone: 5000, combined: 2000 },
  option_greeks: { alone: 3000, combined: 2000 },
  full: { alone: 2000, combined: 1500 },
  full_d30: { alone: 50, combined: 50 },
};

export interface UpstoxSettings {
  /** The app's API key (client_id); '' until set. */
  api_key: string;
  /** True when an API secret is stored (the secret itself is never returned). */
  has_api_secret: boolean;
  /** Must equal the redirect URI registered for the app at Upstox. */
  redirect_uri: string;
  rest_base: string;
  feed_url: string;
  instruments_url: string;
  /** Strikes each side of the centre subscribed with depth ('full'); the rest get 'option_greeks'. */
  depth_strikes: number;
  /** Feed silent (no frames, no pings) this long during market hours = stalled → reconnect. */
  stall_ms: number;
}

/** Fields to change; `api_secret` is write-only ('' removes it). */
export type UpstoxSettingsInput = Partial<Omit<UpstoxSettings, 'has_api_secret'>> & { api_secret?: string };

export type UpstoxSettingsResult =
  | { ok: true; settings: UpstoxSettings; restart_needed: boolean }
  | { ok: false; errors: { field: string; message: string }[] };

export interface UpstoxModeUsage {
  mode: UpstoxMode;
  count: number;
  /** The limit that applies now: `alone` if this is the only mode in use, `combined` otherwise. */
  limit: number;
  alone: number;
  combined: number;
}

export interface UpstoxFeedInfo {
  state: FeedState;
  message: string | null;
  reconnects: number;
  stalls: number;
  last_frame_age_ms: number | null;
  /** Since the last frame or ping. */
  last_activity_age_ms: number | null;
  connected_since: number | null;
  subscriptions: UpstoxModeUsage[];
  /** Why the last subscription plan was refused (over a limit); null when the plan fits. */
  refused_plan: string | null;
  /** market_info segment status, e.g. { NSE_FO: 'NORMAL_OPEN' }. */
  segments: Record<string, string>;
  stall_ms: number;
}

export type UpstoxLoginState = 'logged_out' | 'valid' | 'renew_before_session' | 'expired' | 'rejected';

export interface UpstoxConnectionStatus {
  now: number;
  /** API key and secret are set: login can start. */
  configured: boolean;
  /** This run streams from Upstox (optick serve --feed upstox), not the simulator. */
  feed_selected: boolean;
  /** How secrets are kept: encrypted by the OS keyring, or a 0600 file (headless). */
  secret_protection: 'os-keyring' | 'file';
  account: { user_id: string; user_name: string; email: string; broker: string; exchanges: string[] } | null;
  token: { issued_at: number; expires_at: number; expires_in_ms: number } | null;
  login: {
    state: UpstoxLoginState;
    needed: boolean;
    message: string;
    /** Earliest instant a new login helps; log in before `login_by` to be ready for the session. */
    login_from: number | null;
    login_by: number | null;
    /** A login started and not finished: its link works until this instant. */
    pending_until: number | null;
    last_error: string | null;
  };
  /** Null when the Upstox feed is not in use. */
  feed: UpstoxFeedInfo | null;
  instruments: {
    url: string;
    source: 'download' | 'cache';
    downloaded_at: number;
    /** Set when the last download failed and a cached copy is in use. */
    warning: string | null;
    records: number;
    kept: number;
    expired_dropped: number;
  } | null;
  /** What the banner should say, if anything: feed down, token expired, master stale. */
  banner: { level: 'error' | 'warn'; message: string } | null;
}

export interface UpstoxMethods {
  'upstox.status': { req: Record<string, never>; res: UpstoxConnectionStatus };
  'upstox.get_settings': { req: Record<string, never>; res: UpstoxSettings };
  'upstox.put_settings': { req: UpstoxSettingsInput; res: UpstoxSettingsResult };
  /** Starts a login: the dialog URL (opened in the system browser when the host can). */
  'upstox.login': { req: Record<string, never>; res: { url: string; expires_at: number; opened: boolean } };
  /** Forgets the access token and disconnects the Upstox feed. */
  'upstox.logout': { req: Record<string, never>; res: Record<string, never> };
}

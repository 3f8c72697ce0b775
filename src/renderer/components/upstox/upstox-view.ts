// What the Upstox panel and the banner show, as pure functions of the contract's shapes:
// countdowns and ages, subscriptions per mode against Upstox's limits, the feed's health and
// the one banner line (if any). No DOM, no clock: `now` and the statuses come in.
import type { FeedState, FeedStatus } from '../../../shared/status.ts';
import { UPSTOX_LIMITS as UPSTOX_MODE_LIMITS, type UpstoxConnectionStatus, type UpstoxLoginState, type UpstoxMode } from '../../../shared/upstox.ts';
import { EXCHANGE_TIME_ZONE } from '../../format.ts';

const MODES = Object.keys(UPSTOX_MODE_LIMITS) as UpstoxMode[];
export const MODE_LABEL: Record<string, string> = { ltpc: 'LTPC', option_greeks: 'Option Greeks', full: 'Full (depth)', full_d30: 'Full D30 (ticket, 30 levels)' };

export interface ModeRow {
  mode: string;
  label: string;
  count: number;
  /** The limit that applies now (alone or combined); null for a mode Upstox does not list. */
  limit: number | null;
  alone: number | null;
  combined: number | null;
  /** count / limit, 0…1 (capped) for the bar. */
  fill: number;
  over: boolean;
}

function row(mode: string, count: number, limit: number | null, alone: number | null, combined: number | null): ModeRow {
  const fill = limit ? Math.min(1, count / limit) : 0;
  return { mode, label: MODE_LABEL[mode] ?? mode, count, limit, alone, combined, fill, over: limit !== null && count > limit };
}

/**
 * Keys per mode: the Upstox feed's own usage when it runs, else the engine feed's counts
 * (the simulator) against the same limits. Every Upstox mode appears, zero counts included.
 */
export function subscriptionRows(upstox: UpstoxConnectionStatus | null, engineFeed: FeedStatus | undefined): ModeRow[] {
  if (upstox?.feed) return upstox.feed.subscriptions.map((u) => row(u.mode, u.count, u.limit, u.alone, u.combined));
  const counts = engineFeed?.subscribed ?? {};
  const mixed = Object.values(counts).filter((n) => n > 0).length > 1;
  const rows = MODES.map((mode) => {
    const { alone, combined } = UPSTOX_MODE_LIMITS[mode];
    return row(mode, counts[mode] ?? 0, mixed ? combined : alone, alone, combined);
  });
  for (const [mode, n] of Object.entries(counts)) if (!(mode in UPSTOX_MODE_LIMITS)) rows.push(row(mode, n, null, null, null));
  return rows;
}

/** The feed as the panel shows it, from the Upstox feed's info or (simulator) the engine's feed status. */
export interface FeedView {
  state: FeedState | null;
  message: string | null;
  reconnects: number | null;
  stalls: number | null;
  lastFrameAgeMs: number | null;
  lastActivityAgeMs: number | null;
  connectedSince: number | null;
  segments: Record<string, string>;
  stallMs: number | null;
}

export function feedView(upstox: UpstoxConnectionStatus | null, engineFeed: FeedStatus | undefined): FeedView {
  const f = upstox?.feed;
  if (f) {
    return {
      state: f.state, message: f.message, reconnects: f.reconnects, stalls: f.stalls, lastFrameAgeMs: f.last_frame_age_ms,
      lastActivityAgeMs: f.last_activity_age_ms, connectedSince: f.connected_since, segments: f.segments, stallMs: f.stall_ms,
    };
  }
  return {
    state: engineFeed?.state ?? null, message: engineFeed?.message ?? null, reconnects: engineFeed?.reconnects ?? null, stalls: null,
    lastFrameAgeMs: engineFeed?.last_tick_age_ms ?? null, lastActivityAgeMs: null, connectedSince: null,
    segments: engineFeed?.segments ?? {}, stallMs: null,
  };
}

const DOWN: ReadonlySet<FeedState> = new Set(['reconnecting', 'stalled', 'disconnected', 'error']);

export interface Banner {
  level: 'error' | 'warn';
  message: string;
  /** The banner offers "Log in" (no token, or it expired or was rejected; renewing early would not help: every token ends at 03:30 IST). */
  login: boolean;
}

/**
 * The one line across the top, most urgent first: what the Upstox account service says
 * (token expired, feed down, plan refused, renew before the session, stale master), else a
 * feed that is down or stalled (the simulator's too). Nothing while the link to Optick is down:
 * the statuses are stale then, and the status bar already says the figures are frozen.
 */
export function bannerFor(upstox: UpstoxConnectionStatus | null, engineFeed: FeedStatus | undefined, linkOpen: boolean): Banner | null {
  if (!linkOpen) return null;
  if (upstox?.banner) {
    return { level: upstox.banner.level, message: upstox.banner.message, login: upstox.feed_selected && upstox.login.needed };
  }
  if (engineFeed && DOWN.has(engineFeed.state)) {
    const why = engineFeed.message ? `: ${engineFeed.message}` : '';
    return { level: engineFeed.state === 'error' || engineFeed.state === 'disconnected' ? 'error' : 'warn', message: `Feed ${engineFeed.state}${why}. Prices on screen are not live.`, login: false };
  }
  return null;
}

export const LOGIN_TONE: Record<UpstoxLoginState, 'good' | 'warn' | 'bad' | 'idle'> = {
  valid: 'good', renew_before_session: 'warn', logged_out: 'idle', expired: 'bad', rejected: 'bad',
};
export const LOGIN_LABEL: Record<UpstoxLoginState, string> = {
  valid: 'logged in', renew_before_session: 'renew before session', logged_out: 'logged out', expired: 'token expired', rejected: 'token rejected',
};

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Time left as "13h 05m 12s" (days first past 24 h: "1d 02h 10m"); "expired" at or below zero. */
export function formatCountdown(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${pad2(h)}h ${pad2(m)}m`;
  return h > 0 ? `${h}h ${pad2(m)}m ${pad2(s % 60)}s` : `${m}m ${pad2(s % 60)}s`;
}

/** How long ago: "0.4 s", "12 s", "3 m 05 s", "2 h 10 m"; "—" when never. */
export function formatAge(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const v = Math.max(0, ms);
  if (v < 10_000) return `${(Math.floor(v / 100) / 10).toFixed(1)} s`;
  const s = Math.floor(v / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${pad2(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad2(Math.floor((s % 3600) / 60))} m`;
}

const istDateTime = new Intl.DateTimeFormat('en-IN', {
  timeZone: EXCHANGE_TIME_ZONE, weekday: 'short', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** An instant as the exchange's wall clock with the day: "Sun 22 Nov, 03:30 IST"; "—" for null. */
export function formatIstDateTime(epochMs: number | null): string {
  if (epochMs === null || !Number.isFinite(epochMs)) return '—';
  const p: Record<string, string> = {};
  for (const part of istDateTime.formatToParts(epochMs)) p[part.type] = part.value;
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute} IST`;
}

/** Segment status from market_info as words: NORMAL_OPEN → "open", PRE_OPEN_START → "pre-open start". */
export function segmentLabel(status: string): { text: string; tone: 'good' | 'warn' | 'idle' } {
  const text = status.toLowerCase().replace(/^normal_/, '').replace(/_/g, ' ').replace(/^pre open/, 'pre-open');
  return { text, tone: status === 'NORMAL_OPEN' ? 'good' : /PRE_OPEN|CLOSING/.test(status) ? 'warn' : 'idle' };
}

/** Who is logged in; with the simulator as the source and no Upstox login, "simulator" (it needs none). */
export function accountLabel({ account, feed_selected }: Pick<UpstoxConnectionStatus, 'account' | 'feed_selected'>): string {
  if (account) return `${account.user_name || account.user_id} · ${account.user_id}`;
  return feed_selected ? 'not logged in' : 'simulator · no login needed';
}

// Upstox OAuth login (protocols.md §1.11): the authorization-dialog URL, the token response,
// when the token dies (03:30 IST, whatever the hour it was issued) and whether the trader must
// log in again before the next session. Runtime: std; the HTTP exchange is in token-exchange-node.ts.
import { addDays, localDate, wallClockAt, zonedInstant } from '../../schedule/zone.ts';

export const UPSTOX_TIME_ZONE = 'Asia/Kolkata';
/** Upstox's public endpoints: every one can be overridden (simulator, sandbox). */
export const UPSTOX_DEFAULTS = {
  restBase: 'https://api.upstox.com',
  feedUrl: 'wss://api.upstox.com/v3/feed/market-data-feed',
  instrumentsUrl: 'https://assets.upstox.com/market-quote/instruments/exchange/NSE.json.gz',
} as const;
export const DIALOG_PATH = '/v2/login/authorization/dialog';
export const TOKEN_PATH = '/v2/login/authorization/token';
/** Tokens stop working at this IST wall-clock time (minutes after midnight). */
export const TOKEN_EXPIRY_MINUTES = 3 * 60 + 30;

export class UpstoxLoginError extends Error {
  /** Upstox error code (e.g. UDAPI100068) when the broker sent one. */
  readonly upstoxCode: string | null;
  constructor(message: string, upstoxCode: string | null = null) {
    super(message);
    this.name = 'UpstoxLoginError';
    this.upstoxCode = upstoxCode;
  }
}

export interface AuthorizationRequest {
  apiKey: string;
  redirectUri: string;
  state: string;
}

/** The URL of Upstox's login dialog; the browser comes back to `redirectUri?code=…&state=…`. */
export function authorizationUrl(restBase: string, req: AuthorizationRequest): string {
  const url = new URL(DIALOG_PATH, withSlash(restBase));
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', req.apiKey);
  url.searchParams.set('redirect_uri', req.redirectUri);
  url.searchParams.set('state', req.state);
  return url.toString();
}

export function tokenUrl(restBase: string): string {
  return new URL(TOKEN_PATH, withSlash(restBase)).toString();
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/** A logged-in account. `accessToken` is a secret: keep it out of logs, errors and exports. */
export interface UpstoxSession {
  accessToken: string;
  userId: string;
  userName: string;
  email: string;
  broker: string;
  exchanges: string[];
  products: string[];
  issuedAt: number;
  expiresAt: number;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The `{status:'error', errors:[{errorCode, message}]}` body Upstox answers failures with, or null. */
export function upstoxErrorOf(body: unknown): { code: string; message: string } | null {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const e = errors[0] as Record<string, unknown>;
  return { code: text(e.errorCode ?? e.error_code) || 'unknown', message: text(e.message) || 'no message' };
}

/** Reads the token endpoint's JSON (no expires_in: the expiry is the next 03:30 IST). */
export function parseTokenResponse(body: unknown, issuedAt: number): UpstoxSession {
  const err = upstoxErrorOf(body);
  if (err) throw new UpstoxLoginError(`Upstox refused the login: ${err.code} ${err.message}`, err.code);
  const b = body as Record<string, unknown> | null;
  if (!b || typeof b !== 'object') throw new UpstoxLoginError('Upstox token response is not a JSON object');
  const data = (b.data && typeof b.data === 'object' ? b.data : b) as Record<string, unknown>;
  const token = data.access_token;
  if (typeof token !== 'string' || token.length < 8 || /\s/.test(token)) {
    throw new UpstoxLoginError('Upstox token response has no usable access_token');
  }
  return {
    accessToken: token,
    userId: text(data.user_id),
    userName: text(data.user_name),
    email: text(data.email),
    broker: text(data.broker) || 'UPSTOX',
    exchanges: strings(data.exchanges),
    products: strings(data.products),
    issuedAt,
    expiresAt: tokenExpiry(issuedAt),
  };
}

/**
 * When a token issued at `issuedAt` stops working: Upstox says 03:30 IST the next day,
 * whatever the hour of issue. A token issued between midnight and 03:30 IST is taken to die at
 * that same night's 03:30 (the first 03:30 after issue), the earlier reading: asking for one
 * login too many beats a token that fails mid-session.
 */
export function tokenExpiry(issuedAt: number): number {
  const today = localDate(UPSTOX_TIME_ZONE, issuedAt);
  const sameDay = zonedInstant(UPSTOX_TIME_ZONE, today, TOKEN_EXPIRY_MINUTES);
  return sameDay > issuedAt ? sameDay : zonedInstant(UPSTOX_TIME_ZONE, addDays(today, 1), TOKEN_EXPIRY_MINUTES);
}

/** 'HH:MM IST on YYYY-MM-DD' for messages. */
export function istLabel(t: number): string {
  const w = wallClockAt(UPSTOX_TIME_ZONE, t);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')} IST on ${localDate(UPSTOX_TIME_ZONE, t)}`;
}

/** The feed's next (or current) connection window, from the trading-hours plan. */
export interface SessionWindow {
  connect_at: number;
  activate_at: number;
  disconnect_at: number;
}

export type LoginState = 'logged_out' | 'valid' | 'renew_before_session' | 'expired';

export interface LoginAdvice {
  state: LoginState;
  /** True when a login now is required (no token, or it has expired). */
  needed: boolean;
  message: string;
  /** Earliest instant a new login helps (a login before 03:30 yields a token that dies at 03:30). */
  login_from: number | null;
  /** Log in before this instant to be connected when the session's connection window opens. */
  login_by: number | null;
}

/**
 * Whether the trader must log in, judged against the next session window so the question is
 * asked before the session and never in the middle of it.
 */
export function loginAdvice(expiresAt: number | null, now: number, window: SessionWindow | null): LoginAdvice {
  const upcoming = window && window.connect_at > now ? window.connect_at : null;
  const by = upcoming !== null ? ` before ${istLabel(upcoming)} (the feed connects then)` : '';
  if (expiresAt === null) {
    return { state: 'logged_out', needed: true, message: `not logged in to Upstox; log in${by}`, login_from: now, login_by: upcoming };
  }
  if (now >= expiresAt) {
    return { state: 'expired', needed: true, message: `the Upstox token expired at ${istLabel(expiresAt)}; log in again${by}`, login_from: now, login_by: upcoming };
  }
  if (window && now < window.activate_at && expiresAt <= window.activate_at) {
    return {
      state: 'renew_before_session', needed: false,
      message: `the Upstox token expires at ${istLabel(expiresAt)}, before the next session (${istLabel(window.activate_at)}); log in again after it expires and before the session`,
      login_from: expiresAt, login_by: Math.max(expiresAt, window.connect_at),
    };
  }
  return { state: 'valid', needed: false, message: `logged in; the token expires at ${istLabel(expiresAt)}`, login_from: null, login_by: null };
}

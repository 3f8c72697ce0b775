// The Upstox account service: settings, the login round trip (dialog in the browser →
// /upstox/callback on Optick's own server, guarded by a single-use short-lived `state` →
// token exchange → SecretStore), the token's life, the daily instrument master, and the
// connection panel's status. Hosts mount `call` (upstox.* contract methods) and `callback`
// (host/http/routes/upstox.ts has the REST routes). Secrets never reach logs, errors or replies. Runtime: node.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiError } from '../../../../shared/api.ts';
import type { UpstoxConnectionStatus, UpstoxMethods, UpstoxSettings, UpstoxSettingsResult } from '../../../../shared/upstox.ts';
import type { Logger } from '../../log.ts';
import type { Notices } from '../../notices.ts';
import { CALLBACK_PATH, SECRET_NAMES, defaultSettings, mergeSettings, type StoredSettings } from './account-settings.ts';
import { loadDailyMaster, type MasterLoad } from './instrument-cache-node.ts';
import { authorizationUrl, istLabel, loginAdvice, type SessionWindow, type UpstoxSession } from './login.ts';
import { redact, type SecretStore } from '../common/secret-store.ts';
import { exchangeCode } from './token-exchange-node.ts';
import type { UpstoxFeed } from './upstox-feed.ts';

export const UPSTOX_SETTINGS_FILE = 'upstox.json';
/** A login link works this long, once. */
const STATE_TTL_MS = 10 * 60_000;
const MAX_PENDING_LOGINS = 8;

export interface UpstoxAccountOptions {
  dataDir: string;
  secrets: SecretStore;
  log: Logger;
  now?: () => number;
  fetch?: typeof fetch;
  /** Opens the login dialog in the system browser; false when it cannot (headless prints it). */
  openUrl?: (url: string) => boolean | Promise<boolean>;
  /** Base of Optick's own server for the default redirect URI, until attachServer() says. */
  serverBase?: string;
  /** Where an unusable settings file or stored login is reported (the UI banner). */
  notices?: Notices;
}

const SETTINGS_NOTICE_ID = 'upstox-settings:file';
const SESSION_NOTICE_ID = 'secrets:upstox-session';

export interface UpstoxHttpReply {
  status: number;
  body: unknown;
  /** The body is an HTML page (the browser's callback), not JSON. */
  html?: boolean;
}

interface StoredSession {
  access_token: string;
  user_id: string;
  user_name: string;
  email: string;
  broker: string;
  exchanges: string[];
  issued_at: number;
  expires_at: number;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, text: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><body style="font:16px system-ui;margin:3em"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body>`;

export class UpstoxAccount {
  readonly #o: UpstoxAccountOptions;
  readonly #now: () => number;
  readonly #path: string;
  #settings: StoredSettings;
  #explicitRedirect: boolean;
  #session: StoredSession | null;
  #rejected: string | null = null;
  #lastError: string | null = null;
  readonly #pending = new Map<string, { expires: number; redirectUri: string }>();
  #feed: UpstoxFeed | null = null;
  #window: () => SessionWindow | null = () => null;
  #master: (Omit<MasterLoad, 'registry'> & { url: string }) | null = null;
  /** upstox.json on disk could not be used: it is moved aside before a save replaces it. */
  #fileBad = false;

  constructor(o: UpstoxAccountOptions) {
    this.#o = o;
    this.#now = o.now ?? Date.now;
    this.#path = join(o.dataDir, UPSTOX_SETTINGS_FILE);
    const defaults = defaultSettings(o.serverBase ?? 'http://127.0.0.1:7373');
    const stored = this.#readSettings();
    this.#explicitRedirect = typeof stored.redirect_uri === 'string';
    this.#settings = { ...defaults, ...stored };
    this.#session = this.#readSession();
  }

  // ── settings ────────────────────────────────────────────────────────────────────────────

  settings(): UpstoxSettings {
    return { ...this.#settings, has_api_secret: this.#o.secrets.get(SECRET_NAMES.apiSecret) !== null };
  }

  /** Optick's server is listening at `base`: the default redirect URI points at its callback. */
  attachServer(base: string): void {
    if (!this.#explicitRedirect) this.#settings = { ...this.#settings, redirect_uri: `${base}${CALLBACK_PATH}` };
  }

  putSettings(input: unknown): UpstoxSettingsResult {
    const before = this.#settings;
    const { settings, apiSecret, errors } = mergeSettings(before, input, { file: this.#path });
    if (errors.length) return { ok: false, errors };
    this.#settings = settings;
    if ((input as Record<string, unknown>).redirect_uri !== undefined) this.#explicitRedirect = true;
    this.#writeSettings();
    if (apiSecret !== undefined) {
      if (apiSecret === '') this.#o.secrets.delete(SECRET_NAMES.apiSecret);
      else this.#o.secrets.set(SECRET_NAMES.apiSecret, apiSecret);
    }
    if (settings.api_key !== before.api_key && this.#session) {
      this.#log('info', 'Upstox API key changed: the stored login belongs to the old app; log in again');
      this.logout();
    }
    const restart_needed = (['depth_strikes', 'stall_ms'] as const).some((k) => settings[k] !== before[k]);
    return { ok: true, settings: this.settings(), restart_needed };
  }

  // ── login ───────────────────────────────────────────────────────────────────────────────

  /** The live access token, or null when logged out, expired or rejected. */
  accessToken(): string | null {
    const s = this.#session;
    if (!s || this.#rejected || this.#now() >= s.expires_at) return null;
    return s.access_token;
  }

  async startLogin(): Promise<{ url: string; expires_at: number; opened: boolean }> {
    const apiKey = this.#settings.api_key;
    if (!apiKey || this.#o.secrets.get(SECRET_NAMES.apiSecret) === null) {
      throw new ApiError('bad_request', 'set the Upstox API key and secret (upstox.put_settings) before logging in');
    }
    const now = this.#now();
    for (const [s, p] of this.#pending) if (p.expires <= now) this.#pending.delete(s);
    while (this.#pending.size >= MAX_PENDING_LOGINS) this.#pending.delete(this.#pending.keys().next().value!);
    const state = randomBytes(18).toString('base64url');
    const expires = now + STATE_TTL_MS;
    const redirectUri = this.#settings.redirect_uri;
    this.#pending.set(state, { expires, redirectUri });
    const url = authorizationUrl(this.#settings.rest_base, { apiKey, redirectUri, state });
    let opened = false;
    try {
      opened = (await this.#o.openUrl?.(url)) ?? false;
    } catch (err) {
      this.#log('warn', `could not open the browser for the Upstox login: ${(err as Error).message}`);
    }
    this.#log('info', `Upstox login started${opened ? ' in the browser' : ''}: ${url}`);
    return { url, expires_at: expires, opened };
  }

  /** The browser's return from the login dialog. */
  async callback(query: URLSearchParams): Promise<UpstoxHttpReply> {
    const state = query.get('state') ?? '';
    const pending = this.#pending.get(state);
    this.#pending.delete(state); // single use, whatever happens next
    if (!pending || pending.expires <= this.#now()) {
      this.#log('warn', 'Upstox login callback with an unknown, used or expired state: ignored');
      return { status: 400, html: true, body: page('Login link expired', 'This Upstox login link is unknown, already used or older than 10 minutes. Start the login again from Optick.') };
    }
    const code = query.get('code');
    if (!code) {
      const why = query.get('error_description') ?? query.get('error') ?? 'no code in the redirect';
      this.#lastError = `Upstox did not approve the login: ${why}`;
      return { status: 400, html: true, body: page('Upstox login not approved', this.#lastError) };
    }
    const apiSecret = this.#o.secrets.get(SECRET_NAMES.apiSecret);
    try {
      if (apiSecret === null) throw new Error('the API secret was removed during the login');
      const session = await exchangeCode({
        restBase: this.#settings.rest_base, apiKey: this.#settings.api_key, apiSecret, redirectUri: pending.redirectUri, code,
        now: this.#now, ...(this.#o.fetch ? { fetch: this.#o.fetch } : {}),
      });
      this.#store(session);
      return { status: 200, html: true, body: page('Upstox connected', `Logged in as ${session.userName || session.userId}. The token is valid until ${istLabel(session.expiresAt)}. You can close this tab.`) };
    } catch (err) {
      this.#lastError = redact(`Upstox login failed: ${(err as Error).message}`, [apiSecret, code]);
      this.#log('error', this.#lastError);
      return { status: 502, html: true, body: page('Upstox login failed', this.#lastError) };
    }
  }

  logout(): void {
    this.#session = null;
    this.#rejected = null;
    this.#o.secrets.delete(SECRET_NAMES.session);
    this.#feed?.setAccessToken(null);
    this.#log('info', 'logged out of Upstox');
  }

  #store(s: UpstoxSession): void {
    this.#session = {
      access_token: s.accessToken, user_id: s.userId, user_name: s.userName, email: s.email, broker: s.broker,
      exchanges: s.exchanges, issued_at: s.issuedAt, expires_at: s.expiresAt,
    };
    this.#rejected = null;
    this.#lastError = null;
    this.#o.secrets.set(SECRET_NAMES.session, JSON.stringify(this.#session));
    this.#o.notices?.clear(SESSION_NOTICE_ID);
    this.#log('info', `logged in to Upstox as ${s.userId}; the token is valid until ${istLabel(s.expiresAt)}`);
    this.#feed?.setAccessToken(s.accessToken);
  }

  // ── feed and instruments ────────────────────────────────────────────────────────────────

  /** The Upstox feed of this run, and where the next session window comes from (trading hours). */
  attachFeed(feed: UpstoxFeed, window: () => SessionWindow | null): void {
    this.#feed = feed;
    this.#window = window;
  }

  /** Called by the feed when the handshake answers 401/403. */
  tokenRejected(httpStatus: number): void {
    if (!this.#session) return;
    this.#rejected = `Upstox rejected the access token (HTTP ${httpStatus}); log in again`;
    this.#log('error', this.#rejected);
  }

  /** The daily instrument master (cached under <dataDir>/upstox), from the settings' URL unless given. */
  async loadInstruments(underlyings: readonly string[], url = this.#settings.instruments_url): Promise<MasterLoad> {
    const load = await loadDailyMaster({
      dir: join(this.#o.dataDir, 'upstox'), url, underlyings, now: this.#now, ...(this.#o.fetch ? { fetch: this.#o.fetch } : {}),
    });
    const { registry: _r, ...rest } = load;
    this.#master = { ...rest, url };
    if (load.warning) this.#log('warn', load.warning);
    else this.#log('info', `instrument master (${load.source}): ${load.kept} instruments kept of ${load.records}, ${load.expired_dropped} expired dropped`);
    return load;
  }

  // ── status ──────────────────────────────────────────────────────────────────────────────

  status(): UpstoxConnectionStatus {
    const now = this.#now();
    const s = this.#session;
    const advice = loginAdvice(s ? s.expires_at : null, now, this.#window());
    const rejected = this.#rejected !== null && s !== null && now < s.expires_at;
    let pendingUntil: number | null = null;
    for (const p of this.#pending.values()) if (p.expires > now) pendingUntil = Math.max(pendingUntil ?? 0, p.expires);
    const feed = this.#feed?.info() ?? null;
    const login: UpstoxConnectionStatus['login'] = {
      ...advice,
      // The simulator (not Upstox) is the source of this run: no login is needed, and the panel says so.
      ...(this.#feed === null && !s ? { needed: false, message: 'simulator: this run streams from the built-in market simulator; an Upstox login is used only with optick serve --feed upstox' } : {}),
      ...(rejected ? { state: 'rejected' as const, needed: true, message: this.#rejected! } : {}),
      pending_until: pendingUntil,
      last_error: this.#lastError,
    };
    return {
      now,
      configured: this.#settings.api_key !== '' && this.#o.secrets.get(SECRET_NAMES.apiSecret) !== null,
      feed_selected: this.#feed !== null,
      secret_protection: this.#o.secrets.protection,
      account: s ? { user_id: s.user_id, user_name: s.user_name, email: s.email, broker: s.broker, exchanges: s.exchanges } : null,
      token: s ? { issued_at: s.issued_at, expires_at: s.expires_at, expires_in_ms: Math.max(0, s.expires_at - now) } : null,
      login,
      feed,
      instruments: this.#master ? { ...this.#master } : null,
      banner: this.#banner(login, feed),
    };
  }

  #banner(login: UpstoxConnectionStatus['login'], feed: UpstoxConnectionStatus['feed']): UpstoxConnectionStatus['banner'] {
    if (!this.#feed) return null;
    if (login.needed) return { level: 'error', message: login.message };
    if (feed && (feed.state === 'reconnecting' || feed.state === 'stalled' || feed.state === 'error')) {
      return { level: 'error', message: `Upstox feed is down: ${feed.message ?? feed.state}` };
    }
    if (feed?.refused_plan) return { level: 'error', message: feed.refused_plan };
    if (login.state === 'renew_before_session') return { level: 'warn', message: login.message };
    if (this.#master?.warning) return { level: 'warn', message: this.#master.warning };
    return null;
  }

  // ── host entry points ───────────────────────────────────────────────────────────────────

  /** The upstox.* contract methods. */
  async call(method: string, req: unknown): Promise<unknown> {
    const handlers: { [M in keyof UpstoxMethods]: (r: unknown) => UpstoxMethods[M]['res'] | Promise<UpstoxMethods[M]['res']> } = {
      'upstox.status': () => this.status(),
      'upstox.get_settings': () => this.settings(),
      'upstox.put_settings': (r) => this.putSettings(r),
      'upstox.login': () => this.startLogin(),
      'upstox.logout': () => { this.logout(); return {}; },
    };
    const h = Object.hasOwn(handlers, method) ? handlers[method as keyof UpstoxMethods] : undefined;
    if (!h) throw new ApiError('bad_request', `unknown method '${method}'`);
    try {
      return await h(req);
    } catch (err) {
      const message = this.#redact((err as Error).message ?? String(err));
      throw err instanceof ApiError ? new ApiError(err.code, message) : new ApiError('internal', message);
    }
  }

  // ── persistence and logging ─────────────────────────────────────────────────────────────

  #redact(text: string): string {
    return redact(text, [this.#o.secrets.get(SECRET_NAMES.apiSecret), this.#session?.access_token]);
  }

  #log(level: 'info' | 'warn' | 'error', message: string): void {
    this.#o.log(level, `upstox: ${this.#redact(message)}`);
  }

  #readSettings(): Partial<StoredSettings> {
    let v: unknown;
    try {
      v = JSON.parse(readFileSync(this.#path, 'utf8')) as unknown;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return this.#badSettings(`is not readable JSON (${(err as Error).message})`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) return this.#badSettings(`is not a JSON object (found ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v})`);
    const { settings, errors } = mergeSettings(defaultSettings('http://127.0.0.1:7373'), v);
    if (errors.length) return this.#badSettings(`is invalid: ${errors.map((e) => e.message).join('; ')}`);
    const keys = Object.keys(v).filter((k) => k in settings) as (keyof StoredSettings)[];
    return Object.fromEntries(keys.map((k) => [k, settings[k]])) as Partial<StoredSettings>;
  }

  /** One line and a notice naming the file; the defaults are used and the file is left as it is. */
  #badSettings(what: string): Partial<StoredSettings> {
    this.#fileBad = true;
    const message = `Upstox settings file ${this.#path} ${what}; using the default settings, the file is kept as it is`;
    const action = 'fix the file and restart Optick, or save the settings in Settings → Upstox connection (the bad file is moved aside as upstox.json.corrupt-<time>)';
    if (this.#o.notices) this.#o.notices.add({ id: SETTINGS_NOTICE_ID, severity: 'error', source: 'upstox-settings', message: this.#redact(message), file: this.#path, action });
    else this.#log('error', `${message} — ${action}`);
    return {};
  }

  #writeSettings(): void {
    mkdirSync(dirname(this.#path), { recursive: true });
    if (this.#fileBad && existsSync(this.#path)) {
      const aside = `${this.#path}.corrupt-${this.#now()}`;
      renameSync(this.#path, aside);
      this.#log('warn', `kept the unusable ${this.#path} as ${aside} before saving`);
    }
    const tmp = `${this.#path}.${process.pid}.tmp`;
    const { redirect_uri, ...rest } = this.#settings;
    writeFileSync(tmp, `${JSON.stringify(this.#explicitRedirect ? { ...rest, redirect_uri } : rest, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.#path);
    if (this.#fileBad) this.#o.notices?.clear(SETTINGS_NOTICE_ID);
    this.#fileBad = false;
  }

  #readSession(): StoredSession | null {
    const raw = this.#o.secrets.get(SECRET_NAMES.session);
    if (!raw) return null;
    try {
      const s = JSON.parse(raw) as StoredSession;
      if (typeof s.access_token !== 'string' || !Number.isFinite(s.expires_at)) throw new Error('missing fields');
      return s;
    } catch (err) {
      const message = `the stored Upstox login is unreadable (${(err as Error).message}); it is not used`;
      if (this.#o.notices) this.#o.notices.add({ id: SESSION_NOTICE_ID, severity: 'warning', source: 'secrets', message, action: 'log in to Upstox again' });
      else this.#log('error', `${message}; log in again`);
      return null;
    }
  }
}

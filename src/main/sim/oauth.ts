// The simulator's side of Upstox login (protocols.md §1.11): the authorization dialog, which
// approves the configured app at once (302 to redirect_uri?code&state), and the token endpoint,
// which swaps a single-use code for an access token valid until 03:30 IST by the simulator's
// clock. Tokens it issued open the feed and authorize endpoints until they expire (then 401).
import { randomBytes } from 'node:crypto';
import { tokenExpiry } from '../engine/feeds/upstox/login.ts';
import { OneTimeCodes } from './one-time-codes.ts';

export interface SimOAuthOptions {
  /** The API key (client_id) of the one registered app. */
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs; empty = any http(s) URL on a loopback host. */
  redirectUris: readonly string[];
  /** The simulator's wall clock (token expiry). */
  now: () => number;
  /** Login codes live this long (monotonic ms), default 10 minutes. */
  codeTtlMs?: number;
}

export interface SimReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** Issued tokens kept at most (oldest forgotten first). */
const MAX_TOKENS = 1000;

export const SIM_ERRORS = {
  badClient: { code: 'UDAPI100068', message: 'Check your \'client_id\' and \'redirect_uri\'; one or both are incorrect.' },
  badCode: { code: 'UDAPI100057', message: 'Invalid Auth code' },
  badSecret: { code: 'UDAPI100069', message: 'Check your \'client_id\', \'client_secret\' and \'redirect_uri\'' },
  badGrant: { code: 'UDAPI100058', message: 'grant_type must be authorization_code' },
} as const;

export function upstoxErrorBody(e: { code: string; message: string }): string {
  return JSON.stringify({ status: 'error', errors: [{ errorCode: e.code, message: e.message, propertyPath: null, invalidValue: null, error_code: e.code, property_path: null, invalid_value: null }] });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class SimOAuth {
  readonly #o: SimOAuthOptions;
  /** code → the redirect_uri it was issued for. */
  readonly #codeRedirect = new Map<string, string>();
  readonly #codes: OneTimeCodes;
  /** token → expiry (epoch ms, simulator clock). */
  readonly #tokens = new Map<string, number>();
  logins = 0;

  constructor(o: SimOAuthOptions) {
    this.#o = o;
    this.#codes = new OneTimeCodes(o.codeTtlMs ?? 600_000);
  }

  #redirectAllowed(uri: string): boolean {
    if (this.#o.redirectUris.length > 0) return this.#o.redirectUris.includes(uri);
    try {
      const u = new URL(uri);
      return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK.has(u.hostname);
    } catch {
      return false;
    }
  }

  /** GET /v2/login/authorization/dialog?response_type=code&client_id&redirect_uri&state */
  dialog(query: URLSearchParams): SimReply {
    const redirect = query.get('redirect_uri') ?? '';
    if (query.get('client_id') !== this.#o.clientId || !this.#redirectAllowed(redirect)) {
      return { status: 400, headers: { 'Content-Type': 'application/json' }, body: upstoxErrorBody(SIM_ERRORS.badClient) };
    }
    const code = this.#codes.issue();
    if (this.#codeRedirect.size >= MAX_TOKENS) this.#codeRedirect.delete(this.#codeRedirect.keys().next().value!);
    this.#codeRedirect.set(code, redirect);
    const to = new URL(redirect);
    to.searchParams.set('code', code);
    const state = query.get('state');
    if (state !== null) to.searchParams.set('state', state);
    return { status: 302, headers: { Location: to.toString() }, body: '' };
  }

  /** POST /v2/login/authorization/token with form fields code, client_id, client_secret, redirect_uri, grant_type. */
  token(form: URLSearchParams): SimReply {
    const json = (status: number, body: string): SimReply => ({ status, headers: { 'Content-Type': 'application/json' }, body });
    if (form.get('grant_type') !== 'authorization_code') return json(400, upstoxErrorBody(SIM_ERRORS.badGrant));
    if (form.get('client_id') !== this.#o.clientId || form.get('client_secret') !== this.#o.clientSecret) {
      return json(401, upstoxErrorBody(SIM_ERRORS.badSecret));
    }
    const code = form.get('code') ?? '';
    const redirect = this.#codeRedirect.get(code);
    this.#codeRedirect.delete(code);
    // Single use: redeem consumes the code whatever the outcome.
    if (this.#codes.redeem(code) !== 'ok' || redirect === undefined || redirect !== form.get('redirect_uri')) {
      return json(400, upstoxErrorBody(SIM_ERRORS.badCode));
    }
    const issued = this.#o.now();
    const token = randomBytes(24).toString('base64url');
    if (this.#tokens.size >= MAX_TOKENS) this.#tokens.delete(this.#tokens.keys().next().value!);
    this.#tokens.set(token, tokenExpiry(issued));
    this.logins++;
    return json(200, JSON.stringify({
      email: 'trader@example.com', exchanges: ['NSE', 'NFO', 'BSE', 'CDS', 'BFO', 'MCX'], products: ['D', 'I', 'CO', 'MTF'],
      broker: 'UPSTOX', user_id: 'SIM001', user_name: 'Simulated Trader', order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
      user_type: 'individual', poa: false, is_active: true, access_token: token, extended_token: null,
    }));
  }

  /** True for a token this simulator issued that has not expired by its clock. */
  tokenValid(token: string): boolean {
    const expires = this.#tokens.get(token);
    return expires !== undefined && this.#o.now() < expires;
  }
}

// What the API token protects and how it may travel. Scripts send `Authorization: Bearer
// <token>`. A browser cannot set that header on a page load, an EventSource or a WebSocket,
// so there — and only there — `?token=` is accepted too. The first page load with a valid
// `?token=` sets an HttpOnly, SameSite=Strict session cookie (the UI then strips the token
// from the address bar), and from then on the page, its WebSocket and its EventSource
// authenticate with the cookie. The cookie holds a value derived from the token (HMAC), not
// the token itself, and is named after the port so two Optick servers do not overwrite each other.
import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { tokenMatches } from '../api-token.ts';
import type { Auth } from './router.ts';

export class ApiAuth {
  readonly #token: string;
  readonly #cookieValue: string;
  readonly #port: () => number;

  constructor(token: string, port: () => number) {
    this.#token = token;
    this.#port = port;
    this.#cookieValue = createHmac('sha256', token).update('optick browser session v1').digest('base64url');
  }

  get cookieName(): string {
    return `optick-token-${this.#port()}`;
  }

  /** Whether the request carries the token in a way `auth` accepts. */
  allows(req: IncomingMessage, query: URLSearchParams, auth: Auth): boolean {
    if (auth === 'public') return true;
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ') && tokenMatches(this.#token, header.slice(7).trim())) return true;
    if (tokenMatches(this.#cookieValue, this.#cookieOf(req))) return true;
    return auth === 'token-or-query' && this.queryTokenValid(query);
  }

  queryTokenValid(query: URLSearchParams): boolean {
    return tokenMatches(this.#token, query.get('token'));
  }

  /** The Set-Cookie header of a page load that brought a valid `?token=`. */
  sessionCookie(): string {
    return `${this.cookieName}=${this.#cookieValue}; HttpOnly; SameSite=Strict; Path=/`;
  }

  #cookieOf(req: IncomingMessage): string | null {
    const header = req.headers.cookie;
    if (!header) return null;
    const name = this.cookieName;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
    }
    return null;
  }
}

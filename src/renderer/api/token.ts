// The API token of browser mode: it arrives once as ?token= in the page URL (the server
// host prints that URL), is kept in sessionStorage so reloads work, and is stripped from
// the address bar so it does not linger in history or screenshots.

export const TOKEN_STORAGE_KEY = 'optick.token';

export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface TakenToken {
  token: string | null;
  /** The page URL without the token, or null when the URL had none (nothing to replace). */
  cleanHref: string | null;
}

/** Reads the token from `href` (preferred, then stored) and returns the URL to show instead. */
export function takeToken(href: string, storage: TokenStorage): TakenToken {
  const url = new URL(href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    return { token: fromUrl, cleanHref: url.toString() };
  }
  return { token: storage.getItem(TOKEN_STORAGE_KEY), cleanHref: null };
}

/** The WebSocket address of the host that served the page: same host, ws or wss by the page's scheme. */
export function socketUrl(location: { protocol: string; host: string }, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}://${location.host}/ws${query}`;
}

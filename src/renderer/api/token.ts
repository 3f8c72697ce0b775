// The API token of browser mode. It arrives once as ?token= in the page URL (the server host
// prints that URL); the server answers that page load with an HttpOnly, SameSite=Strict
// session cookie, so the page never keeps the token: it strips it from the address bar (no
// token in history, bookmarks or screenshots) and the WebSocket, EventSource streams and
// downloads authenticate with the cookie, which scripts on the page cannot read.

/** The page URL without `?token=`, or null when it has none (nothing to replace). */
export function strippedTokenHref(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return null;
  url.searchParams.delete('token');
  return url.toString();
}

/** The WebSocket address of the host that served the page: same host, ws or wss by the page's scheme; the cookie authenticates it. */
export function socketUrl(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws`;
}

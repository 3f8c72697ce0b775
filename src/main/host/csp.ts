// The renderer's Content-Security-Policy, one definition for the meta tag's page and both hosts:
// the server host sends it as a header with a fresh nonce per page load, the Electron host the
// same for its file:// page. Styles only from the app's files or carrying the page's nonce (AG
// Grid's injected theme CSS, via its styleNonce option); scripts only from the app's files (no
// inline script, no eval); connections only to the app's own origin (its API and WebSocket).
import { randomBytes } from 'node:crypto';

/** What the build leaves in index.html (vite's html.cspNonce) for a host to replace per load. */
export const NONCE_PLACEHOLDER = '__OPTICK_NONCE__';

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The page's policy. `connect` adds origins beyond 'self' (the server host names its own ws:// origin). */
export function rendererCsp(nonce: string, connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Every other answer (JSON, the broker-login callback page): nothing loads; inline style for that page only. */
export const API_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** index.html with the build's placeholder nonce (meta CSP, meta csp-nonce, tags) replaced by this load's. */
export function pageWithNonce(html: string, nonce: string): string {
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error('a CSP nonce is base64');
  return html.split(NONCE_PLACEHOLDER).join(nonce);
}

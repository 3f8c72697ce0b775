// Issue 12 in a real browser: the renderer's Content-Security-Policy comes as a header (with a
// fresh nonce per load) and as the meta tag; AG Grid's injected theme CSS carries the nonce, so
// the grid renders with no style-src 'unsafe-inline'; an injected inline script does not run (not
// even with a guessed nonce), and a fetch to another origin is blocked before it leaves the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startOptick, stopOptick, type OptickServer } from './optick-serve.ts';

const TOKEN = 'e2e-csp-token-0123456789';

interface Violation { directive: string; blocked: string }
/** The page globals these checks use (e2e is typechecked without the DOM lib). */
interface PageGlobal {
  __violations: Violation[];
  __inlineRan?: boolean;
  document: {
    addEventListener(type: string, l: (e: { effectiveDirective: string; blockedURI: string }) => void): void;
    createElement(tag: string): { textContent: string; setAttribute(k: string, v: string): void };
    head: { appendChild(el: unknown): void };
    querySelector(sel: string): { nonce?: string; getAttribute(k: string): string | null } | null;
    querySelectorAll(sel: string): ArrayLike<{ nonce?: string; textContent: string | null }>;
  };
  fetch(url: string): Promise<unknown>;
}

let server: OptickServer | null = null;
let browser: Browser | null = null;
let other: Server | null = null;
let otherHits = 0;
let otherUrl = '';
let base = '';

before(async () => {
  server = await startOptick(TOKEN);
  base = new URL(server.url).origin;
  other = createServer((_req, res) => { otherHits++; res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }); res.end('{}'); });
  await new Promise<void>((r) => other!.listen(0, '127.0.0.1', () => r()));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/exfiltrate`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (other ? other.close(r) : r(null)));
  await stopOptick(server);
});

const nonceOf = (csp: string) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];

test('the page comes with the CSP as a header and as the meta tag, a fresh nonce each load', async () => {
  const a = await fetch(`${base}/`), b = await fetch(`${base}/`);
  const csp = a.headers.get('content-security-policy') ?? '';
  for (const directive of ["script-src 'self'", "default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", `connect-src 'self' ws://127.0.0.1:${new URL(base).port}`]) {
    assert.ok(csp.includes(directive), `${directive} in ${csp}`);
  }
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  const nonce = nonceOf(csp)!;
  assert.ok(nonce && nonce.length >= 22, 'a nonce of at least 128 bits');
  assert.notEqual(nonceOf(b.headers.get('content-security-policy') ?? ''), nonce, 'a new nonce per load');
  const html = await a.text();
  assert.ok(html.includes(`<meta property="csp-nonce" nonce="${nonce}">`), 'the nonce for AG Grid');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.ok(meta.includes(`style-src 'self' 'nonce-${nonce}'`) && meta.includes("script-src 'self'"), meta);
  assert.doesNotMatch(meta, /unsafe-inline|unsafe-eval/);
  assert.ok(!html.includes('__OPTICK_NONCE__'), 'no placeholder left');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script in the page');
  const api = await fetch(`${base}/api/underlyings`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.match(api.headers.get('content-security-policy') ?? '', /^default-src 'none'/, 'API answers load nothing');
});

let shared: Page | null = null;
/** One page for the in-browser checks, opened once (the chain loaded under the policy). */
async function openPage(): Promise<Page> {
  if (shared) return shared;
  const page = await browser!.newPage({ viewport: { width: 1600, height: 900 } });
  page.on('console', (msg) => { if (msg.type() === 'error') console.error('page console:', msg.text()); });
  await page.addInitScript(() => {
    const g = globalThis as unknown as PageGlobal;
    g.__violations = [];
    g.document.addEventListener('securitypolicyviolation', (e) => g.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
  });
  await page.goto(server!.url);
  // As loadChain, with room for a loaded CI machine (the chain streams under the policy either way).
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 60_000 });
  shared = page;
  return page;
}

test('the app runs under the policy: AG Grid styles carry the nonce, nothing is refused', async () => {
  const page = await openPage();
  const r = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobal;
    const meta = g.document.querySelector('meta[property="csp-nonce"]');
    const styles = Array.from(g.document.querySelectorAll('style'));
    return { nonce: meta?.nonce ?? '', styles: styles.map((s) => ({ nonce: s.nonce ?? '', ag: (s.textContent ?? '').includes('.ag-') })), violations: g.__violations };
  });
  assert.ok(r.nonce.length > 0);
  const ag = r.styles.filter((s) => s.ag);
  assert.ok(ag.length > 0, 'AG Grid injected its theme CSS');
  for (const s of r.styles) assert.equal(s.nonce, r.nonce, 'every <style> carries the page nonce');
  assert.deepEqual(r.violations, [], 'no resource of the app is refused');
});

test('an injected inline script does not run, not even with a guessed nonce', async () => {
  const page = await openPage();
  const r = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobal;
    const s = g.document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    g.document.head.appendChild(s);
    const forged = g.document.createElement('script');
    forged.setAttribute('nonce', 'guessed');
    forged.textContent = 'window.__inlineRan = true';
    g.document.head.appendChild(forged);
    return { ran: g.__inlineRan === true };
  });
  assert.equal(r.ran, false);
  await page.waitForFunction(() => (globalThis as unknown as PageGlobal).__violations.filter((v) => v.directive === 'script-src-elem').length >= 2, undefined, { timeout: 5000 });
});

test('a fetch to another origin is blocked in the page: the other server never hears of it', async () => {
  const page = await openPage();
  const outcome = await page.evaluate((url) => (globalThis as unknown as PageGlobal).fetch(url).then(() => 'fetched', (e: Error) => e.name), otherUrl);
  assert.equal(outcome, 'TypeError');
  await page.waitForFunction(() => (globalThis as unknown as PageGlobal).__violations.some((v) => v.directive === 'connect-src'), undefined, { timeout: 5000 });
  const violations = await page.evaluate(() => (globalThis as unknown as PageGlobal).__violations);
  assert.ok(violations.some((v) => v.directive === 'connect-src' && v.blocked.startsWith('http://127.0.0.1:')), JSON.stringify(violations));
  assert.equal(otherHits, 0);
  // …while the app's own API on its own origin answers (the page already streams over its WebSocket).
  const own = await page.evaluate((u) => (globalThis as unknown as PageGlobal).fetch(u).then((r) => (r as { status: number }).status, (e: Error) => e.name), `${base}/health`);
  assert.equal(own, 200);
});

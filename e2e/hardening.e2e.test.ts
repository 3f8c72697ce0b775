// Issue 10 in a real browser: a page on another origin cannot end Optick with one <img>, and
// the API token travels as the issue says (page URL once → HttpOnly cookie, address bar clean).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, RESULTS, startOptick, stopOptick, type OptickServer } from './optick-serve.ts';

const TOKEN = 'e2e-hardening-token';

/** The bit of the page's globals the in-page checks use (e2e is typechecked without the DOM lib). */
interface PageGlobal { document: { title: string; cookie: string; body: { dataset: Record<string, string | undefined> } }; sessionStorage: object; localStorage: object }
let server: OptickServer | null = null;
let browser: Browser | null = null;
let foreign: Server | null = null;
let base = '';

/** The NIFTY chain's 41 rows on screen; waits sized for a loaded 2-core box. */
async function loadChain(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 60_000 });
}

before(async () => {
  server = await startOptick(TOKEN);
  base = new URL(server.url).origin;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (foreign ? foreign.close(r) : r(null)));
  await stopOptick(server);
});

test('a page on another origin embedding <img src=".../%E0%A4%A"> does not end the server', async () => {
  // The hostile page: a second loopback server (another origin) whose page loads the crash URL.
  foreign = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>elsewhere</title>
<img id="bad" src="${base}/%E0%A4%A" onerror="document.title='img-error'" onload="document.title='img-load'">
<img id="bad2" src="${base}/api/option-chain/%E0%A4%A" onerror="document.body.dataset.second='done'">`);
  });
  await new Promise<void>((r) => foreign!.listen(0, '127.0.0.1', () => r()));
  const foreignUrl = `http://localhost:${(foreign.address() as AddressInfo).port}/`;
  const page = await browser!.newPage();
  // Chromium's opaque-response blocking hides a JSON answer from an <img> (ERR_BLOCKED_BY_ORB),
  // which it can only do once the answer's headers arrived; a crashed server gives a reset.
  const outcomes: string[] = [];
  page.on('response', (r) => { if (r.url().startsWith(base)) outcomes.push(`answered ${r.status()}`); });
  page.on('requestfailed', (r) => { if (r.url().startsWith(base)) outcomes.push(r.failure()?.errorText ?? 'failed'); });
  await page.goto(foreignUrl);
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as PageGlobal;
    return document.title === 'img-error' && document.body.dataset.second === 'done';
  }, undefined, { timeout: 15_000 });
  for (let i = 0; i < 50 && outcomes.length < 2; i++) await page.waitForTimeout(100);
  assert.equal(outcomes.length, 2, outcomes.join(', '));
  for (const o of outcomes) assert.ok(o === 'answered 400' || o === 'net::ERR_BLOCKED_BY_ORB', `each request was answered: ${outcomes.join(', ')}`);
  await page.close();

  assert.equal(server!.child.exitCode, null, 'the server process is still running');
  assert.deepEqual(await (await fetch(`${base}/health`)).json(), { status: 'ok' });
  const chain = await fetch(`${base}/api/option-chain/NIFTY`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(chain.status, 200, 'the chain is still served');
  // And the UI still works in the same browser.
  const ui = await browser!.newPage({ viewport: { width: 1600, height: 900 } });
  await ui.goto(server!.url);
  await loadChain(ui);
  await ui.screenshot({ path: join(RESULTS, 'hardening-after-foreign-img.png') });
  await ui.close();
});

test('the token in the page URL becomes an HttpOnly SameSite=Strict cookie and leaves the address bar', async () => {
  const context = await browser!.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  await page.goto(server!.url);
  await loadChain(page);
  assert.equal(new URL(page.url()).searchParams.has('token'), false, 'stripped from the address bar');
  assert.ok(!(await page.evaluate(() => { const g = globalThis as unknown as PageGlobal; return JSON.stringify(g.sessionStorage) + JSON.stringify(g.localStorage); })).includes(TOKEN), 'not kept in web storage');
  const cookies = await context.cookies(base);
  const session = cookies.find((c) => c.name.startsWith('optick-token-'));
  assert.ok(session, JSON.stringify(cookies));
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(session.path, '/');
  assert.ok(!session.value.includes(TOKEN));
  assert.equal(await page.evaluate(() => (globalThis as unknown as PageGlobal).document.cookie), '', 'scripts on the page cannot read it');

  // A reload has no token in the URL: the page, its WebSocket and API reads work with the cookie.
  await page.reload();
  await loadChain(page);
  // Live deltas keep coming over the cookie-authenticated WebSocket (generous wait: a loaded box).
  const grid = await page.textContent('[data-testid=chain-grid]');
  await page.waitForFunction((prev) => {
    const { document } = globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } };
    return document.querySelector('[data-testid=chain-grid]')?.textContent !== prev;
  }, grid, { timeout: 60_000, polling: 100 });
  assert.equal(await page.evaluate(async () => (await fetch('/api/underlyings')).status), 200);
  assert.equal(await page.evaluate(async (t) => (await fetch(`/api/underlyings?token=${t}`, { credentials: 'omit' })).status, TOKEN), 401, '?token= on /api is not accepted');
  await context.close();

  // A browser that never had the token gets the page but no data.
  const stranger = await browser!.newContext();
  const p2 = await stranger.newPage();
  await p2.goto(base);
  assert.equal(await p2.evaluate(async () => (await fetch('/api/underlyings')).status), 401);
  await stranger.close();
});

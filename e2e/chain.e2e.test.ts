// Browser mode end to end: the real CLI serves the built renderer on the simulator; headless
// Chromium loads it and checks the NIFTY chain, live updates and a switch to BANKNIFTY.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = join(ROOT, 'test-results');
const TOKEN = 'e2e-token';

let server: ChildProcess | null = null;
let browser: Browser | null = null;
let page: Page;
let dataDir = '';
let url = '';

/** The bit of the DOM the in-page checks use (this file is typechecked without the DOM lib). */
interface PageDocument {
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
}
type PageGlobal = { document: PageDocument };

/** Starts `optick serve --port 0` and resolves with the URL it prints. */
function startServer(): Promise<string> {
  dataDir = mkdtempSync(join(tmpdir(), 'optick-e2e-'));
  // process.execPath is the runner's Node 24; spawning it directly (not via npx) means
  // the pid we kill is the server itself.
  const child = spawn(process.execPath, ['bin/optick.mjs', 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT, env: { ...process.env, OPTICK_API_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let output = '';
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`optick serve printed no URL within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Optick is serving on (\S+)/.exec(output);
      if (m) { clearTimeout(timer); resolveUrl(m[1]!); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`optick serve exited with ${code} before serving:\n${output}`)); });
  });
}

/** Strikes of the grid rows in the DOM, in row order. */
async function gridStrikes(p: Page): Promise<number[]> {
  return p.$$eval('[data-testid=chain-grid] .ag-row', (rows) =>
    rows
      .map((r) => ({ index: Number(r.getAttribute('row-index')), text: r.querySelector('[col-id=strike]')?.textContent ?? '' }))
      .sort((a, b) => a.index - b.index)
      .map((r) => Number(r.text.replace(/,/g, ''))));
}

before(async () => {
  assert.ok(existsSync(join(ROOT, 'out/renderer/index.html')), 'the renderer is not built: run `npx vite build --config vite.renderer.config.ts` (npm run test:e2e does)');
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  mkdirSync(RESULTS, { recursive: true });
  url = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1680, height: 1050 } });
  page.on('pageerror', (err) => console.error('page error:', err));
  page.on('console', (msg) => { if (msg.type() === 'error') console.error('page console:', msg.text()); });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('NIFTY chain: 41 rows, ATM highlighted, token stripped from the address bar', async () => {
  await page.goto(url);
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 15_000 });
  assert.equal(await page.inputValue('[data-testid=underlying-select]'), 'NIFTY');
  assert.equal(new URL(page.url()).searchParams.has('token'), false);

  const atmText = (await page.textContent('[data-testid=atm-strike]'))?.trim() ?? '';
  const atmRow = page.locator('[data-testid=chain-grid] .ag-row.row-atm');
  assert.equal(await atmRow.count(), 1, 'exactly one ATM row');
  assert.equal((await atmRow.locator('[col-id=strike]').textContent())?.trim(), atmText);
  assert.equal((await atmRow.locator('[col-id=tag]').textContent())?.trim(), 'ATM');
  const strikes = await gridStrikes(page);
  assert.equal(strikes.length, 41);
  assert.ok(strikes.every((s, i) => i === 0 || s - strikes[i - 1]! === 50), `NIFTY strikes 50 apart: ${strikes.join(' ')}`);
  assert.match((await page.textContent('[data-testid=underlying-ltp]')) ?? '', /^\d{1,2},\d{3}\.\d{2}$/);
  await page.screenshot({ path: join(RESULTS, 'chain-nifty.png') });
});

test('values in the grid change within 2 s', async () => {
  const before = await page.textContent('[data-testid=chain-grid] .ag-grid-scrolling-container');
  await page.waitForFunction(
    (prev) => (globalThis as unknown as PageGlobal).document.querySelector('[data-testid=chain-grid] .ag-grid-scrolling-container')?.textContent !== prev,
    before, { timeout: 2000, polling: 50 },
  );
  const ticks = (await page.textContent('[data-testid=ticks-per-s]'))?.trim();
  assert.notEqual(ticks, '—', 'ticks/s is reported');
});

test('switching to BANKNIFTY shows its chain with strikes 100 apart', async () => {
  await page.selectOption('[data-testid=underlying-select]', 'BANKNIFTY');
  await page.waitForFunction(() => {
    const cells = Array.from((globalThis as unknown as PageGlobal).document.querySelectorAll('[data-testid=chain-grid] .ag-row [col-id=strike]'));
    const s = cells.map((c) => Number((c.textContent ?? '').replace(/,/g, ''))).sort((a, b) => a - b);
    return s.length === 41 && s.every((v, i) => i === 0 || v - s[i - 1]! === 100);
  }, undefined, { timeout: 15_000 });
  const strikes = await gridStrikes(page);
  assert.equal(strikes.length, 41);
  assert.ok(strikes.every((s, i) => i === 0 || s - strikes[i - 1]! === 100), `BANKNIFTY strikes in order 100 apart: ${strikes.join(' ')}`);
  assert.equal(await page.locator('[data-testid=chain-grid] .ag-row.row-atm').count(), 1);
  await page.screenshot({ path: join(RESULTS, 'chain-banknifty.png') });
});

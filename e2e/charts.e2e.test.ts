// Charts, CSV export (and the absent replay bar) end to end in browser mode on the simulator.
// The host runs in this process so its candle session can span the whole IST day: the simulator
// stamps ticks with the real clock, and NSE hours would leave a night-time run without bars.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { silentLogger } from '../src/main/engine/log.ts';
import { startRuntime } from '../src/main/host/runtime.ts';
import type { OptickRuntime } from '../src/main/host/runtime.ts';
import { startServerHost } from '../src/main/host/server.ts';
import type { ServerHost } from '../src/main/host/server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = join(ROOT, 'test-results');
const TOKEN = 'e2e-charts-token';

let runtime: OptickRuntime | null = null;
let host: ServerHost | null = null;
let browser: Browser | null = null;
let page: Page;
let dataDir = '';

interface PageDocument { querySelector(selector: string): { textContent: string | null } | null }
type PageGlobal = { document: PageDocument };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 00:00–23:59 IST; waits out the last minutes before IST midnight, where the day would roll. */
async function allDayIst() {
  const istMs = (Date.now() + 19_800_000) % 86_400_000;
  if (86_400_000 - istMs < 120_000) await sleep(86_400_000 - istMs + 5_000);
  return { timeZone: 'Asia/Kolkata', open: '00:00', close: '23:59' };
}

const card = (symbol: string): Locator => page.locator(`[data-testid=chart-card][data-symbol="${symbol}"]`);

/** Picks an interval with whichever control the card shows at its width (buttons, or a select when narrow). */
async function pickInterval(c: Locator, interval: string): Promise<void> {
  const select = c.locator('[data-testid=chart-interval]');
  if (await select.isVisible()) await select.selectOption(interval);
  else await c.locator(`[data-testid=chart-interval-${interval}]`).click();
}

const legendClose = (symbol: string) => `[data-testid=chart-card][data-symbol="${symbol}"] [data-testid=legend-close]`;
const PRICE = /^\d{1,3}(,\d{2})*(,\d{3})?\.\d{2}$|^\d{1,3}\.\d{2}$/;

before(async () => {
  assert.ok(existsSync(join(ROOT, 'out/renderer/index.html')), 'the renderer is not built: run `npx vite build --config vite.renderer.config.ts` (npm run test:e2e does)');
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  mkdirSync(RESULTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'optick-e2e-charts-'));
  runtime = await startRuntime({
    dataDir, feed: { kind: 'sim', seed: 5, rate: 1500 }, underlyings: ['NIFTY'], pricingWorkers: 1,
    history: { session: await allDayIst(), store: { batchMs: 100 } },
  }, silentLogger);
  host = await startServerHost({ engine: runtime.engine, hours: runtime.hours.api, token: TOKEN, port: 0, rendererDir: join(ROOT, 'out/renderer') });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1680, height: 1050 } });
  page.on('pageerror', (err) => console.error('page error:', err));
  page.on('console', (msg) => { if (msg.type() === 'error') console.error('page console:', msg.text()); });
  await page.goto(`${host.url}/?token=${TOKEN}`);
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 15_000 });
});

after(async () => {
  await browser?.close();
  await host?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('NIFTY chart: candles draw, the legend shows OHLCV and the live close moves', async () => {
  assert.equal(await page.locator('[data-testid=replay-bar]').count(), 0, 'no replay bar outside replay');
  await page.click('[data-testid=chart-underlying]');
  const nifty = card('NIFTY');
  await nifty.waitFor({ timeout: 5000 });
  await pickInterval(nifty, '1s');
  await nifty.locator('[data-testid=chart-canvas] canvas').first().waitFor({ timeout: 5000 });
  await page.waitForFunction((sel) => /\d\.\d{2}$/.test((globalThis as unknown as PageGlobal).document.querySelector(sel)?.textContent ?? ''), legendClose('NIFTY'), { timeout: 10_000 });
  const first = (await page.textContent(legendClose('NIFTY')))?.trim() ?? '';
  assert.match(first, PRICE);
  await page.waitForFunction(
    ([sel, prev]) => { const t = (globalThis as unknown as PageGlobal).document.querySelector(sel!)?.textContent ?? ''; return t !== prev && /\d\.\d{2}$/.test(t); },
    [legendClose('NIFTY'), first], { timeout: 8000, polling: 100 },
  );
  for (const field of ['open', 'high', 'low', 'volume']) {
    assert.notEqual((await nifty.locator(`[data-field=${field}]`).textContent())?.trim(), '—', `${field} shown`);
  }
});

test('clicking a call in the chain opens its chart; intervals switch; charts close', async () => {
  const ltp = page.locator('[data-testid=chain-grid] .ag-row.row-atm [col-id="ce.ltp"]');
  await ltp.click();
  const option = page.locator('[data-testid=chart-card][data-symbol$=CE]');
  await option.waitFor({ timeout: 5000 });
  const symbol = (await option.getAttribute('data-symbol')) ?? '';
  assert.match(symbol, /^NIFTY\d{2}[A-Z]{3}\d{2}\d+CE$/);
  const title = option.locator('[data-testid=chart-title]');
  assert.equal(await title.getAttribute('title'), symbol);
  assert.ok(((await title.textContent()) ?? '').includes(symbol), 'the title names the option symbol');
  await pickInterval(option, '5s');
  await page.waitForFunction((sel) => /\d\.\d{2}$/.test((globalThis as unknown as PageGlobal).document.querySelector(sel)?.textContent ?? ''), legendClose(symbol), { timeout: 10_000 });
  const select = option.locator('[data-testid=chart-interval]');
  assert.equal(await select.inputValue(), '5s');
  assert.equal(await page.locator('[data-testid=chart-card]').count(), 2);
  await page.screenshot({ path: join(RESULTS, 'charts.png') });

  await option.locator('[data-testid=chart-close]').click();
  await option.waitFor({ state: 'detached', timeout: 3000 });
  assert.equal(await page.locator('[data-testid=chart-card]').count(), 1);
});

test('CSV export of the chain\'s candles runs to done and names the file', async () => {
  await page.click('[data-testid=dock-tab-export]');
  await page.click('[data-testid=export-kind-candles]');
  await page.selectOption('[data-testid=export-interval]', '5s');
  await page.click('[data-testid=export-start]');
  await page.waitForSelector('[data-testid=export-progress][data-state=done]', { timeout: 15_000 });
  const file = (await page.textContent('[data-testid=export-file]'))?.trim() ?? '';
  assert.ok(file.startsWith(join(dataDir, 'exports')) && file.endsWith('.csv'), `file under the data dir: ${file}`);
  assert.match((await page.textContent('[data-testid=export-rows]')) ?? '', /^[\d,]+ rows$/);
  const href = (await page.getAttribute('[data-testid=export-download]', 'href')) ?? '';
  assert.match(href, /^\/api\/export\/candles\.csv\?.*interval=5s.*token=/);
  await page.screenshot({ path: join(RESULTS, 'charts-export.png') });
});

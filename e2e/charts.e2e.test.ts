// Charts, CSV export (and the absent replay bar) end to end in browser mode: the real CLI on
// the simulator, whose candles cover the whole IST day, so the test runs at any hour.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { closeWorkstation, loadChain, openWorkstation, RESULTS, type Workstation } from './optick-serve.ts';

const TOKEN = 'e2e-charts-token';

let ws: Workstation | null = null;
let page: Page;

interface PageDocument { querySelector(selector: string): { textContent: string | null } | null }
type PageGlobal = { document: PageDocument };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits out the last minutes before IST midnight, where the simulator's candle day rolls over. */
async function awayFromIstMidnight(): Promise<void> {
  const istMs = (Date.now() + 19_800_000) % 86_400_000;
  if (86_400_000 - istMs < 120_000) await sleep(86_400_000 - istMs + 5_000);
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
  await awayFromIstMidnight();
  ws = await openWorkstation(TOKEN, { width: 1680, height: 1050 });
  page = ws.page;
  await page.goto(ws.server.url);
  await loadChain(page);
});

after(async () => {
  await closeWorkstation(ws);
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
  assert.ok(file.startsWith(join(ws!.server.dataDir, 'exports')) && file.endsWith('.csv'), `file under the data dir: ${file}`);
  assert.match((await page.textContent('[data-testid=export-rows]')) ?? '', /^[\d,]+ rows$/);
  const href = (await page.getAttribute('[data-testid=export-download]', 'href')) ?? '';
  assert.match(href, /^\/api\/export\/candles\.csv\?.*interval=5s/);
  assert.ok(!href.includes('token='), 'the download authenticates with the session cookie, not a token in the URL');
  const download = await page.evaluate(async (h) => { const r = await fetch(h); return { status: r.status, type: r.headers.get('content-type'), head: (await r.text()).split('\n')[0] }; }, href);
  assert.equal(download.status, 200, 'the cookie alone downloads the export');
  assert.match(download.type ?? '', /text\/csv/);
  assert.match(download.head ?? '', /time/, 'a CSV header row');
  await page.screenshot({ path: join(RESULTS, 'charts-export.png') });
});

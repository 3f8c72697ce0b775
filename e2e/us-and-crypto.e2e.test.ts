// One browser session on `optick serve --feed sim,massive,json` (the simulators, no account):
// the NIFTY chain (Upstox protocol) and the SPY chain (Massive: OCC symbols, lot 100, FMV beside
// our model value) in the same page, switching back and forth; BTC-PERP (no option chain) in the
// Prices tab with its trades, and its candlestick chart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, RESULTS, startOptick, stopOptick, type OptickServer } from './optick-serve.ts';

const TOKEN = 'e2e-us-crypto-token';
let server: OptickServer | null = null;
let browser: Browser | null = null;
let page: Page;

type PageGlobal = { document: { querySelector(s: string): { textContent: string | null } | null; querySelectorAll(s: string): { length: number } } };

before(async () => {
  server = await startOptick(TOKEN, undefined, ['--feed', 'sim,massive,json', '--rate', '600']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1680, height: 1050 } });
  page.on('pageerror', (err) => console.error('page error:', err));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 40_000 });
});

after(async () => {
  await browser?.close();
  await stopOptick(server);
});

/** Waits until a chain cell of the grid shows an option symbol matching `re`. */
async function chainOf(underlying: string): Promise<void> {
  await page.selectOption('[data-testid=underlying-select]', underlying);
  await page.waitForFunction((u) => (globalThis as unknown as PageGlobal).document.querySelector('.quote .stat-label')?.textContent === u, underlying, { timeout: 40_000 });
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 40_000 });
  // IV has landed on some row (pricing ran on this chain).
  await page.waitForFunction(() => /\d+\.\d{2}%/.test((globalThis as unknown as PageGlobal).document.querySelector('[data-testid=chain-grid]')?.textContent ?? ''), undefined, { timeout: 40_000 });
}

test('a NIFTY chain and a SPY chain in the same session', async () => {
  const names = await page.locator('[data-testid=underlying-select] option').allTextContents();
  assert.ok(names.includes('NIFTY') && names.includes('SPY'), names.join(','));
  assert.ok(!names.includes('BTC-PERP'), 'a perpetual has no chain: it is not offered here');
  await chainOf('NIFTY');
  const nifty = await page.textContent('[data-testid=underlying-ltp]');
  assert.match(nifty ?? '', /^2\d,\d{3}\.\d{2}$/);
  await chainOf('SPY');
  const spy = Number((await page.textContent('[data-testid=underlying-ltp]'))!.replace(/,/g, ''));
  assert.ok(spy > 400 && spy < 800, `SPY ${spy}`);
  const lot = await page.textContent('.app-header');
  assert.match(lot ?? '', /100/, 'lot 100 in the header');
  await page.screenshot({ path: join(RESULTS, 'us-spy-chain.png') });
  await chainOf('NIFTY');
  await chainOf('SPY');
});

test('SPY: the FMV column from the feed beside our model value', async () => {
  const chain = await page.evaluate(async (token) => {
    const r = await fetch('/api/option-chain/SPY', { headers: { Authorization: `Bearer ${token}` } });
    return r.json() as Promise<{ options: { tag: string; ce_data: { symbol: string; broker_fmv: number | null; model_value: number | null } | null }[] }>;
  }, TOKEN);
  const atm = chain.options.find((r) => r.tag === 'ATM')!.ce_data!;
  assert.match(atm.symbol, /^SPY\d{6}C\d{8}$/);
  assert.ok(atm.broker_fmv !== null && atm.model_value !== null, JSON.stringify(atm));
  assert.ok(Math.abs(atm.model_value - atm.broker_fmv) < 1, JSON.stringify(atm));
  // Turn on the Model and FMV columns: they show beside IV on both sides.
  await page.click('[data-testid=column-chooser]');
  await page.check('[data-testid=column-model_value]');
  await page.check('[data-testid=column-broker_fmv]');
  // At this width the grid may have no room for them: "no room · show" puts them ahead of others.
  for (const key of ['model_value', 'broker_fmv']) {
    const show = page.locator(`[data-testid=column-show-${key}]`);
    if (await show.count()) await show.click();
  }
  await page.click('[data-testid=column-chooser]');
  await page.waitForSelector('.ag-header-cell[col-id="ce.broker_fmv"]', { timeout: 10_000 });
  await page.waitForSelector('.ag-header-cell[col-id="pe.model_value"]', { timeout: 10_000 });
});

test('BTC-PERP: price, book and trades in the Prices tab, then its chart', async () => {
  await page.click('[data-testid=rail-prices]');
  await page.waitForSelector('[data-testid=prices-panel]', { timeout: 5000 });
  await page.waitForFunction(() => (globalThis as unknown as PageGlobal).document.querySelectorAll('[data-testid=prices-trades] tbody tr').length >= 3, undefined, { timeout: 40_000 });
  const ltp = Number((await page.textContent('[data-testid=prices-ltp]'))!.replace(/,/g, ''));
  assert.ok(ltp > 50_000 && ltp < 200_000, `BTC ${ltp}`);
  const bid = Number((await page.textContent('[data-testid=prices-bid]'))!.replace(/,/g, ''));
  const ask = Number((await page.textContent('[data-testid=prices-ask]'))!.replace(/,/g, ''));
  assert.ok(bid < ask, `${bid} < ${ask}`);
  await page.click('[data-testid=prices-chart]');
  const card = page.locator('[data-testid=chart-card][data-symbol="BTC-PERP"]');
  await card.waitFor({ timeout: 10_000 });
  const select = card.locator('[data-testid=chart-interval]');
  if (await select.isVisible()) await select.selectOption('1s');
  else await card.locator('[data-testid=chart-interval-1s]').click();
  await card.locator('[data-testid=chart-canvas] canvas').first().waitFor({ timeout: 10_000 });
  const close = '[data-testid=chart-card][data-symbol="BTC-PERP"] [data-testid=legend-close]';
  await page.waitForFunction((sel) => /\d/.test((globalThis as unknown as PageGlobal).document.querySelector(sel)?.textContent ?? ''), close, { timeout: 40_000 });
  const first = (await page.textContent(close))!.trim();
  await page.waitForFunction(([sel, prev]) => { const t = (globalThis as unknown as PageGlobal).document.querySelector(sel!)?.textContent ?? ''; return /\d/.test(t) && t.trim() !== prev; }, [close, first] as const, { timeout: 40_000 });
  await page.screenshot({ path: join(RESULTS, 'crypto-perp-chart.png') });
});

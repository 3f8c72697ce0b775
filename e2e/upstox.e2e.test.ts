// The Upstox connection panel end to end in browser mode on the simulator: it says the run is
// on the built-in simulator and shows the keys subscribed per mode against the limits; a bad
// setting is refused at its field; good settings persist across a reload without the secret.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, RESULTS, startOptick, stopOptick } from './optick-serve.ts';
import type { OptickServer } from './optick-serve.ts';

const TOKEN = 'e2e-upstox-token';
const SECRET = 'e2e-secret-5f3a9c';

let server: OptickServer | null = null;
let browser: Browser | null = null;
let page: Page;

async function openPanel(p: Page): Promise<void> {
  await p.click('[data-testid=open-settings]');
  await p.click('[data-testid=settings-upstox]');
  await p.waitForSelector('[data-testid=upstox-mode][data-mode=simulator]', { timeout: 10_000 });
  await p.waitForSelector('[data-testid=upstox-input-api_key]');
}

before(async () => {
  server = await startOptick(TOKEN);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1680, height: 1050 } });
  page.on('pageerror', (err) => console.error('page error:', err));
});

after(async () => {
  await browser?.close();
  await stopOptick(server);
});

test('the panel says the run is on the simulator and shows keys per mode against the limits', async () => {
  await page.goto(server!.url);
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 15_000 });
  await openPanel(page);
  assert.match((await page.textContent('[data-testid=upstox-simulator]')) ?? '', /built-in market simulator.*optick serve --feed upstox/s);
  // The simulator speaks Upstox V3: depth near the money ('full'), Greeks further out, limits for mixed modes.
  await page.waitForSelector('[data-testid=upstox-sub-full]:not([data-count="0"])', { timeout: 10_000 });
  const bars = await page.$$eval('[data-testid^=upstox-sub-]', (rows) =>
    rows.map((r) => ({ mode: r.getAttribute('data-testid')!.slice('upstox-sub-'.length), count: Number(r.getAttribute('data-count')), limit: r.getAttribute('data-limit'), text: r.textContent ?? '' })));
  assert.deepEqual(bars.map((b) => b.mode), ['ltpc', 'option_greeks', 'full', 'full_d30']);
  const full = bars.find((b) => b.mode === 'full')!;
  assert.ok(full.count > 0, 'full-mode keys are subscribed');
  assert.equal(full.limit, bars.find((b) => b.mode === 'option_greeks')!.count > 0 ? '1500' : '2000');
  assert.match(full.text, new RegExp(`${full.count} / 1,500|${full.count} / 2,000`));
  assert.match(full.text, /2,000 alone · 1,500 mixed/);
  assert.equal(await page.getAttribute('[data-testid=upstox-login-state]', 'data-state'), 'logged_out');
  assert.equal(await page.textContent('[data-testid=upstox-account-name]'), 'simulator · no login needed');
  assert.equal(await page.isDisabled('[data-testid=upstox-login]'), true, 'no login before a key and secret');
  assert.equal(await page.locator('[data-testid=app-banner]').count(), 0, 'no banner while the simulator streams');
});

test('an invalid setting is refused at its field; valid ones persist across a reload, the secret never shown', async () => {
  await page.click('[data-testid=upstox-settings] summary');
  await page.fill('[data-testid=upstox-input-api_key]', 'e2e-key');
  await page.fill('[data-testid=upstox-input-depth_strikes]', '500');
  await page.click('[data-testid=upstox-save]');
  assert.match((await page.textContent('[data-testid=upstox-error-depth_strikes]', { timeout: 5000 })) ?? '', /depth_strikes must be an integer from 0 to 200/);
  assert.equal(await page.getAttribute('[data-testid=upstox-input-depth_strikes]', 'aria-invalid'), 'true');

  await page.fill('[data-testid=upstox-input-depth_strikes]', '12');
  await page.fill('[data-testid=upstox-input-api_secret]', SECRET);
  await page.click('[data-testid=upstox-save]');
  await page.waitForSelector('[data-testid=upstox-settings-notice]:text("Saved")', { timeout: 5000 });
  await page.waitForSelector('[data-testid=upstox-login]:not([disabled])', { timeout: 5000 });

  await page.reload();
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 15_000 });
  await openPanel(page);
  await page.waitForSelector('[data-testid=upstox-secret-state][data-stored=true]', { timeout: 5000 });
  assert.equal(await page.inputValue('[data-testid=upstox-input-api_key]'), 'e2e-key');
  assert.equal(await page.inputValue('[data-testid=upstox-input-depth_strikes]'), '12');
  assert.equal(await page.inputValue('[data-testid=upstox-input-api_secret]'), '', 'the secret is write-only');
  assert.equal((await page.content()).includes(SECRET), false, 'the secret is nowhere on the page');
  assert.equal(readFileSync(join(server!.dataDir, 'upstox.json'), 'utf8').includes(SECRET), false, 'nor in the settings file');
  await page.waitForSelector('[data-testid=upstox-sub-full]:not([data-count="0"])', { timeout: 10_000 });
  await page.screenshot({ path: join(RESULTS, 'upstox-panel.png') });
});

// The notices banner in Chromium: a corrupt trading-hours file and a corrupt upstox.json are
// named under the header with what to do; the chain still runs on the defaults; a dismissed
// notice goes; saving trading hours (which replaces the bad file) clears its notice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, RESULTS, startOptick, stopOptick } from './optick-serve.ts';
import type { OptickServer } from './optick-serve.ts';

const TOKEN = 'e2e-notices-token-0123';
let server: OptickServer | null = null;
let browser: Browser | null = null;
let page: Page;

before(async () => {
  server = await startOptick(TOKEN, (dir) => {
    writeFileSync(join(dir, 'trading-hours.json'), '{"templates": [');
    writeFileSync(join(dir, 'upstox.json'), '[]');
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('pageerror', (err) => console.error('page error:', err));
});

after(async () => {
  await browser?.close();
  await stopOptick(server);
});

test('corrupt config files show as notices under the header, naming the file and what to do; the chain runs', async () => {
  await page.goto(server!.url); // the URL the CLI prints, with the token
  await page.waitForSelector('[data-testid=chain-grid]', { timeout: 45_000 });
  // The live chain runs on the defaults (the built-in templates, the default Upstox settings).
  const origin = new URL(server!.url).origin;
  const chain = await (await fetch(`${origin}/api/option-chain/NIFTY`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json() as { options: unknown[] };
  assert.equal(chain.options.length, 41);
  const hours = page.locator('[data-testid=notice][data-notice="trading-hours:file"]');
  const upstox = page.locator('[data-testid=notice][data-notice="upstox-settings:file"]');
  await hours.waitFor({ timeout: 30_000 });
  assert.equal(await hours.getAttribute('data-level'), 'error');
  assert.match(await hours.innerText(), new RegExp(`${join(server!.dataDir, 'trading-hours.json').replace(/[/.]/g, '\\$&')}.*corrupt or invalid`, 's'));
  assert.match(await hours.innerText(), /Settings → Trading hours/);
  assert.match(await upstox.innerText(), /upstox\.json is not a JSON object/);
  // Under the header, above the chain, and the chain keeps its room (no overlap).
  const header = (await page.locator('.app-header').boundingBox())!;
  const strip = (await page.locator('[data-testid=notices]').boundingBox())!;
  const grid = (await page.locator('[data-testid=chain-grid]').boundingBox())!;
  assert.ok(strip.y >= header.y + header.height - 1 && grid.y >= strip.y + strip.height - 1, JSON.stringify({ header, strip, grid }));

  await page.screenshot({ path: join(RESULTS, 'notices-1280x720.png') });
  await upstox.getByRole('button', { name: /Dismiss/ }).click();
  assert.equal(await upstox.count(), 0, 'dismissed');

  // Saving the templates replaces the bad file (kept aside) and clears its notice everywhere.
  const r = await fetch(`${origin}/api/trading-hours/activate`, {
    method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ feed: 'sim', template_id: 'crypto-24x7' }),
  });
  assert.equal(r.status, 200, await r.text());
  await hours.waitFor({ state: 'detached', timeout: 30_000 });
  assert.ok(readdirSync(server!.dataDir).some((f) => f.startsWith('trading-hours.json.corrupt-')), 'the bad file was kept aside');
  assert.ok(existsSync(join(server!.dataDir, 'trading-hours.json')));
});

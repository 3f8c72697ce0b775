// Positions and alerts end to end in browser mode: the real CLI on the simulator, Chromium with
// the notification permission granted. Add a position from a chain cell's menu, set its
// stop-loss and a target just above the LTP, watch its P&L move, see the toast and a Web
// Notification when the target fires, the entry in the alert log, and export the log as CSV.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, loadChain, RESULTS, shockSimulator, startOptick, stopOptick, type OptickServer } from './optick-serve.ts';

const TOKEN = 'e2e-alerts-token';
let server: OptickServer | null = null;
let browser: Browser | null = null;
let context: BrowserContext;
let page: Page;

interface Captured { title: string; body: string }
type PageGlobal = { __notifications: Captured[]; document: { querySelector(s: string): { textContent: string | null } | null } };

before(async () => {
  server = await startOptick(TOKEN);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  await context.grantPermissions(['notifications'], { origin: new URL(server.url).origin });
  // Capture every Web Notification the page creates (and still create the real one).
  await context.addInitScript(() => {
    type NotificationClass = new (title: string, options?: { body?: string }) => object;
    const g = globalThis as unknown as { Notification: NotificationClass & { permission: string }; __notifications: { title: string; body: string }[]; __notificationObjects: object[] };
    const Real = g.Notification;
    g.__notifications = [];
    g.__notificationObjects = [];
    class Captured extends Real {
      constructor(title: string, options?: { body?: string }) {
        super(title, options);
        g.__notifications.push({ title, body: options?.body ?? '' });
        g.__notificationObjects.push(this);
      }
    }
    Object.defineProperty(Captured, 'permission', { get: () => Real.permission });
    g.Notification = Captured as unknown as typeof g.Notification;
  });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  await page.goto(server.url);
  await loadChain(page);
});

after(async () => {
  await browser?.close();
  await stopOptick(server);
});

test('a position from a chain cell: SL and target, live P&L, toast + Web Notification on the target, the log, CSV export', async () => {
  // Right-click the ATM call's LTP cell → "Add position…".
  const atmRow = page.locator('.chain-panel .ag-row.atm, .chain-panel .ag-row[row-id]').filter({ has: page.locator('[col-id="tag"]', { hasText: /^ATM$/ }) }).first();
  const cell = atmRow.locator('[col-id="ce.ltp"]');
  await cell.waitFor({ timeout: 10_000 });
  await cell.click({ button: 'right' });
  await page.click('[data-testid=chain-menu-add-position]');
  const form = page.locator('[data-testid=position-form]');
  await form.waitFor({ timeout: 5000 });
  const symbol = await page.inputValue('[data-testid=position-symbol]');
  assert.match(symbol, /^NIFTY\d{2}[A-Z]{3}\d{2}\d+CE$/, `symbol from the cell: ${symbol}`);
  const entry = Number(await page.inputValue('[data-testid=position-entry]'));
  assert.ok(entry > 0, 'entry price from the cell');

  // A long stop-loss above the target is refused at its field; nothing saved.
  await page.fill('[data-testid=position-stop_loss]', String(entry + 50));
  await page.fill('[data-testid=position-target]', String(entry + 10));
  await page.click('[data-testid=position-save]');
  await page.locator('[data-testid=position-error-stop_loss]').waitFor({ timeout: 5000 });
  assert.match(await page.textContent('[data-testid=position-error-stop_loss]') ?? '', /below its target/);
  assert.equal(await page.locator('[data-testid=positions-table]').count(), 0, 'nothing saved');

  // SL 50 % below the entry, target 0.1 points above it.
  await page.fill('[data-testid=position-stop_loss]', '50');
  await page.selectOption('[data-testid=position-stop_loss-kind]', 'percent');
  await page.fill('[data-testid=position-target]', '0.1');
  await page.selectOption('[data-testid=position-target-kind]', 'points');
  await page.click('[data-testid=position-save]');
  const row = page.locator(`[data-testid="position-row-${symbol}"]`);
  await row.waitFor({ timeout: 5000 });

  // Live P&L: a figure, and then a different one.
  const pnl = row.locator('[data-testid=position-pnl]');
  await page.waitForFunction((sel) => /\d/.test((globalThis as unknown as PageGlobal).document.querySelector(sel)?.textContent ?? ''), `[data-testid="position-row-${symbol}"] [data-testid=position-pnl]`, { timeout: 10_000 });
  const first = await pnl.textContent();
  // The index moves up 1 % on purpose (never left to the random walk): the call's premium rises
  // through the target set 0.1 above the entry, and the P&L changes.
  await shockSimulator(server!, 'NIFTY', 1);
  await page.waitForFunction(([sel, prev]) => { const t = (globalThis as unknown as PageGlobal).document.querySelector(sel!)?.textContent ?? ''; return /\d/.test(t) && t !== prev; },
    [`[data-testid="position-row-${symbol}"] [data-testid=position-pnl]`, first] as const, { timeout: 30_000 });

  // The target fires: a toast and a Web Notification naming the contract.
  const toast = page.locator('[data-testid=alert-toast]', { hasText: symbol });
  await toast.first().waitFor({ timeout: 30_000 });
  assert.match(await toast.first().textContent() ?? '', /crossed above .* target of long 1 lot/);
  const notes = await page.evaluate(() => (globalThis as unknown as PageGlobal).__notifications);
  assert.ok(notes.some((n) => n.title.includes(symbol) && /crossed above/.test(n.body)), `captured notifications: ${JSON.stringify(notes)}`);
  await page.screenshot({ path: join(RESULTS, 'alerts-toast.png') });

  // The log lists it; export it as CSV.
  await page.click('[data-testid=dock-tab-alerts]');
  const logRow = page.locator('[data-testid=alerts-log-row]', { hasText: symbol });
  await logRow.first().waitFor({ timeout: 5000 });
  const rule = page.locator('[data-testid^=rule-row-][data-state=fired]', { hasText: symbol });
  await rule.first().waitFor({ timeout: 5000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=alerts-log-export]')]);
  const file = await download.path();
  const csv = readFileSync(file!, 'utf8');
  assert.match(csv, /^id,time,time_ms,rule_id,symbol/);
  assert.ok(csv.includes(symbol), 'the export carries the firing');
  assert.equal(download.suggestedFilename(), 'optick-alert-log.csv');
  await page.screenshot({ path: join(RESULTS, 'alerts-panel.png') });
});

test('a click on the toast, or on the Web Notification, shows the contract: its expiry in the chain, its strike scrolled to and highlighted', async () => {
  const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
  const origin = new URL(server!.url).origin;
  const expiries = (await (await fetch(`${origin}/api/expiries/NIFTY`, { headers: auth })).json()) as string[];
  const shown = await page.inputValue('[data-testid=expiry-select]');
  const other = expiries.find((e) => e !== shown)!;
  assert.ok(other, `a second expiry besides ${shown}: ${expiries.join(', ')}`);
  const chain = (await (await fetch(`${origin}/api/option-chain/NIFTY?expiry=${other}`, { headers: auth })).json()) as { spot: number | null; underlying_ltp: number | null; atm_strike: number; options: { strike: number; ce_data: { symbol: string } | null }[] };
  const row = chain.options.find((r) => r.strike > chain.atm_strike && r.ce_data)!;
  const symbol = row.ce_data!.symbol;
  const spot = chain.underlying_ltp ?? chain.spot!;
  // A rule on the underlying's price, named by an option of the other expiry: the alert's contract.
  const made = await fetch(`${origin}/api/alerts/rules`, { method: 'POST', headers: auth, body: JSON.stringify({ symbol, field: 'underlying', op: 'above', level: Math.round(spot * 1.004), repeat: false }) });
  assert.equal(made.status, 201);
  await shockSimulator(server!, 'NIFTY', 1);
  const toast = page.locator('[data-testid=alert-toast]', { hasText: symbol });
  await toast.first().waitFor({ timeout: 30_000 });
  await toast.first().click();
  const focusedStrike = `[data-testid=chain-grid] .ag-row.row-alert-focus[row-id="${row.strike}"]`;
  await page.waitForFunction(([e]) => (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector('[data-testid=expiry-select]')?.value === e, [other] as const, { timeout: 10_000 });
  await page.locator(focusedStrike).first().waitFor({ timeout: 10_000 });
  await page.locator('[data-testid=alerts-log-row].focused', { hasText: symbol }).first().waitFor({ timeout: 5000 });
  await page.screenshot({ path: join(RESULTS, 'alerts-show-contract.png') });

  // Back on the first expiry, a click on the Web Notification of the same firing does the same.
  await page.selectOption('[data-testid=expiry-select]', shown);
  // The first expiry's rows are on screen once the highlight (it was the other chain's) is gone.
  await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('[data-testid=chain-grid] .ag-row.row-alert-focus') === null, undefined, { timeout: 10_000 });
  await page.locator(`[data-testid=chain-grid] .ag-row[row-id]`).first().waitFor({ timeout: 10_000 });
  const clicked = await page.evaluate((sym) => {
    const g = globalThis as unknown as { __notificationObjects: { title: string; onclick: (() => void) | null }[] };
    const n = g.__notificationObjects.find((x) => x.title.includes(sym));
    if (!n?.onclick) return false;
    n.onclick();
    return true;
  }, symbol);
  assert.ok(clicked, 'a Web Notification for the firing, with a click handler');
  await page.waitForFunction(([e]) => (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector('[data-testid=expiry-select]')?.value === e, [other] as const, { timeout: 10_000 });
  await page.locator(focusedStrike).first().waitFor({ timeout: 10_000 });
});

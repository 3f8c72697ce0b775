// The option calculator end to end in browser mode: Hull's example (S=49, K=50, r=5 %, σ=20 %,
// T=0.3846) prices the call at 2.40 with delta 0.522; a premium gives back an IV; a premium
// below intrinsic shows the typed error in words; a bad strike is refused at its field; a click
// on a put in the chain fills the calculator from the chain; the dock is remembered across a
// reload. Saves test-results/workstation.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { closeWorkstation, loadChain, openWorkstation, RESULTS, type Workstation } from './optick-serve.ts';

const TOKEN = 'e2e-calculator-token';

let ws: Workstation | null = null;
let page: Page;

/** The bit of the DOM the in-page check uses (this file is typechecked without the DOM lib). */
type PageGlobal = { document: { querySelector(selector: string): { textContent: string | null } | null } };

const text = async (testId: string): Promise<string> => ((await page.textContent(`[data-testid=${testId}]`)) ?? '').trim();
/** Waits until the figure shows `expected` (the calculator prices after a short typing pause). */
async function shows(testId: string, expected: RegExp): Promise<string> {
  await page.waitForFunction(
    ([id, source]) => new RegExp(source).test((globalThis as unknown as PageGlobal).document.querySelector(`[data-testid=${id}]`)?.textContent ?? ''),
    [testId, expected.source] as const, { timeout: 5_000 },
  ).catch(async () => assert.fail(`${testId} shows "${await text(testId)}", expected ${expected}`));
  return text(testId);
}
const choose = (group: string, value: string) => page.click(`[data-testid=${group}] button[data-value=${value}]`);

before(async () => {
  ws = await openWorkstation(TOKEN);
  page = ws.page;
});

after(() => closeWorkstation(ws));

test("Hull's example: the call is 2.40 with delta 0.522", async () => {
  await page.goto(ws!.server.url);
  await loadChain(page);
  await page.keyboard.press('Alt+2'); // the calculator is the second dock tab
  await page.waitForSelector('[data-testid=calculator]');
  await shows('calc-source', /^From NIFTY .* CE/); // it starts from the chain's ATM call
  await choose('calc-model', 'bsm');
  await choose('calc-type', 'call');
  await choose('calc-expiry-input', 'days');
  await choose('calc-solve', 'price');
  await page.fill('[data-testid=calc-underlying]', '49');
  await page.fill('[data-testid=calc-dividendPct]', '0');
  await page.fill('[data-testid=calc-strike]', '50');
  await page.fill('[data-testid=calc-days]', String(0.3846 * 365));
  await page.fill('[data-testid=calc-ratePct]', '5');
  await page.fill('[data-testid=calc-volPct]', '20');
  assert.equal(await shows('calc-price', /^2\.40$/), '2.40');
  assert.equal(await shows('calc-delta', /^0\.522$/), '0.522');
  assert.match((await page.textContent('.calc-hint')) ?? '', /T = 0\.3846 y/);
  for (const greek of ['gamma', 'theta', 'vega', 'rho', 'vanna', 'charm', 'vomma']) assert.match(await text(`calc-${greek}`), /^-?\d/, greek);
});

test('a premium gives back its implied vol; below intrinsic the error says so', async () => {
  await choose('calc-solve', 'iv');
  await page.fill('[data-testid=calc-premium]', '2.40');
  assert.match(await shows('calc-iv', /%$/), /^(19\.9\d|20\.0\d) %$/);
  // K = 40: the call is worth at least 49 − 40·e^(−rT) ≈ 9.76, so 5.00 has no IV.
  await page.fill('[data-testid=calc-strike]', '40');
  await page.fill('[data-testid=calc-premium]', '5');
  await page.waitForSelector('[data-testid=calc-iv-error][data-error=below_intrinsic]', { timeout: 5_000 });
  assert.match(await text('calc-iv-error'), /below intrinsic value/);
  assert.equal(await text('calc-iv'), '—');
});

test('a bad strike is refused at its field, in the engine’s words', async () => {
  await page.fill('[data-testid=calc-strike]', '-5');
  const error = await page.waitForSelector('.calc-field:has([data-testid=calc-strike]) .calc-field-error', { timeout: 5_000 });
  assert.match((await error.textContent()) ?? '', /K=-5: must be > 0/);
  await page.fill('[data-testid=calc-strike]', '50');
  await page.waitForSelector('.calc-field-error', { state: 'detached', timeout: 5_000 });
});

test('a click on a put in the chain fills the calculator from the chain', async () => {
  const atm = (await page.textContent('[data-testid=atm-strike]'))!.replace(/,/g, '');
  await page.click(`[data-testid=chain-grid] .ag-row[row-id="${atm}"] [col-id="pe.ltp"]`);
  // The chain's exact inputs: the premium its IV for this strike was solved from, and which (mid or LTP, of which leg).
  const source = await shows('calc-source', new RegExp(`^From NIFTY .* ${Number(atm).toLocaleString('en-IN')} PE · (chain IV from the )?((CE|PE) )?(mid|LTP) `));
  assert.equal(await page.inputValue('[data-testid=calc-strike]'), atm);
  const priced = /chain IV from the CE/.test(source) ? 'call' : 'put';
  assert.equal(await page.getAttribute('[data-testid=calc-type] button[aria-checked=true]', 'data-value'), priced, `priced as the leg the chain solved from: ${source}`);
  assert.equal(await page.getAttribute('[data-testid=calc-model] button[aria-checked=true]', 'data-value'), 'black76');
  assert.match(await shows('calc-iv', /%$/), /^\d+\.\d\d %$/);
  assert.equal(await page.getAttribute('[data-testid=dock]', 'data-tab'), 'calculator', 'the click did not switch the dock to Charts');
  await page.screenshot({ path: join(RESULTS, 'workstation.png') });
});

test('opening, moving and hiding the dock never re-creates the chain grid', async () => {
  type Marked = { document: { querySelector(s: string): (object & { optickMark?: number }) | null } };
  const mark = () => page.evaluate(() => (globalThis as unknown as Marked).document.querySelector('[data-testid=chain-grid] .ag-root-wrapper')?.optickMark ?? null);
  await page.evaluate(() => { (globalThis as unknown as Marked).document.querySelector('[data-testid=chain-grid] .ag-root-wrapper')!.optickMark = 7; });
  await page.click('[data-testid=dock-side]');
  await page.click('[data-testid=dock-tab-charts]');
  await page.click('[data-testid=dock-close]');
  await page.click('[data-testid=rail-calculator]');
  await page.click('[data-testid=dock-side]');
  assert.equal(await mark(), 7, 'the same grid DOM throughout');
  assert.equal(await page.getAttribute('[data-testid=chain-grid]', 'data-rows'), '41');
});

test('the dock is remembered across a reload, and ` hides it', async () => {
  await page.reload();
  await loadChain(page);
  assert.equal(await page.getAttribute('[data-testid=dock]', 'data-tab'), 'calculator');
  assert.equal(await page.isVisible('[data-testid=calculator]'), true);
  await page.click('[data-testid=chain-grid]');
  await page.keyboard.press('Backquote');
  await page.waitForSelector('[data-testid=dock]', { state: 'hidden' });
  await page.reload();
  await loadChain(page);
  assert.equal(await page.isVisible('[data-testid=dock]'), false);
  await page.click('[data-testid=rail-calculator]');
  await page.waitForSelector('[data-testid=calculator]');
});

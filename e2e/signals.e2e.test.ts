// Signals and the order ticket end to end in browser mode, on the simulator: a 1.5 % shock of
// NIFTY (the simulator's control, not the random walk) fills the Signals tab with price moves;
// the filter and a click (→ the contract's chart) work; the ticket for the ATM call shows a VWAP
// and slippage that agree with the depth ladder on screen; a paper buy adds a paper position.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { PositionView } from '../src/shared/alerts.ts';
import { closeWorkstation, openWorkstation, shockSimulator, type Workstation } from './optick-serve.ts';

const TOKEN = 'e2e-signals-token-0123456789';
let ws: Workstation | null = null;
let page: Page;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const r = await fetch(`${new URL(ws!.server.url).origin}${path}`, { method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  assert.ok(r.ok, `${method} ${path} → ${r.status}`);
  return (await r.json()) as T;
};

/** What the page shows, read in one synchronous pass of the DOM (this file is typechecked without the DOM lib). */
type El = { textContent: string | null; getAttribute(n: string): string | null };
type PageGlobal = { document: { querySelector(s: string): El | null; querySelectorAll(s: string): ArrayLike<El> } };

before(async () => {
  ws = await openWorkstation(TOKEN);
  page = ws.page;
});
after(() => closeWorkstation(ws));

test('a shock fills the Signals tab; the filter works; a click charts the contract', async () => {
  await page.goto(ws!.server.url);
  // The chain's 41 rows (a longer wait than loadChain's: this box runs several suites at once).
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 45_000 });
  // A 2 s price window so the detectors are warm in seconds; the 10 % threshold stands.
  await api('PUT', '/api/signals/thresholds/NIFTY', { price_window_ms: 2000 });
  await page.click('[data-testid=dock-tab-signals]');
  await page.waitForSelector('[data-testid=signals-panel]');
  await sleep(3000);
  await shockSimulator(ws!.server, 'NIFTY', 1.5);
  await page.waitForSelector('[data-testid=signal-row][data-type=price_move]', { timeout: 15_000 });
  await page.selectOption('[data-testid=signals-type]', 'price_move');
  const types = await page.$$eval('[data-testid=signal-row]', (rows) => rows.map((r) => r.getAttribute('data-type')));
  assert.ok(types.length > 0 && types.every((t) => t === 'price_move'), JSON.stringify(types));
  await page.selectOption('[data-testid=signals-underlying]', 'NIFTY');
  const symbol = (await page.getAttribute('[data-testid=signal-row] >> nth=0', 'data-symbol'))!;
  assert.match(symbol, /^NIFTY\d{2}[A-Z]{3}\d{2}\d+(CE|PE)$/);
  await page.click('[data-testid=signal-row] >> nth=0');
  await page.waitForSelector('[data-testid=dock][data-tab=charts]', { timeout: 5_000 });
});

test('the ticket for the ATM call: VWAP and slippage agree with the ladder on screen; paper buy adds a paper position', async () => {
  await page.click('[data-testid=dock-tab-ticket]');
  await page.waitForSelector('[data-testid=ticket-panel]');
  assert.match((await page.textContent('[data-testid=ticket-panel]')) ?? '', /Analysis only — no order is sent to a broker/);
  const atm = (await page.textContent('[data-testid=atm-strike]'))!.replace(/,/g, '');
  await page.waitForFunction((strike) => ((globalThis as unknown as PageGlobal).document.querySelector('[data-testid=ticket-symbol]') as unknown as { value: string } | null)?.value.includes(`${strike}CE`), atm, { timeout: 10_000 });
  await page.fill('[data-testid=ticket-lots]', '3');
  await page.waitForFunction(() => /^\d+\.\d{4}$/.test((globalThis as unknown as PageGlobal).document.querySelector('[data-testid=ticket-vwap]')?.textContent ?? '') && /3 ×/.test((globalThis as unknown as PageGlobal).document.querySelector('[data-testid=ticket-qty]')?.textContent ?? ''), undefined, { timeout: 10_000 });
  // The ticket's contract is streamed in full_d30: the ladder shows 30 levels and says so.
  await page.waitForFunction(() => (globalThis as unknown as PageGlobal).document.querySelector('[data-testid=ticket-depth-levels]')?.textContent === '30 levels', undefined, { timeout: 15_000 });
  const shown = await page.evaluate(() => {
    const d = (globalThis as unknown as PageGlobal).document;
    const all = (id: string) => Array.from(d.querySelectorAll(`[data-testid=${id}]`)).map((e) => Number(e.textContent || 'NaN'));
    const text = (id: string) => d.querySelector(`[data-testid=${id}]`)?.textContent ?? '';
    return { askPrices: all('ask-price'), askQtys: all('ask-qty'), bids: all('bid-price'), vwap: text('ticket-vwap'), mid: text('ticket-mid'), slippage: text('ticket-slippage'), qty: text('ticket-qty') };
  });
  assert.equal(shown.askPrices.length, 30, `30 ask levels on screen (${JSON.stringify(shown)})`);
  const qty = Number(/^([\d,]+)/.exec(shown.qty)![1]!.replace(/,/g, ''));
  let left = qty, cost = 0;
  for (let i = 0; i < shown.askPrices.length && left > 0; i++) { const take = Math.min(left, shown.askQtys[i]!); cost += take * shown.askPrices[i]!; left -= take; }
  const vwap = cost / (qty - left);
  assert.ok(Math.abs(Number(shown.vwap) - vwap) < 1e-3, `VWAP on screen ${shown.vwap}, from the ladder ${vwap} (${JSON.stringify(shown)})`);
  const mid = (shown.askPrices[0]! + shown.bids[0]!) / 2;
  assert.ok(Math.abs(Number(shown.mid.split(' ')[0]) - mid) < 1e-9, `mid ${shown.mid} vs ${mid}`);
  const perUnit = Number(/₹(-?[\d.]+)\/unit/.exec(shown.slippage)![1]);
  assert.ok(Math.abs(perUnit - (vwap - mid)) < 1e-3, `slippage ${shown.slippage} vs ${vwap - mid}`);
  const ticks = Number(/· (-?[\d.]+) ticks/.exec(shown.slippage)![1]);
  assert.ok(Math.abs(ticks - (vwap - mid) / 0.05) < 0.01, `ticks ${ticks}`);
  // Bad input is a field error at its field.
  await page.fill('[data-testid=ticket-lots]', '1.5');
  await page.waitForSelector('[data-testid=ticket-error][data-field=lots]', { timeout: 5_000 });
  await page.fill('[data-testid=ticket-lots]', '1');
  await page.waitForSelector('[data-testid=ticket-error]', { state: 'detached', timeout: 5_000 });
  await page.waitForFunction(() => /1 ×/.test((globalThis as unknown as PageGlobal).document.querySelector('[data-testid=ticket-qty]')?.textContent ?? ''), undefined, { timeout: 5_000 });
  await page.click('[data-testid=ticket-paper]');
  await page.waitForSelector('[data-testid=ticket-filled]', { timeout: 5_000 });
  const positions = await api<PositionView[]>('GET', '/api/positions');
  const paper = positions.find((p) => p.paper && p.note.startsWith('paper buy 1 lots'));
  assert.ok(paper, JSON.stringify(positions));
  assert.deepEqual((await api<PositionView[]>('GET', '/api/positions?paper=true')).map((p) => p.id), [paper.id]);
  assert.match(paper.symbol, new RegExp(`${atm}CE$`));
  await page.click('[data-testid=dock-tab-positions]');
  await page.waitForSelector(`[data-testid="position-row-${paper.symbol}"]`, { timeout: 5_000 });
  assert.equal(await page.textContent(`[data-testid="position-row-${paper.symbol}"] [data-testid=position-paper]`), 'PAPER');
});

// Browser mode end to end: the real CLI serves the built renderer on the simulator; headless
// Chromium loads it and checks the NIFTY chain, live updates and a switch to BANKNIFTY.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { closeWorkstation, openWorkstation, RESULTS, shockSimulator, type Workstation } from './optick-serve.ts';

const TOKEN = 'e2e-token';

let ws: Workstation | null = null;
let page: Page;
let url = '';

/** The bit of the DOM the in-page checks use (this file is typechecked without the DOM lib). */
interface PageDocument {
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
}
type PageGlobal = { document: PageDocument };

/** Strikes of the grid rows in the DOM, in row order. */
async function gridStrikes(p: Page): Promise<number[]> {
  return p.$$eval('[data-testid=chain-grid] .ag-row', (rows) =>
    rows
      .map((r) => ({ index: Number(r.getAttribute('row-index')), text: r.querySelector('[col-id=strike]')?.textContent ?? '' }))
      .sort((a, b) => a.index - b.index)
      .map((r) => Number(r.text.replace(/,/g, ''))));
}

before(async () => {
  ws = await openWorkstation(TOKEN, { width: 1680, height: 1050 });
  page = ws.page;
  url = ws.server.url;
});

after(async () => {
  await closeWorkstation(ws);
});

test('NIFTY chain: 41 rows, ATM highlighted, token stripped from the address bar', async () => {
  await page.goto(url);
  await page.waitForSelector(`[data-testid=chain-grid][data-rows="41"]`, { timeout: 45_000 });
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

test('values in the grid change within seconds', async () => {
  const before = await page.textContent('[data-testid=chain-grid]');
  await page.waitForFunction(
    (prev) => (globalThis as unknown as PageGlobal).document.querySelector('[data-testid=chain-grid]')?.textContent !== prev,
    before, { timeout: 5000, polling: 50 },
  );
  const ticks = (await page.textContent('[data-testid=ticks-per-s]'))?.trim();
  assert.notEqual(ticks, '—', 'ticks/s is reported');
});

test('a moved number flashes its cell green or red on every kind of row, and the flash ends', async () => {
  // In the page: watch the grid's class and text changes for 3 s; for each flash note when it began
  // and ended, when its cell's number last moved before it ended, and the colour the cell really
  // showed (ITM and ATM rows have backgrounds of their own). A cell that keeps moving stays lit (a
  // restart at most every 250 ms); what must hold is that a flash ends soon after the last move.
  const seen = await page.evaluate(`(async () => {
    const grid = document.querySelector('[data-testid=chain-grid]');
    const started = new Map();
    const moved = new Map();
    const lasted = [];
    const afterMove = [];
    const colours = new Set();
    const rowKinds = new Set();
    const observer = new MutationObserver((records) => {
      const now = performance.now();
      for (const r of records) {
        if (r.type === 'characterData') {
          const cell = r.target.parentElement && r.target.parentElement.closest('.ag-cell');
          if (cell) moved.set(cell, now);
          continue;
        }
        const cell = r.target;
        const on = cell.classList.contains('flash-up') || cell.classList.contains('flash-down');
        if (on && !started.has(cell)) {
          started.set(cell, now);
          colours.add(getComputedStyle(cell).backgroundColor);
          const row = cell.closest('.ag-row');
          rowKinds.add(row.classList.contains('row-atm') ? 'atm' : row.classList.contains('row-ce-itm') || row.classList.contains('row-pe-itm') ? 'itm' : 'plain');
        } else if (!on && started.has(cell)) {
          lasted.push(now - started.get(cell));
          afterMove.push(now - (moved.get(cell) ?? started.get(cell)));
          started.delete(cell);
        }
      }
    });
    observer.observe(grid, { subtree: true, attributes: true, attributeFilter: ['class'], characterData: true });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    observer.disconnect();
    return { lasted, afterMove, colours: [...colours], rowKinds: [...rowKinds] };
  })()`) as { lasted: number[]; afterMove: number[]; colours: string[]; rowKinds: string[] };
  assert.ok(seen.lasted.length > 5, `flashes began and ended: ${seen.lasted.length}`);
  assert.ok(Math.min(...seen.lasted) >= 350, `a flash stays readable (≥ 350 ms): shortest ${Math.min(...seen.lasted).toFixed(0)} ms`);
  assert.ok(Math.max(...seen.afterMove) < 1000, `a flash ends soon after its cell's last move: longest ${Math.max(...seen.afterMove).toFixed(0)} ms after`);
  assert.deepEqual(seen.colours.filter((c) => !/^rgba\((38, 194, 129|240, 82, 79), 0\.36\)$/.test(c)), [], 'a flashing cell shows the flash colour, whatever its row');
  assert.ok(seen.rowKinds.includes('itm'), `flashes seen on ITM rows too: ${seen.rowKinds.join(', ')}`);
});

test('rows scrolled out of view catch up as soon as they come back: no stale price is ever shown', async () => {
  // The painter leaves the cells of rows out of view unwritten; scrolled back, they must show the
  // latest values at once. The simulator's index jumps while the high strikes are out of view, so
  // the puts that trade there move by ~100 rupees. Each LTP the page shows must lie between the
  // API's just before and just after the page was read (a trade may land in between).
  type Chain = { options: { strike: number; ce_data: { ltp: number | null } | null; pe_data: { ltp: number | null } | null }[] };
  const chain = async (): Promise<Chain> => {
    const expiry = await page.inputValue('[data-testid=expiry-select]');
    const body = (await (await fetch(new URL(`/api/option-chain/NIFTY?expiry=${expiry}`, url), { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as Chain & { data?: Chain };
    return body.data ?? body;
  };
  // Scrolls the grid, waits two frames (the rows' visibility is known after one), then reads the
  // rows below the view or inside it, all in one go so no later tick can repaint them first.
  const scrollAndRead = (to: 'top' | 'bottom', where: 'below' | 'inside') => page.evaluate(`(async () => {
    const viewport = document.querySelector('[data-testid=chain-grid] .ag-grid-viewport');
    viewport.scrollTop = ${to === 'top' ? 0 : 1_000_000};
    for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
    const box = viewport.getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid=chain-grid] .ag-row')]
      .filter((r) => { const b = r.getBoundingClientRect(); return ${where === 'below' ? 'b.top >= box.bottom' : 'b.top >= box.top && b.bottom <= box.bottom'}; })
      .map((r) => ({ strike: r.querySelector('[col-id=strike]').textContent, ce: r.querySelector('[col-id="ce.ltp"]')?.textContent ?? '', pe: r.querySelector('[col-id="pe.ltp"]')?.textContent ?? '' }));
  })()`) as Promise<{ strike: string; ce: string; pe: string }[]>;
  const hidden = await scrollAndRead('top', 'below');
  assert.ok(hidden.length >= 5, `some rows are out of view at this size (${hidden.length})`);
  await shockSimulator(ws!.server, 'NIFTY', 0.6);
  await new Promise((r) => setTimeout(r, 2500));
  const before = await chain();
  const shown = await scrollAndRead('bottom', 'inside');
  const after = await chain();
  const number = (text: string) => Number(text.replace(/,/g, ''));
  const ltpOf = (c: Chain, strike: number, side: 'ce' | 'pe') => c.options.find((o) => o.strike === strike)?.[`${side}_data`]?.ltp ?? null;
  const checked = shown.flatMap((row) => (['ce', 'pe'] as const).map((side) => {
    const strike = number(row.strike);
    return { strike, side, page: number(row[side]), before: ltpOf(before, strike, side), after: ltpOf(after, strike, side) };
  })).filter((c) => Number.isFinite(c.page) && c.before !== null && c.after !== null);
  const wasHidden = new Set(hidden.map((r) => number(r.strike)));
  assert.ok(checked.filter((c) => wasHidden.has(c.strike)).length >= 6, `legs of rows that were out of view: ${JSON.stringify(checked)}`);
  const stale = checked.filter((c) => c.page < Math.min(c.before!, c.after!) - 0.001 || c.page > Math.max(c.before!, c.after!) + 0.001);
  assert.deepEqual(stale, [], 'every LTP shown is the latest');
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

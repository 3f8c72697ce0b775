// The chain on a laptop and a desktop screen, in Chromium on the real CLI (simulator): both
// sides and the strike fit without sideways scrolling, ΔOI and OI bars are there, the default
// dock leaves 20+ rows at 1600×1000, the dock on the right never hides the puts, and the
// "ATM from spot | forward" setting moves the highlighted row. Screenshots in test-results/.
import { after, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { closeWorkstation, openWorkstation, RESULTS, type Workstation } from './optick-serve.ts';

// One workstation at a time (a CLI and a Chromium each): the box is shared.
let current: Workstation | null = null;
const closeCurrent = async () => { const ws = current; current = null; await closeWorkstation(ws); };
afterEach(closeCurrent);
after(closeCurrent);

/** The bit of the DOM the in-page checks use (this file is typechecked without the DOM lib). */
interface Box { left: number; right: number; top: number; bottom: number; width: number; height: number }
interface El { getBoundingClientRect(): Box; getAttribute(name: string): string | null; textContent: string | null; checked?: boolean }
interface Document { querySelector(selector: string): El | null; querySelectorAll(selector: string): ArrayLike<El>; documentElement: { scrollWidth: number; clientWidth: number } }

interface Geometry {
  grid: { left: number; right: number };
  headersOutside: string[];
  shown: string[];
  bars: number;
  rowsFullyVisible: number;
  /** How far the page is wider than the window (0: no sideways scroll anywhere). */
  pageOverflow: number;
}

/** Where the grid's header cells and rows sit, read in the page. */
function geometry(page: Page): Promise<Geometry> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: Document }).document;
    const grid = doc.querySelector('[data-testid=chain-grid]')!.getBoundingClientRect();
    const headers = Array.from(doc.querySelectorAll('[data-testid=chain-grid] .ag-header-cell[col-id]'));
    const headersOutside = headers.filter((h) => { const r = h.getBoundingClientRect(); return r.width > 0 && (r.left < grid.left - 1 || r.right > grid.right + 1); }).map((h) => h.getAttribute('col-id')!);
    const shown = headers.filter((h) => h.getBoundingClientRect().width > 0).map((h) => h.getAttribute('col-id')!);
    const bars = Array.from(doc.querySelectorAll('[data-testid=chain-grid] .oi-bar')).filter((b) => b.getBoundingClientRect().width > 0).length;
    const body = doc.querySelector('[data-testid=chain-grid] .ag-body')?.getBoundingClientRect() ?? grid;
    const rowsFullyVisible = Array.from(doc.querySelectorAll('[data-testid=chain-grid] .ag-center-cols-container .ag-row, [data-testid=chain-grid] .ag-row'))
      .map((r) => r.getBoundingClientRect()).filter((r, i, all) => all.findIndex((o) => o.top === r.top) === i)
      .filter((r) => r.height > 0 && r.top >= body.top - 1 && r.bottom <= body.bottom + 1).length;
    const pageOverflow = doc.documentElement.scrollWidth - doc.documentElement.clientWidth;
    return { grid: { left: grid.left, right: grid.right }, headersOutside, shown, bars, rowsFullyVisible, pageOverflow };
  });
}

async function open(viewport: { width: number; height: number }): Promise<Page> {
  await closeCurrent();
  const ws = await openWorkstation('e2e-layout', viewport);
  current = ws;
  await ws.page.goto(ws.server.url);
  await ws.page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 45_000 });
  // Columns are fitted on the frame after the chain arrives, and OI arrives with the first ticks.
  await ws.page.waitForFunction(() => (globalThis as unknown as { document: Document }).document.querySelectorAll('[data-testid=chain-grid] .oi-bar[style*="width"]').length > 0, undefined, { timeout: 60_000 });
  return ws.page;
}

function assertFits(g: Geometry, where: string): void {
  assert.deepEqual(g.headersOutside, [], `${where}: no column outside the grid (no sideways scroll)`);
  assert.equal(g.pageOverflow, 0, `${where}: the page is no wider than the window (header, chain and dock)`);
  for (const id of ['ce.ltp', 'strike', 'pe.ltp', 'ce.oi', 'pe.oi', 'ce.iv', 'pe.iv']) assert.ok(g.shown.includes(id), `${where}: ${id} shown (${g.shown.join(' ')})`);
}

test('1280×720: both sides and the strike fit, ΔOI and OI bars present; dock on the right keeps the puts', { timeout: 300_000 }, async () => {
  const page = await open({ width: 1280, height: 720 });
  const g = await geometry(page);
  assertFits(g, '1280×720');
  assert.ok(g.shown.includes('ce.oi_change') && g.shown.includes('pe.oi_change'), `ΔOI both sides (${g.shown.join(' ')})`);
  assert.ok(g.bars >= 10, `OI bars drawn in the OI cells (${g.bars})`);
  await page.screenshot({ path: join(RESULTS, 'chain-1280x720.png') });

  await page.click('[data-testid=dock-side]');
  await page.waitForFunction(() => (globalThis as unknown as { document: Document }).document.querySelector('.ws-body.dock-right') !== null);
  await page.waitForTimeout(1000); // the grid refits on its resize event
  const right = await geometry(page);
  assertFits(right, '1280×720, dock on the right');
  await page.screenshot({ path: join(RESULTS, 'chain-1280x720-dock-right.png') });
});

test('1366×768 fits; the column chooser adds Γ and remembers it', { timeout: 300_000 }, async () => {
  const page = await open({ width: 1366, height: 768 });
  assertFits(await geometry(page), '1366×768');
  await page.click('[data-testid=column-chooser]');
  await page.click('[data-testid=column-gamma]', { timeout: 60_000 });
  await page.waitForFunction(() => (globalThis as unknown as { document: Document }).document.querySelector('[data-testid=column-gamma]')?.checked === true, undefined, { timeout: 30_000 });
  await page.waitForTimeout(1000);
  const saved = await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('optick.chain-columns.v1'));
  assert.match(saved ?? '', /"gamma"/, 'the choice is remembered in localStorage');
  assertFits(await geometry(page), '1366×768 with Γ chosen');
});

test('1600×1000: the default dock leaves at least 20 chain rows; ATM from forward moves the highlight to the strike nearest the forward', { timeout: 300_000 }, async () => {
  const page = await open({ width: 1600, height: 1000 });
  const g = await geometry(page);
  assertFits(g, '1600×1000');
  assert.ok(g.rowsFullyVisible >= 20, `rows fully visible: ${g.rowsFullyVisible}`);
  await page.screenshot({ path: join(RESULTS, 'chain-1600x1000.png') });

  const num = (s: string | null) => Number((s ?? '').replace(/,/g, ''));
  const nearest = async (testId: string) => {
    const step = 50;
    return Math.round(num(await page.textContent(`[data-testid=${testId}]`)) / step) * step;
  };
  const atmRow = async () => num(await page.locator('[data-testid=chain-grid] .ag-row.row-atm [col-id=strike]').first().textContent());
  await page.waitForFunction(() => /\d/.test((globalThis as unknown as { document: Document }).document.querySelector('[data-testid=forward]')?.textContent ?? ''), undefined, { timeout: 30_000 });
  await page.waitForSelector('[data-testid=atm-reference]:not([disabled])', { timeout: 15_000 });
  assert.equal(await page.inputValue('[data-testid=atm-reference]'), 'spot', 'default: ATM from spot, as NSE');

  await page.selectOption('[data-testid=atm-reference]', 'forward');
  // The engine re-centres every chain and pushes the new tags: wait for the highlight to land on the forward's strike.
  const settled = async (testId: string) => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (Math.abs((await atmRow()) - (await nearest(testId))) <= 25) return true;
      await page.waitForTimeout(500);
    }
    return false;
  };
  assert.ok(await settled('forward'), `highlighted row ${await atmRow()}: the strike nearest the forward ${await nearest('forward')}`);
  assert.equal(await atmRow(), num(await page.textContent('[data-testid=atm-strike]')), 'highlight and header agree');
  await page.screenshot({ path: join(RESULTS, 'chain-atm-forward.png') });

  await page.selectOption('[data-testid=atm-reference]', 'spot');
  assert.ok(await settled('spot'), `back on spot: highlighted row ${await atmRow()}, spot's strike ${await nearest('spot')}`);
  assert.equal(await atmRow(), num(await page.textContent('[data-testid=atm-strike]')));
});

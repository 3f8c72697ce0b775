// The dock's analytics charts in Chromium on the real CLI (simulator), at a laptop and a desktop
// size: the IV smile is drawn with a point per strike (its series' data and its pixels), the OI
// by strike chart has a bar pair per shown strike, the day's PCR / max pain / straddle lines
// have the simulator's backfilled day, all on the Charts tab of a first run. Screenshots in test-results/.
import { after, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { closeWorkstation, openWorkstation, RESULTS, type Workstation } from './optick-serve.ts';
import { backfillFrom } from '../src/main/sim/backfill.ts';

let current: Workstation | null = null;
const closeCurrent = async () => { const ws = current; current = null; await closeWorkstation(ws); };
afterEach(closeCurrent);
after(closeCurrent);

/** The bit of the DOM the in-page checks use (this file is typechecked without the DOM lib). */
interface Ctx { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } }
interface Canvas { width: number; height: number; getContext(kind: '2d'): Ctx | null }
interface El { dataset: Record<string, string | undefined>; querySelectorAll(s: string): ArrayLike<Canvas> }
interface Document { querySelector(selector: string): El | null; documentElement: { scrollWidth: number; clientWidth: number } }

/** Pixels of each colour (within a small distance) over every canvas of a chart. */
function colourPixels(page: Page, testid: string, colours: Record<string, [number, number, number]>): Promise<Record<string, number>> {
  return page.evaluate(({ testid, colours }) => {
    const host = (globalThis as unknown as { document: Document }).document.querySelector(`[data-testid=${testid}]`);
    const counts: Record<string, number> = Object.fromEntries(Object.keys(colours).map((k) => [k, 0]));
    for (const canvas of Array.from(host?.querySelectorAll('canvas') ?? [])) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) continue;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4) {
        for (const [name, [r, g, b]] of Object.entries(colours)) {
          if (Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 40 && data[i + 3]! > 200) counts[name]! += 1;
        }
      }
    }
    return counts;
  }, { testid, colours });
}

const dataOf = (page: Page, testid: string) => page.evaluate((id) => ({ ...(globalThis as unknown as { document: Document }).document.querySelector(`[data-testid=${id}]`)?.dataset }), testid);

async function openCharts(viewport: { width: number; height: number }): Promise<Page> {
  await closeCurrent();
  current = await openWorkstation('e2e-analytics', viewport);
  const { page } = current;
  await page.goto(current.server.url);
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 45_000 });
  // A first run: the dock opens on Charts, and its analytics cards are there without a click.
  assert.equal(await page.getAttribute('[data-testid=dock]', 'data-tab'), 'charts');
  for (const id of ['smile-card', 'oi-card', 'intraday-card']) await page.waitForSelector(`[data-testid=${id}]`, { timeout: 10_000 });
  // IVs need the pricing pool's first pass over the chain, and charts redraw once a second.
  await page.waitForFunction(() => {
    const d = (globalThis as unknown as { document: Document }).document.querySelector('[data-testid=smile-chart]')?.dataset;
    return Number(d?.callPoints ?? 0) >= 5 && Number(d?.putPoints ?? 0) >= 5;
  }, undefined, { timeout: 60_000 });
  // A first run on the simulator: the day so far is backfilled, so the day's lines have history
  // (stored beside the live feed; the chart fetches the minute history every 15 s).
  const minutes = Math.floor((Date.now() - backfillFrom(Date.now())) / 60_000);
  if (minutes >= 30) { // a point every 5 minutes
    await page.waitForFunction(() => Number((globalThis as unknown as { document: Document }).document.querySelector('[data-testid=intraday-chart]')?.dataset.pcrPoints ?? 0) >= 5, undefined, { timeout: 60_000 });
  }
  await page.waitForTimeout(1500); // one more redraw, so pixels match the data read
  return page;
}

async function checkCharts(page: Page, where: string): Promise<void> {
  const overflow = await page.evaluate(() => { const d = (globalThis as unknown as { document: Document }).document.documentElement; return d.scrollWidth - d.clientWidth; });
  assert.equal(overflow, 0, `${where}: with the charts open the page is no wider than the window`);
  const smile = await dataOf(page, 'smile-chart');
  const points = Number(smile.callPoints) + Number(smile.putPoints);
  assert.ok(points >= 20 && points <= 41, `${where}: the smile has a point per priced strike (${points})`);
  assert.match(smile.forwardStrike ?? '', /^\d+$/, `${where}: the forward is marked at a strike`);
  const ink = await colourPixels(page, 'smile-chart', { call: [0x26, 0xc2, 0x81], put: [0xf0, 0x52, 0x4f] });
  assert.ok(ink.call! > 50 && ink.put! > 50, `${where}: call and put lines are drawn (${JSON.stringify(ink)})`);

  const oi = await dataOf(page, 'oi-chart');
  assert.equal(oi.bars, '41', `${where}: a bar pair per shown strike`);
  const bars = await colourPixels(page, 'oi-chart', { call: [0x26, 0xc2, 0x81], put: [0xf0, 0x52, 0x4f] });
  assert.ok(bars.call! > 20 && bars.put! > 20, `${where}: OI bars drawn (${JSON.stringify(bars)})`);

  const day = await dataOf(page, 'intraday-chart');
  assert.ok(Number(day.pcrPoints) >= 1 && Number(day.straddlePoints) >= 1 && Number(day.maxPainPoints) >= 1, `${where}: the day's lines have points (${JSON.stringify(day)})`);
}

test('1280×720: smile with points, OI by strike and the day lines on the first run Charts tab', { timeout: 300_000 }, async () => {
  const page = await openCharts({ width: 1280, height: 720 });
  await page.screenshot({ path: join(RESULTS, 'analytics-1280x720.png') });
  await checkCharts(page, '1280×720');
});

test('1600×1000: the same, and the smile follows the chain (redrawn at most once a second)', { timeout: 300_000 }, async () => {
  const page = await openCharts({ width: 1600, height: 1000 });
  await page.screenshot({ path: join(RESULTS, 'analytics-1600x1000.png') });
  await checkCharts(page, '1600×1000');
});

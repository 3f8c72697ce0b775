// The trading-hours pane end to end in browser mode: open it from the rail, edit the NSE
// template (Monday's close, a new holiday), apply, and find the edit both after a reload and
// in GET /api/trading-hours; an NSE holiday CSV merges into the calendar; a close before the
// open is refused at its field and not saved; activating the template for the simulator's
// feed shows the live state of that template.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TradingHoursListing, TradingHoursTemplate } from '../src/shared/trading-hours.ts';
import { closeWorkstation, loadChain, openWorkstation, type Workstation } from './optick-serve.ts';

const TOKEN = 'e2e-hours-token';
const HOLIDAY = { date: '2026-12-28', description: 'E2E exchange holiday' };

let ws: Workstation | null = null;
let page: Page;

async function storedNse(): Promise<TradingHoursTemplate> {
  const res = await fetch(new URL('/api/trading-hours', ws!.server.url), { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.status, 200);
  const listing = (await res.json()) as TradingHoursListing;
  const nse = listing.templates.find((t) => t.id === 'nse-fo');
  assert.ok(nse, 'the NSE template is listed');
  return nse;
}

async function openNse(p: Page): Promise<void> {
  await p.click('[data-testid=open-settings]');
  await p.click('[data-testid=settings-trading-hours]');
  await p.click('[data-testid=th-template-nse-fo]');
  await p.waitForSelector('[data-testid=th-week]');
}

before(async () => {
  ws = await openWorkstation(TOKEN);
  page = ws.page;
});

after(() => closeWorkstation(ws));

test('an edited NSE close and a new holiday are applied, stored and still there after a reload', async () => {
  await page.goto(ws!.server.url);
  await loadChain(page);
  await openNse(page);
  await page.fill('[data-field="week.mon.normal.end"]', '15:00');
  await page.click('[data-testid=th-tab-holidays]');
  await page.fill('[aria-label="Holiday date"]', HOLIDAY.date);
  await page.fill('[aria-label="Holiday description"]', HOLIDAY.description);
  await page.click('[data-testid=th-holidays] button:has-text("Add")');
  await page.click('[data-testid=th-apply]');
  await page.waitForSelector('[data-testid=th-notice]:has-text("Apply: done")');

  const stored = await storedNse();
  assert.deepEqual(stored.week.mon.normal, { start: '09:15', end: '15:00' });
  assert.deepEqual(stored.week.tue.normal, { start: '09:15', end: '15:30' }, 'other days untouched');
  assert.ok(stored.holidays.some((h) => h.date === HOLIDAY.date && h.description === HOLIDAY.description && h.kind === 'full'));

  await page.reload();
  await loadChain(page);
  await openNse(page);
  assert.equal(await page.inputValue('[data-field="week.mon.normal.end"]'), '15:00');
  await page.click('[data-testid=th-tab-holidays]');
  assert.equal(await page.inputValue(`[aria-label="Description ${HOLIDAY.date}"]`), HOLIDAY.description);
});

test('an NSE holiday CSV is merged into the calendar', async () => {
  const chooser = page.waitForEvent('filechooser');
  await page.click('[data-testid=th-import-csv]');
  await (await chooser).setFiles({
    name: 'nse-holidays.csv', mimeType: 'text/csv',
    buffer: Buffer.from('Sr. No,Date,Day,Description\n1,29-Dec-2026,Tuesday,E2E CSV holiday\n'),
  });
  await page.waitForSelector('[data-testid=th-notice]:has-text("1 holidays merged from CSV")');
  assert.equal(await page.inputValue('[aria-label="Description 2026-12-29"]'), 'E2E CSV holiday');
  await page.click('button:has-text("Revert")'); // not applied: the next test starts from the stored copy
});

test('a close before the open is refused at its field, named, and not saved', async () => {
  await page.click('[data-testid=th-tab-week]');
  await page.fill('[data-field="week.tue.normal.end"]', '09:00');
  await page.click('[data-testid=th-apply]');
  const errors = await page.waitForSelector('[data-testid=th-errors]');
  assert.match((await errors.textContent()) ?? '', /week\.tue\.normal\.end.*after start \(09:15\)/);
  assert.match((await page.getAttribute('[data-field="week.tue.normal.end"]', 'class')) ?? '', /invalid/);
  assert.match((await page.textContent('[data-testid=th-notice]')) ?? '', /refused/);
  assert.deepEqual((await storedNse()).week.tue.normal, { start: '09:15', end: '15:30' });
});

test('activating the NSE template for the running feed shows its live state and timeline', async () => {
  await page.click('button:has-text("Revert")');
  await page.waitForSelector('[data-testid=th-errors]', { state: 'detached' });
  await page.selectOption('.th-toolbar select', 'sim');
  await page.click('button:has-text("Activate")');
  await page.waitForSelector('[data-testid=th-notice]:has-text("Activate for sim: done")');
  // 2026-11-21 is a Saturday: on any day the state names an NSE phase or the next open in IST.
  const state = await page.waitForSelector('[data-testid=th-state-sim]');
  assert.match((await state.textContent()) ?? '', /Normal market|Pre-open|Closing|Closed|Holiday|Weekend|Next open|opens/i);
  assert.ok(await page.$('[data-testid=th-timeline-sim] .th-track'), 'today has a timeline');
  await page.screenshot({ path: 'test-results/trading-hours.png' });
});

// The README's screenshot: `npm run build:renderer && npx node scripts/readme-screenshot.ts`.
// The real CLI on the simulator (a fresh data dir, so the day is backfilled), Debian's Chromium
// through playwright-core at 1600×1000, the Charts tab with the IV smile, OI by strike and the
// day's lines, written to docs/screenshot.png.
import { join } from 'node:path';
import { closeWorkstation, openWorkstation, ROOT } from '../e2e/optick-serve.ts';

/** The bit of the DOM read in the page (this file is typechecked without the DOM lib). */
interface Doc { querySelector(s: string): { dataset: Record<string, string | undefined> } | null }
const drawn = ([id, field, min]: [string, string, number]) =>
  Number((globalThis as unknown as { document: Doc }).document.querySelector(`[data-testid=${id}]`)?.dataset[field] ?? 0) >= min;

const ws = await openWorkstation('readme-screenshot', { width: 1600, height: 1000 });
try {
  const { page } = ws;
  await page.goto(ws.server.url);
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 60_000 });
  await page.waitForFunction(drawn, ['smile-chart', 'callPoints', 12] as [string, string, number], { timeout: 60_000 });
  await page.waitForFunction(drawn, ['intraday-chart', 'pcrPoints', 20] as [string, string, number], { timeout: 60_000 });
  await page.waitForTimeout(3000); // a few live ticks: flashes settle, bars fill
  const file = join(ROOT, 'docs', 'screenshot.png');
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
} finally {
  await closeWorkstation(ws);
}

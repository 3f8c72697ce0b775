// e2e setup shared by the workstation panel tests: the CLI on the simulator, headless Chromium
// and one 1600×900 page (the size of the README screenshot), torn down together.
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startOptick, stopOptick } from './optick-serve.ts';
import type { OptickServer } from './optick-serve.ts';

export interface Workstation { server: OptickServer; browser: Browser; page: Page }

export async function openWorkstation(token: string): Promise<Workstation> {
  const server = await startOptick(token);
  try {
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on('pageerror', (err) => console.error('page error:', err));
    return { server, browser, page };
  } catch (err) {
    await stopOptick(server);
    throw err;
  }
}

export async function closeWorkstation(ws: Workstation | null): Promise<void> {
  await ws?.browser.close();
  await stopOptick(ws?.server ?? null);
}

/** Waits, after a goto or a reload, for the NIFTY chain's 41 strikes in the grid. */
export async function loadChain(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 15_000 });
}

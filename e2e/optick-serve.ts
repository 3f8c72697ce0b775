// e2e helpers: `optick serve --port 0` on the simulator in a fresh data dir, headless Chromium,
// one page on it, and tearing them down together.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..');
export const RESULTS = join(ROOT, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface OptickServer { url: string; dataDir: string; child: ChildProcess; /** The built-in simulator's base URL (null on another feed). */ simUrl: string | null }

/**
 * Spawns the real CLI (Node 24 directly, so the pid is the server's) and resolves with the URL it prints.
 * `seed` writes files into the fresh data dir before the start (e.g. a corrupt config file).
 */
export async function startOptick(token: string, seed?: (dataDir: string) => void, extraArgs: string[] = []): Promise<OptickServer> {
  if (!existsSync(join(ROOT, 'out/renderer/index.html'))) throw new Error('the renderer is not built: run `npx vite build --config vite.renderer.config.ts`');
  mkdirSync(RESULTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'optick-e2e-'));
  seed?.(dataDir);
  const { child, url, simUrl } = await spawnServe(dataDir, token, extraArgs);
  return { url, dataDir, child, simUrl };
}

/**
 * Moves the simulator's index by `pct` per cent at once (its control endpoint, not Optick's API):
 * tests that need a price to cross a level make it cross instead of waiting on the random walk.
 */
export async function shockSimulator(server: OptickServer, underlying: string, pct: number): Promise<number> {
  if (!server.simUrl) throw new Error('this optick serve runs no simulator');
  const r = await fetch(`${server.simUrl}/sim/control/shock?underlying=${encodeURIComponent(underlying)}&pct=${pct}`, { method: 'POST', headers: { Authorization: 'Bearer sim-token' } });
  if (r.status !== 200) throw new Error(`simulator shock ${underlying} ${pct} %: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { data: { spot: number } }).data.spot;
}

/**
 * `optick serve --port 0` on `dataDir` (Node 24 directly, so the pid is the server's); resolves
 * with the URL it prints (`http://127.0.0.1:PORT/?token=…`). Shared by the e2e tests and bench/faults-http.
 */
export function spawnServe(dataDir: string, token: string, extraArgs: string[] = [], timeoutMs = 30_000): Promise<{ child: ChildProcess; url: string; simUrl: string | null }> {
  const child = spawn(process.execPath, ['bin/optick.mjs', 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: ROOT, env: { ...process.env, OPTICK_API_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`optick serve printed no URL within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Optick is serving on (\S+)/.exec(output);
      if (m) { clearTimeout(timer); ok({ child, url: m[1]!, simUrl: /market simulator(?: \(Upstox V3 protocol\))? on (http:\/\/[^\s,]+)/.exec(output)?.[1] ?? null }); }
    });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`optick serve exited with ${code} before serving:\n${output.slice(-2000)}`)); });
  });
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** SIGTERM, SIGKILL after 5 s, then the data dir goes. */
export async function stopOptick(server: OptickServer | null): Promise<void> {
  if (!server) return;
  const { child } = server;
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  rmSync(server.dataDir, { recursive: true, force: true });
}

export interface Workstation { server: OptickServer; browser: Browser; page: Page }

/** The CLI on the simulator, headless Chromium and one page (1600×900, the README screenshot's size, by default). */
export async function openWorkstation(token: string, viewport = { width: 1600, height: 900 }): Promise<Workstation> {
  const server = await startOptick(token);
  try {
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (err) => console.error('page error:', err));
    page.on('console', (msg) => { if (msg.type() === 'error') console.error('page console:', msg.text()); });
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

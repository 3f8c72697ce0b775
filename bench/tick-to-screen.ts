// Tick to screen in a real browser: `optick serve` on the simulator at 300, 5,000 and 20,000
// ticks/s, headless Chromium (playwright-core, /usr/bin/chromium) on its page, and the app's own
// figure (renderer/stores/screen-latency.ts): socket → painted (receive time from the delta,
// paint = first task after the frame was painted), socket → applied, and tick time → painted
// for comparison; the engine's part (socket → delta sent) from /api/option-chain/status; and
// where each update's time went, stage by stage (engine, transport, waiting for the display's
// frame, apply, render), at the median and in the slowest 1 % of updates.
// Needs the built renderer (npm run build:renderer). One JSON object.
//   npm run bench -- tick-to-screen [--rates 300,5000,20000] [--seconds 20]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, spawnServe, stopOptick } from '../e2e/optick-serve.ts';
import { summarize } from '../src/shared/latency.ts';
import type { EngineStatus } from '../src/shared/status.ts';

const { values } = parseArgs({ options: { rates: { type: 'string', default: '300,5000,20000' }, seconds: { type: 'string', default: '20' } } });
const rates = values.rates.split(',').map(Number);
const seconds = Number(values.seconds);
const TOKEN = 'bench-tts';
type Values = { socket_to_painted: number[]; socket_to_applied: number[]; tick_to_painted: number[] };
type Stages = Record<'engine' | 'transport' | 'to_frame' | 'apply' | 'render', number[]>;
type PageGlobal = { optickLatency: { reset(): void; values(now: number): Values; stages(now: number): Stages }; performance: { timeOrigin: number; now(): number } };

/** Per stage: p50 and p99 of its own, and its mean over the slowest 1 % of updates (by their stages' sum). */
function stageReport(st: Stages) {
  const names = Object.keys(st) as (keyof Stages)[];
  const n = st.engine.length;
  const totals = Array.from({ length: n }, (_, i) => names.reduce((a, k) => a + st[k][i]!, 0));
  const slowest = totals.map((t, i) => [t, i] as const).sort((a, b) => b[0] - a[0]).slice(0, Math.max(1, Math.ceil(n / 100))).map(([, i]) => i);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    updates: n,
    ...Object.fromEntries(names.map((k) => { const s = summarize(st[k]); return [k, { p50: s.p50, p99: s.p99, slowest_1pct_mean: n ? r1(slowest.reduce((a, i) => a + st[k][i]!, 0) / slowest.length) : null }]; })),
  };
}

const browser = await launchChromium();
const runs = [];
try {
  for (const rate of rates) {
    const dataDir = mkdtempSync(join(tmpdir(), 'optick-tts-'));
    const { child, url } = await spawnServe(dataDir, TOKEN, ['--rate', String(rate)], 60_000);
    const server = { child, url, dataDir, simUrl: null };
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.goto(url);
      await page.waitForSelector('[data-testid=chain-grid][data-rows="41"]', { timeout: 60_000 });
      await new Promise((r) => setTimeout(r, 5000)); // warm-up
      await page.evaluate(() => (globalThis as unknown as PageGlobal).optickLatency.reset());
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const { v, st } = await page.evaluate(() => { const g = globalThis as unknown as PageGlobal; const now = g.performance.timeOrigin + g.performance.now(); return { v: g.optickLatency.values(now), st: g.optickLatency.stages(now) }; });
      const status = (await (await fetch(new URL('/api/option-chain/status', url), { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as EngineStatus;
      const pick = (xs: number[]) => { const s = summarize(xs); return { p50: s.p50, p99: s.p99, max: s.max, samples: s.samples }; };
      const eng = status.feeds[0]?.engine_latency_ms;
      runs.push({
        sim_rate: rate, engine_received_ticks_per_s: status.ticks_per_s,
        socket_to_painted_ms: pick(v.socket_to_painted), socket_to_applied_ms: pick(v.socket_to_applied), tick_time_to_painted_ms: pick(v.tick_to_painted),
        engine_socket_to_sent_ms: eng ? { p50: eng.p50, p99: eng.p99 } : null, stages_ms: stageReport(st), falling_behind: status.feeds[0]?.load?.falling_behind ?? null,
      });
      await page.close();
    } finally {
      await stopOptick(server);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({
  bench: 'tick-to-screen', seconds_measured: seconds, load_average: loadavg().map((x) => Math.round(x * 10) / 10), runs,
  targets: { socket_to_painted_p99_ms_at_5000: 50, socket_to_painted_p99_ms_at_20000: 100 },
  note: 'headless Chromium on optick serve (simulator); socket = Optick receiving the frame; painted = first task after the frame that showed it; '
    + 'sim_rate is ticks/s generated over the whole simulated universe, engine_received_ticks_per_s what reached the engine: only subscribed instruments, and an instrument ticking twice within one simulator slot arrives once (its latest)',
}));

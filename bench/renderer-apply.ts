// Renderer per-frame cost. Worst case per frame: every leg of a 41-strike chain changed
// (82 legs, 6 fields each) plus head and metrics. Prints one JSON object with two parts:
//  - node: parse one pushed frame, apply it to the ChainBook, build the grid transaction (no DOM);
//  - chromium: the same frames applied to the real chain grid in headless Chromium, one
//    transaction per animation frame, for the app's mount (AgGridReact) and the createGrid
//    baseline, in interleaved rounds; main-thread time per frame from the DevTools Performance
//    metrics (script, style, layout, whole task), median of the rounds.
//   npm run bench renderer-apply [-- --frames 5000 --grid-frames 300 --rounds 3 --no-browser]
import { parseArgs } from 'node:util';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseHostFrame } from '../src/renderer/api/frames.ts';
import { ChainBook } from '../src/renderer/stores/chain-book.ts';
import { launchChromium } from '../e2e/optick-serve.ts';
import { benchChain, benchFrameText } from './renderer-grid/frames.ts';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '5000' },
    'grid-frames': { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    'no-browser': { type: 'boolean', default: false },
  },
});
const frames = Number(values.frames);
const round1 = (v: number) => Math.round(v * 10) / 10;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

function nodePart() {
  const book = new ChainBook(benchChain());
  book.snapshotRows();
  const texts = Array.from({ length: frames }, (_, n) => benchFrameText(n + 1));
  const micros: number[] = [];
  let updates = 0;
  for (let n = 0; n < frames; n++) {
    const t = performance.now();
    const frame = parseHostFrame(texts[n]!);
    if ('push' in frame && frame.push.type === 'chain.delta') book.apply(frame.push.deltas);
    const tx = book.takeTransaction();
    updates += (tx?.update.length ?? 0) + (tx?.repaint.length ?? 0);
    micros.push((performance.now() - t) * 1000);
  }
  micros.sort((a, b) => a - b);
  const at = (q: number) => round1(micros[Math.min(micros.length - 1, Math.floor(q * micros.length))]!);
  return {
    frames, frame_bytes: texts[0]!.length, rows_updated_per_frame: updates / frames,
    us_per_frame_p50: at(0.5), us_per_frame_p99: at(0.99), us_per_frame_max: round1(micros[micros.length - 1]!),
    note: 'parse + applyChainDelta + transaction build; no DOM',
  };
}

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2' };

async function chromiumPart() {
  const gridFrames = Number(values['grid-frames']);
  const rounds = Number(values.rounds);
  const out = mkdtempSync(join(tmpdir(), 'optick-bench-grid-'));
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({ root: resolve('bench/renderer-grid'), base: './', logLevel: 'error', plugins: [react()], build: { outDir: out, emptyOutDir: true, chunkSizeWarningLimit: 4000 } });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      const body = readFileSync(join(out, path === '/' ? 'index.html' : path.replace(/\.\./g, '')));
      res.writeHead(200, { 'content-type': MIME[extname(path || '.html')] ?? 'text/html' }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await launchChromium();
  type Sample = { cpu: number; task: number; script: number; style: number; layout: number; sync: number; long: number };
  const samples: Record<string, Sample[]> = { createGrid: [], app: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      for (const mode of ['createGrid', 'app']) {
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        page.on('pageerror', (err) => console.error(`bench page (${mode}):`, err));
        await page.goto(`${url}index.html?grid=${mode}`);
        await page.waitForFunction(() => (globalThis as unknown as { benchReady?: () => boolean }).benchReady?.() === true, undefined, { timeout: 30_000 });
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Performance.enable');
        const runFrames = (n: number, offset: number) => page.evaluate(([count, from]) =>
          (globalThis as unknown as { benchRun: (n: number, o: number) => Promise<{ sync_ms_total: number; long_frames: number }> }).benchRun(count!, from!), [n, offset]);
        await runFrames(60, 0); // warm-up: JIT, first flashes
        const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
        const before = await metric();
        const run = await runFrames(gridFrames, 1000);
        const after = await metric();
        const per = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000 / gridFrames;
        samples[mode]!.push({ cpu: per('ThreadTime'), task: per('TaskDuration'), script: per('ScriptDuration'), style: per('RecalcStyleDuration'), layout: per('LayoutDuration'), sync: run.sync_ms_total / gridFrames, long: run.long_frames });
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(out, { recursive: true, force: true });
  }
  const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
  const summary = (list: Sample[]) => ({
    main_thread_cpu_ms_per_frame: round3(median(list.map((s) => s.cpu))),
    task_ms_per_frame: round3(median(list.map((s) => s.task))),
    script_ms_per_frame: round3(median(list.map((s) => s.script))),
    style_ms_per_frame: round3(median(list.map((s) => s.style))),
    layout_ms_per_frame: round3(median(list.map((s) => s.layout))),
    apply_call_ms_per_frame: round3(median(list.map((s) => s.sync))),
    frames_over_25ms: median(list.map((s) => s.long)),
  });
  const app = summary(samples.app!), baseline = summary(samples.createGrid!);
  return {
    frames_per_round: gridFrames, rounds, viewport: '1600x1000',
    app_grid: app, create_grid_baseline: baseline,
    cpu_ratio_app_vs_baseline: round3(app.main_thread_cpu_ms_per_frame / baseline.main_thread_cpu_ms_per_frame),
    note: 'one transaction per animation frame (the app applies one every display frame); DevTools main-thread CPU (ThreadTime) and task/script/style/layout time per frame; medians of the rounds',
  };
}

const result: Record<string, unknown> = { bench: 'renderer-apply', frame_budget_us: 16_667, node: nodePart() };
if (!values['no-browser']) result.chromium = await chromiumPart();
console.log(JSON.stringify(result));

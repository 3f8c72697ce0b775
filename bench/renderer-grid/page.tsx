// The renderer-apply benchmark's page: the real chain grid (columns, theme, options) mounted
// either as the app mounts it (OptionChainGrid) or with ag-grid-community's createGrid (the
// baseline the app used before), fed one transaction per animation frame from pushed frames.
import { createRoot } from 'react-dom/client';
import { createGrid } from 'ag-grid-community';
import type { ChainRow } from '../../src/shared/chain.ts';
import { parseHostFrame } from '../../src/renderer/api/frames.ts';
import { ChainBook } from '../../src/renderer/stores/chain-book.ts';
import type { ChainSession, GridSink } from '../../src/renderer/stores/chain-session.ts';
import { OptionChainGrid } from '../../src/renderer/components/OptionChainGrid.tsx';
import { chainGridOptions, sinkFor } from '../../src/renderer/components/chain-grid-options.ts';
import '../../src/renderer/styles.css';
import { createColumnChoiceStore } from '../../src/renderer/components/chain/column-choice.ts';
import { benchChain, benchFrameText } from './frames.ts';

interface RunResult { frames: number; sync_ms_total: number; wall_ms: number; long_frames: number }

const mode = new URLSearchParams(location.search).get('grid') ?? 'app';
const root = document.getElementById('root')!;
let sink: GridSink | null = null;
const book = new ChainBook(benchChain());
const columns = createColumnChoiceStore(null);

// Only attachGrid is used by the grid component.
const session = { attachGrid(grid: GridSink) { sink = grid; grid.reset(book.snapshotRows(), book.model.atm_strike); return () => { sink = null; }; } } as unknown as ChainSession;

if (mode === 'createGrid') {
  const el = document.createElement('div');
  el.className = 'chain-grid';
  el.dataset.testid = 'chain-grid';
  el.style.flex = '1';
  root.append(el);
  createGrid<ChainRow>(el, chainGridOptions((api) => session.attachGrid(sinkFor(api)), () => el, columns));
} else {
  createRoot(root).render(<section className="panel chain-panel" style={{ flex: 1 }}><OptionChainGrid session={session} columns={columns} /></section>);
}

/** Applies `frames` pushed frames, one per animation frame, the way the chain session does. */
async function run(frames: number, offset: number): Promise<RunResult> {
  const texts = Array.from({ length: frames }, (_, n) => benchFrameText(offset + n + 1));
  let sync = 0, long = 0, n = 0;
  const start = performance.now();
  let last = start;
  await new Promise<void>((done) => {
    const step = (now: number) => {
      if (now - last > 25) long++;
      last = now;
      if (n === frames) { done(); return; }
      const t = performance.now();
      const frame = parseHostFrame(texts[n++]!);
      if ('push' in frame && frame.push.type === 'chain.delta') book.apply(frame.push.deltas);
      const tx = book.takeTransaction();
      if (tx) sink?.apply(tx);
      sync += performance.now() - t;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  return { frames, sync_ms_total: sync, wall_ms: performance.now() - start, long_frames: long };
}

const ready = () => document.querySelector('[data-testid=chain-grid]')?.getAttribute('data-rows') === '41';
Object.assign(window, { benchRun: run, benchReady: ready });

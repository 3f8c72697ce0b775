// Renderer per-frame cost without the DOM: parse one pushed frame, apply its deltas to the
// ChainBook and build the grid transaction. Worst case per frame: every leg of a 41-strike
// chain changed (82 legs, 6 fields each) plus head and metrics. Prints one JSON object.
//   npx node bench/renderer-apply.ts [--frames 5000]
import { parseArgs } from 'node:util';
import { CHAIN_HALF_WIDTH, chainId, emptyLeg, emptyMetrics, strikeTag } from '../src/shared/chain.ts';
import type { OptionChainModel } from '../src/shared/chain.ts';
import type { ChainDelta, RowPatch } from '../src/shared/delta.ts';
import { parseHostFrame } from '../src/renderer/api/frames.ts';
import { ChainBook } from '../src/renderer/stores/chain-book.ts';

const { values } = parseArgs({ options: { frames: { type: 'string', default: '5000' } } });
const frames = Number(values.frames);
const STEP = 50, ATM = 24500, EXPIRY = '2026-11-23';

function chain(): OptionChainModel {
  const options = [];
  for (let i = -CHAIN_HALF_WIDTH; i <= CHAIN_HALF_WIDTH; i++) {
    const strike = ATM + i * STEP;
    options.push({ tag: strikeTag(i), strike, ce_data: emptyLeg(`NIFTY23NOV26${strike}CE`, `NSE_FO|c${strike}`), pe_data: emptyLeg(`NIFTY23NOV26${strike}PE`, `NSE_FO|p${strike}`) });
  }
  return {
    underlying: 'NIFTY', underlying_ltp: ATM, underlying_change: 0, atm_strike: ATM, strike_step: STEP, lot_size: 65,
    expiry: EXPIRY, timestamp: 0, forward: null, time_to_expiry: null, rate: null, spot: null, atm_reference: 'spot', forward_source: null, prev_oi_source: null, prev_oi_date: null, options, market_metrics: emptyMetrics(),
  };
}

function frameText(n: number): string {
  const rows: RowPatch[] = [];
  for (let i = -CHAIN_HALF_WIDTH; i <= CHAIN_HALF_WIDTH; i++) {
    const p = 100 + n * 0.05 + i;
    const leg = { ltp: p, bid: p - 0.05, ask: p + 0.05, bid_qty: 650 + n, ask_qty: 325 + n, volume: 1_000_000 + n };
    rows.push({ strike: ATM + i * STEP, ce: leg, pe: leg });
  }
  const delta: ChainDelta = { chain: chainId('NIFTY', EXPIRY), head: { underlying_ltp: ATM + n * 0.05, timestamp: n }, rows, metrics: { pcr: 1 + n / 1e6 } };
  return JSON.stringify({ push: { type: 'chain.delta', seq: n, deltas: [delta] } });
}

const book = new ChainBook(chain());
book.snapshotRows();
const texts = Array.from({ length: frames }, (_, n) => frameText(n + 1));
const micros: number[] = [];
let updates = 0;
for (let n = 0; n < frames; n++) {
  const t = performance.now();
  const frame = parseHostFrame(texts[n]);
  if ('push' in frame && frame.push.type === 'chain.delta') book.apply(frame.push.deltas);
  updates += book.takeTransaction()?.update.length ?? 0;
  micros.push((performance.now() - t) * 1000);
}
micros.sort((a, b) => a - b);
const at = (q: number) => Math.round(micros[Math.min(micros.length - 1, Math.floor(q * micros.length))]! * 10) / 10;
console.log(JSON.stringify({
  bench: 'renderer-apply',
  frames,
  frame_bytes: texts[0]!.length,
  rows_updated_per_frame: updates / frames,
  us_per_frame_p50: at(0.5),
  us_per_frame_p99: at(0.99),
  us_per_frame_max: Math.round(micros[micros.length - 1]! * 10) / 10,
  frame_budget_us: 16_667,
  note: 'parse + applyChainDelta + transaction build; AG Grid DOM work not included',
}));

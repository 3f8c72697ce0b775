// The renderer benchmark's chain and frames, shared by the Node part and the Chromium page:
// a 41-strike NIFTY chain, and frame n with every leg changed (6 fields each) plus head and metrics.
import { CHAIN_HALF_WIDTH, chainId, emptyLeg, emptyMetrics, strikeTag } from '../../src/shared/chain.ts';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import type { ChainDelta, RowPatch } from '../../src/shared/delta.ts';

const STEP = 50, ATM = 24500, EXPIRY = '2026-11-23';

export function benchChain(): OptionChainModel {
  const options = [];
  for (let i = -CHAIN_HALF_WIDTH; i <= CHAIN_HALF_WIDTH; i++) {
    const strike = ATM + i * STEP;
    const ce = { ...emptyLeg(`NIFTY23NOV26${strike}CE`, `NSE_FO|c${strike}`), oi: 1_000_000 + i * 1000, volume: 1_000_000, ltp: 100, iv: 0.14, delta: 0.5 };
    const pe = { ...emptyLeg(`NIFTY23NOV26${strike}PE`, `NSE_FO|p${strike}`), oi: 1_000_000 - i * 1000, volume: 1_000_000, ltp: 100, iv: 0.14, delta: -0.5 };
    options.push({ tag: strikeTag(i), strike, ce_data: ce, pe_data: pe });
  }
  return {
    underlying: 'NIFTY', underlying_ltp: ATM, underlying_change: 0, atm_strike: ATM, strike_step: STEP, lot_size: 65,
    expiry: EXPIRY, timestamp: 0, forward: null, time_to_expiry: null, rate: null, spot: null, atm_reference: 'spot', forward_source: null, prev_oi_source: null, prev_oi_date: null, options, market_metrics: emptyMetrics(),
  };
}

/** Frame n as the host pushes it (JSON text). Prices alternate up and down so both flashes run. */
export function benchFrameText(n: number): string {
  const rows: RowPatch[] = [];
  for (let i = -CHAIN_HALF_WIDTH; i <= CHAIN_HALF_WIDTH; i++) {
    const p = 100 + (n % 2 ? 0.05 : -0.05) * (n % 7) + i;
    const leg = { ltp: p, bid: p - 0.05, ask: p + 0.05, bid_qty: 650 + n, ask_qty: 325 + n, volume: 1_000_000 + n };
    rows.push({ strike: ATM + i * STEP, ce: leg, pe: leg });
  }
  const delta: ChainDelta = { chain: chainId('NIFTY', EXPIRY), head: { underlying_ltp: ATM + n * 0.05, timestamp: n }, rows, metrics: { pcr: 1 + n / 1e6 } };
  return JSON.stringify({ push: { type: 'chain.delta', seq: n, deltas: [delta] } });
}

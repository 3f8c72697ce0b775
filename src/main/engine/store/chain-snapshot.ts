// The per-minute chain snapshot the store keeps, taken from the chain model the engine serves.
import type { ChainRow, OptionChainModel, OptionLeg } from '../../../shared/chain.ts';
import type { ChainSnapshot, ChainSnapshotLeg } from './protocol.ts';

function leg(row: ChainRow, side: 'CE' | 'PE', l: OptionLeg): ChainSnapshotLeg {
  return {
    strike: row.strike, side, instrumentKey: l.instrument_key,
    ltp: l.ltp, bid: l.bid, ask: l.ask, bidQty: l.bid_qty, askQty: l.ask_qty, volume: l.volume, oi: l.oi,
    iv: l.iv, delta: l.delta, gamma: l.gamma, theta: l.theta, vega: l.vega, rho: l.rho,
  };
}

/** Every strike's quote, OI, IV and Greeks plus the chain metrics, stamped `ts` (default: the chain's own timestamp). */
export function snapshotFromChain(chain: OptionChainModel, ts?: number): ChainSnapshot {
  const at = ts ?? chain.timestamp;
  if (at == null || !Number.isFinite(at)) throw new RangeError(`chain ${chain.underlying} ${chain.expiry}: snapshot needs a timestamp (the chain has none yet)`);
  const legs: ChainSnapshotLeg[] = [];
  for (const row of chain.options) {
    if (row.ce_data) legs.push(leg(row, 'CE', row.ce_data));
    if (row.pe_data) legs.push(leg(row, 'PE', row.pe_data));
  }
  return {
    ts: at, underlying: chain.underlying, expiry: chain.expiry,
    underlyingLtp: chain.underlying_ltp, forward: chain.forward, atmStrike: chain.atm_strike, timeToExpiry: chain.time_to_expiry,
    metrics: { ...chain.market_metrics }, legs,
  };
}

// The instrument registry of a replay, from the store: its instruments table (options with
// underlying, expiry, strike, side) and the underlyings sidecar the recording wrote (lot size,
// strike step). An underlying recorded without the sidecar gets its strike step from its strikes
// and lot size 1, with a warning (the store does not keep lot sizes).
import type { OptionContract, OptionSide, UnderlyingInfo } from '../../../../shared/market.ts';
import { InstrumentRegistry, modalStrikeStep } from '../../instruments/registry.ts';
import type { Logger } from '../../log.ts';
import type { StoredInstrument } from '../../store/store-reader.ts';
import { NSE_INDEX_KEYS, readUnderlyings } from '../../history/instruments.ts';

/** NSE minimum price step of index options. */
const NSE_OPTION_TICK = 0.05;

export function replayRegistry(stored: readonly StoredInstrument[], dbFile: string, timeZone: string, log: Logger): InstrumentRegistry {
  const known = new Map(readUnderlyings(dbFile).map((u) => [u.name, u]));
  const options = stored.filter((i) => i.underlying && i.expiry && i.strike !== null && (i.side === 'CE' || i.side === 'PE') && i.symbol);
  const names = new Set(stored.map((i) => i.underlying).filter((u): u is string => !!u));
  const underlyings: UnderlyingInfo[] = [];
  for (const name of names) {
    const info = known.get(name);
    if (info) { underlyings.push(info); continue; }
    const key = stored.find((i) => i.underlying === name && !i.expiry)?.key ?? NSE_INDEX_KEYS[name];
    if (!key) { log('warn', `replay: underlying ${name} has no index instrument in the store; its options are left out`); continue; }
    const strikes = [...new Set(options.filter((o) => o.underlying === name).map((o) => o.strike!))].sort((a, b) => a - b);
    log('warn', `replay: no recorded contract facts for ${name} (${dbFile}.underlyings.json); lot size 1`);
    underlyings.push({ name, key, exchange: 'NSE', strikeStep: modalStrikeStep(strikes) || 1, lotSize: 1, timeZone });
  }
  const lot = new Map(underlyings.map((u) => [u.name, u.lotSize]));
  const contracts: OptionContract[] = options.filter((o) => lot.has(o.underlying!)).map((o) => ({
    key: o.key, symbol: o.symbol!, underlying: o.underlying!, expiry: o.expiry!, strike: o.strike!,
    side: o.side as OptionSide, lotSize: lot.get(o.underlying!)!, tickSize: NSE_OPTION_TICK,
  }));
  return new InstrumentRegistry(underlyings, contracts);
}

// Upstox instrument master (JSON records, protocols.md §1.9) → Optick instruments.
// Runtime: std; downloading and caching live in instrument-master-node.ts.
import type { OptionContract, UnderlyingInfo } from '../../../../shared/market.ts';
import { InstrumentRegistry, modalStrikeStep } from '../../instruments/registry.ts';
import { openAlgoOptionSymbol } from '../../instruments/symbols.ts';
import { zonedDate } from '../../time/zoned.ts';

/** The fields of an Upstox instrument record that Optick reads. */
export interface UpstoxInstrumentRecord {
  segment?: string;
  name?: string;
  exchange?: string;
  expiry?: number;
  instrument_type?: string;
  underlying_symbol?: string;
  instrument_key?: string;
  lot_size?: number;
  underlying_key?: string;
  tick_size?: number;
  trading_symbol?: string;
  strike_price?: number;
  weekly?: boolean;
  freeze_quantity?: number;
}

export const NSE_TIME_ZONE = 'Asia/Kolkata';

export interface MasterOptions {
  /** Underlyings to keep, by trading symbol (e.g. NIFTY, BANKNIFTY). */
  underlyings: readonly string[];
  /** Drop contracts that expired before this date ('YYYY-MM-DD', exchange zone). */
  today: string;
}

export class InstrumentMasterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstrumentMasterError';
  }
}

/**
 * Builds the registry from instrument-master records: options of the wanted underlyings
 * (CE/PE in NSE_FO), their index records, strike steps and lot sizes from the data itself.
 * Upstox's JSON appears to carry tick_size in paise (5.0 for ₹0.05; unconfirmed, see
 * protocols.md §1.9): values ≥ 1 on NSE_FO are read as paise.
 */
export function registryFromUpstoxMaster(records: Iterable<UpstoxInstrumentRecord>, opts: MasterOptions): InstrumentRegistry {
  const wanted = new Set(opts.underlyings.map((u) => u.toUpperCase()));
  const options: OptionContract[] = [];
  const indexKeys = new Map<string, string>();
  const underlyingKeyOf = new Map<string, string>();
  const lots = new Map<string, number>();
  for (const r of records) {
    if (r.instrument_type === 'INDEX' && r.trading_symbol && wanted.has(r.trading_symbol.toUpperCase()) && r.instrument_key) {
      indexKeys.set(r.trading_symbol.toUpperCase(), r.instrument_key);
      continue;
    }
    if (r.segment !== 'NSE_FO' || (r.instrument_type !== 'CE' && r.instrument_type !== 'PE')) continue;
    const base = r.underlying_symbol?.toUpperCase();
    if (!base || !wanted.has(base)) continue;
    if (!r.instrument_key || typeof r.expiry !== 'number' || typeof r.strike_price !== 'number' || !(r.lot_size! > 0)) {
      throw new InstrumentMasterError(`instrument master: option record ${r.instrument_key ?? r.trading_symbol ?? '?'} lacks key, expiry, strike or lot size`);
    }
    const expiry = zonedDate(r.expiry, NSE_TIME_ZONE);
    if (expiry < opts.today) continue;
    const tick = r.tick_size ?? 5;
    options.push({
      key: r.instrument_key,
      symbol: openAlgoOptionSymbol(base, expiry, r.strike_price, r.instrument_type),
      underlying: base,
      expiry,
      strike: r.strike_price,
      side: r.instrument_type,
      lotSize: r.lot_size!,
      tickSize: tick >= 1 ? tick / 100 : tick,
      ...(typeof r.freeze_quantity === 'number' && r.freeze_quantity > 0 && { freezeQty: r.freeze_quantity }),
    });
    if (r.underlying_key) underlyingKeyOf.set(base, r.underlying_key);
    lots.set(base, r.lot_size!);
  }
  const underlyings: UnderlyingInfo[] = [];
  for (const name of wanted) {
    const key = indexKeys.get(name) ?? underlyingKeyOf.get(name);
    const lotSize = lots.get(name);
    if (!key || !lotSize) continue;
    const nearest = options.filter((o) => o.underlying === name).reduce((e, o) => (o.expiry < e ? o.expiry : e), '9999-12-31');
    const strikes = [...new Set(options.filter((o) => o.underlying === name && o.expiry === nearest).map((o) => o.strike))].sort((a, b) => a - b);
    underlyings.push({ name, key, exchange: 'NSE', strikeStep: modalStrikeStep(strikes), lotSize, timeZone: NSE_TIME_ZONE });
  }
  if (underlyings.length === 0) {
    throw new InstrumentMasterError(`instrument master has no live options for ${[...wanted].join(', ')}`);
  }
  return new InstrumentRegistry(underlyings, options);
}

// The JSON stream's instruments: each symbol (a perpetual such as BTC-PERP) is an underlying
// with no option chain, traded 24×7 on UTC days; quantities are whole quantity steps and the lot
// is one step (lots × lot = coins). Pure (std).
import type { UnderlyingInfo } from '../../../../shared/market.ts';
import { InstrumentRegistry } from '../../instruments/registry.ts';

export function streamRegistry(symbols: readonly string[], qtyStep: number): InstrumentRegistry {
  const underlyings: UnderlyingInfo[] = symbols.map((s) => ({ name: s, key: s, exchange: 'CRYPTO', strikeStep: 1, lotSize: qtyStep, timeZone: 'UTC', chain: false }));
  return new InstrumentRegistry(underlyings, []);
}

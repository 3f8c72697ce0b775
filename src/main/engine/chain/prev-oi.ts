// Previous-close open interest of a chain's contracts: the baseline for ΔOI and buildup.
// Built by whoever knows it (the tick store's last OI of the previous session, or an imported
// NSE F&O bhavcopy) and handed to the engine. Runtime: std.
import type { PrevOiSource } from '../../../shared/chain.ts';

export interface PrevOiBaseline {
  source: PrevOiSource;
  /** Trade date of the close, 'YYYY-MM-DD' in the exchange zone. */
  date: string;
  /** instrument key → OI at that close, in units (lots × lot size) like the feed's `oi`. */
  oi: ReadonlyMap<string, number>;
}

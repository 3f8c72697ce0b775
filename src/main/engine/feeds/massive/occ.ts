// OCC/OSI option tickers as Massive (Polygon) writes them: 'O:' + root + YYMMDD + C|P + strike×1000
// in 8 digits, e.g. O:SPY251219C00600000 (protocols.md §3.4). Parsed from the right, so roots of
// any length (SPY, SPXW, AMC1) work. Runtime: std.
import type { OptionSide } from '../../../../shared/market.ts';

export interface OccContract {
  /** Option root, e.g. 'SPY' (adjusted roots like 'AMC1' stay as they are). */
  root: string;
  /** 'YYYY-MM-DD'. */
  expiry: string;
  side: OptionSide;
  strike: number;
}

const OCC_RE = /^O:([A-Z0-9.]{1,6})(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/** The contract an OCC ticker names, or null when the ticker is not one. */
export function parseOccTicker(ticker: string): OccContract | null {
  const m = OCC_RE.exec(ticker);
  if (!m) return null;
  const [, root, yy, mm, dd, cp, strike] = m as unknown as [string, string, string, string, string, string, string];
  const month = Number(mm);
  const day = Number(dd);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { root, expiry: `20${yy}-${mm}-${dd}`, side: cp === 'C' ? 'CE' : 'PE', strike: Number(strike) / 1000 };
}

/** O:SPY251219C00600000 from its parts (strike in dollars, to a tenth of a cent). */
export function occTicker(root: string, expiry: string, side: OptionSide, strike: number): string {
  const m = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(expiry);
  if (!m) throw new RangeError(`occTicker: expiry '${expiry}' of ${root} is not YYYY-MM-DD`);
  const milli = Math.round(strike * 1000);
  if (!(milli > 0 && milli < 1e8)) throw new RangeError(`occTicker: strike ${strike} of ${root} does not fit 8 digits`);
  return `O:${root}${m[1]}${m[2]}${m[3]}${side === 'CE' ? 'C' : 'P'}${String(milli).padStart(8, '0')}`;
}

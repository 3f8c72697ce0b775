// Symbol formats. Runtime: std.
import type { OptionSide } from '../../../shared/market.ts';

/** Month abbreviations as NSE and OpenAlgo symbols spell them. */
export const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Formats a strike the way symbols carry it: integers plain, fractions with their decimals (292.5). */
export function formatStrike(strike: number): string {
  return Number.isInteger(strike) ? String(strike) : String(Number(strike.toFixed(4)));
}

/**
 * OpenAlgo option symbol: BASE + DD + MMM + YY + STRIKE + CE|PE, e.g. NIFTY07JUL2624500CE.
 * @param expiry 'YYYY-MM-DD'
 */
export function openAlgoOptionSymbol(base: string, expiry: string, strike: number, side: OptionSide): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expiry);
  if (!m) throw new RangeError(`openAlgoOptionSymbol: expiry '${expiry}' of ${base} is not YYYY-MM-DD`);
  const [, yyyy, mm, dd] = m as unknown as [string, string, string, string];
  const month = MONTHS[Number(mm) - 1];
  if (!month) throw new RangeError(`openAlgoOptionSymbol: expiry '${expiry}' of ${base} has no month ${mm}`);
  return `${base}${dd}${month}${yyyy.slice(2)}${formatStrike(strike)}${side}`;
}

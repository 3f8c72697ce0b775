// Symbol formats. Runtime: std.
import type { OptionSide } from '../../../shared/market.ts';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

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

export interface ParsedOptionSymbol {
  base: string;
  expiry: string;
  strike: number;
  side: OptionSide;
}

const OPENALGO_OPTION = /^([A-Z0-9&-]+?)(\d{2})([A-Z]{3})(\d{2})(\d+(?:\.\d+)?)(CE|PE)$/;

/** Parses an OpenAlgo option symbol; null when it is not one. */
export function parseOpenAlgoOptionSymbol(symbol: string): ParsedOptionSymbol | null {
  const m = OPENALGO_OPTION.exec(symbol);
  if (!m) return null;
  const [, base, dd, mon, yy, strike, side] = m as unknown as [string, string, string, string, string, string, OptionSide];
  const month = MONTHS.indexOf(mon);
  if (month < 0) return null;
  return { base, expiry: `20${yy}-${String(month + 1).padStart(2, '0')}-${dd}`, strike: Number(strike), side };
}

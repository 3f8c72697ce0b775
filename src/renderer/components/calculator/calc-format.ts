// Figures of the calculator: the premium to 2 decimals and delta to 3 like the chain; the other
// Greeks to 4 significant digits but never fewer than 2 decimals, so a NIFTY gamma of 0.0006523
// is not shown as 0.000 and a theta of −12.3456 reads −12.35.
import { formatGreek, formatIv, formatPrice } from '../../format.ts';

const fine = new Intl.NumberFormat('en-IN', {
  maximumSignificantDigits: 4, maximumFractionDigits: 2, roundingPriority: 'morePrecision', signDisplay: 'negative',
});

export const formatPremium = formatPrice;
export const formatDelta = formatGreek;
export const formatFineGreek = (v: number): string => (Number.isFinite(v) ? fine.format(v) : '');
/** A decimal vol in percent with the sign: 0.2 → "20.00 %". */
export const formatVolPct = (v: number): string => `${formatIv(v)} %`;
/** Years to expiry for the line under the expiry input: "0.3846 y · 140.38 d". */
export function formatYears(years: number): string {
  return `${years.toFixed(years < 0.01 ? 6 : 4)} y · ${(years * 365).toFixed(2)} d`;
}

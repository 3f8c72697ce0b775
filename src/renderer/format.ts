// Number and time formatters for the chain screen, created once at module load.
// Intl rounds on the decimal value (1.005 → 1.01), which toFixed does not, so every
// figure shown here is correct to its last printed digit. null/undefined → '' (blank cell).

type Maybe = number | null | undefined;

const LOCALE = 'en-IN';
export const EXCHANGE_TIME_ZONE = 'Asia/Kolkata';

const price2 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'negative' });
const signed2 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const signedPct2 = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const pct2 = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'negative' });
const greek3 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 3, maximumFractionDigits: 3, signDisplay: 'negative' });
// Quantities are whole contracts/shares, but NSE reports fractional OI on old contracts
// (319.5 after a lot-size change); show the fraction rather than round it away.
const quantity = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2, signDisplay: 'negative' });
const strike = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const rate1 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 0, maximumFractionDigits: 1 });
const istClock = new Intl.DateTimeFormat(LOCALE, {
  timeZone: EXCHANGE_TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

const isNumber = (v: Maybe): v is number => typeof v === 'number' && Number.isFinite(v);

/** Premium or index level: 2 decimals, Indian grouping (24,512.35; 12,34,567.50). */
export function formatPrice(v: Maybe): string {
  return isNumber(v) ? price2.format(v) : '';
}

/** A strike: whole strikes without decimals (24,500), fractional ones as listed (212.5). */
export function formatStrike(v: Maybe): string {
  return isNumber(v) ? strike.format(v) : '';
}

/** A change with its sign: +12.30, −4.05, 0.00. */
export function formatChange(v: Maybe): string {
  return isNumber(v) ? signed2.format(v) : '';
}

/** Change as a percent of the previous close (ltp − change): +0.52%. */
export function formatChangePercent(ltp: Maybe, change: Maybe): string {
  if (!isNumber(ltp) || !isNumber(change)) return '';
  const prevClose = ltp - change;
  return prevClose > 0 ? signedPct2.format(change / prevClose) : '';
}

/** Quantity, volume or OI with Indian digit grouping: 1,23,45,678. */
export function formatQty(v: Maybe): string {
  return isNumber(v) ? quantity.format(v) : '';
}

const signedQty = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const signed1 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** A quantity change with its sign and Indian grouping: +1,23,450, −3,900, 0. */
export function formatSignedQty(v: Maybe): string {
  return isNumber(v) ? signedQty.format(v) : '';
}

/** Percent points with their sign, to one decimal: 12.5 → +12.5% (the chain's oi_change_pct is in percent, as NSE's). */
export function formatSignedPercent(v: Maybe): string {
  return isNumber(v) ? `${signed1.format(v)}%` : '';
}

/** Implied volatility held as a decimal, shown in percent with its sign: 0.1534 → 15.34%. */
export function formatVolPercent(v: Maybe): string {
  return isNumber(v) ? pct2.format(v) : '';
}

/** Implied volatility held as a decimal, shown in percent points without the sign: 0.1534 → 15.34. */
export function formatIv(v: Maybe): string {
  if (!isNumber(v)) return '';
  let out = '';
  for (const part of pct2.formatToParts(v)) if (part.type !== 'percentSign') out += part.value;
  return out;
}

/** Delta (or any greek shown to 3 places): 0.523, −0.477. */
export function formatGreek(v: Maybe): string {
  return isNumber(v) ? greek3.format(v) : '';
}

/** Rates such as ticks per second: whole numbers grouped, one decimal below 10. */
export function formatRate(v: Maybe): string {
  return isNumber(v) ? rate1.format(v < 10 ? v : Math.round(v)) : '';
}

/** Epoch ms as the exchange's wall clock, HH:MM:SS IST. */
export function formatTimeIst(epochMs: Maybe): string {
  return isNumber(epochMs) ? istClock.format(epochMs) : '';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An expiry date 'YYYY-MM-DD' (a calendar date in the exchange's zone) as "23 Nov 2026 (Mon)".
 * Built from fixed month/day names: ICU spells September "Sept" in some locales.
 * A string that is not a real date is returned unchanged so the selector still shows it.
 */
export function formatExpiry(expiry: string): string {
  const date = parseIsoDate(expiry);
  if (!date) return expiry;
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${day} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} (${WEEKDAYS[date.getUTCDay()]})`;
}

/** Whole calendar days from `nowMs` (read in IST) to the expiry date; null for a malformed date. */
export function daysToExpiry(expiry: string, nowMs: number): number | null {
  const date = parseIsoDate(expiry);
  if (!date) return null;
  const today = parseIsoDate(isoDateIst(nowMs));
  return today ? Math.round((date.getTime() - today.getTime()) / 86_400_000) : null;
}

const istDate = new Intl.DateTimeFormat('en-CA', { timeZone: EXCHANGE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The IST calendar date of an instant, 'YYYY-MM-DD'. */
export function isoDateIst(epochMs: number): string {
  return istDate.format(epochMs);
}

function parseIsoDate(text: string): Date | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // Reject 2026-02-30 and the like, which Date silently rolls over.
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

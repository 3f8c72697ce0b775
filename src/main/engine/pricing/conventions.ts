// Market conventions for pricing: time to expiry, forward from put-call parity, which quote
// an IV is solved from, default rates. Pure (std runtime); the clock is passed in.

import { zonedDate, zonedEpochMs } from '../time/zoned.ts';
export type TimeBasis = 'calendar' | 'trading';

export interface ExpiryClock {
  /** IANA zone of the exchange clock, e.g. 'Asia/Kolkata'. */
  timeZone: string;
  /** Expiry time on expiry day in the exchange zone, 'HH:MM' (NSE: '15:30'). */
  expiryTime: string;
  /** 'calendar': seconds to expiry / (365·86,400). 'trading': session time left / (252 sessions). */
  basis: TimeBasis;
  /** Trading basis only: session open 'HH:MM' (default '09:15'); the close is expiryTime. */
  sessionOpen?: string;
  /** Trading basis only: exchange holidays 'YYYY-MM-DD' (weekends are always closed). */
  holidays?: readonly string[];
}

/** Continuously compounded rates used when the user has not set one. */
export const DEFAULT_RATES: Readonly<Record<'NSE' | 'US', number>> = {
  // quant.md §3: RBI 91-day T-bill / MIBOR of matching tenor; with Black-76 on the forward the
  // rate only discounts (e^{−0.065·7/365} = 0.9988), so a point either way barely moves IV.
  // NSE's own chain uses 10 % on spot, which is why its IVs differ (see tests).
  NSE: 0.065,
  US: 0.04,
};

export const TRADING_DAYS_PER_YEAR = 252;
const SECONDS_PER_YEAR = 365 * 86_400;

export { zonedDate, zonedEpochMs };

function parseDate(date: string, field: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`${field} '${date}' is not YYYY-MM-DD`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function parseTime(time: string, field: string): [number, number] {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new RangeError(`${field} '${time}' is not HH:MM`);
  return [Number(m[1]), Number(m[2])];
}

/**
 * Years from nowMs to expiry day at opts.expiryTime in opts.timeZone, to the second; 0 once expired.
 * @throws RangeError on a malformed date/time or unknown time zone.
 */
export function yearsToExpiry(expiry: string, nowMs: number, opts: ExpiryClock): number {
  const expiryMs = zonedEpochMs(expiry, opts.expiryTime, opts.timeZone);
  if (!(expiryMs > nowMs)) return 0;
  if (opts.basis === 'calendar') return Math.floor((expiryMs - nowMs) / 1000) / SECONDS_PER_YEAR;
  return tradingYears(expiry, nowMs, expiryMs, opts);
}

function tradingYears(expiry: string, nowMs: number, expiryMs: number, opts: ExpiryClock): number {
  const open = opts.sessionOpen ?? '09:15';
  const holidays = new Set(opts.holidays ?? []);
  const [oh, om] = parseTime(open, 'sessionOpen');
  const [ch, cm] = parseTime(opts.expiryTime, 'expiryTime');
  const sessionSeconds = (ch * 60 + cm - oh * 60 - om) * 60;
  if (!(sessionSeconds > 0)) throw new RangeError(`session ${open}-${opts.expiryTime} is empty`);
  let seconds = 0;
  let day = zonedDate(nowMs, opts.timeZone);
  for (let guard = 0; day <= expiry && guard < 20_000; guard++) {
    const [y, m, d] = parseDate(day, 'day');
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(day)) {
      const from = Math.max(nowMs, zonedEpochMs(day, open, opts.timeZone));
      const to = Math.min(expiryMs, zonedEpochMs(day, opts.expiryTime, opts.timeZone));
      if (to > from) seconds += Math.floor((to - from) / 1000);
    }
    day = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  }
  return seconds / sessionSeconds / TRADING_DAYS_PER_YEAR;
}

export interface QuoteChoice {
  price: number;
  source: 'mid' | 'ltp';
}

export interface QuoteRules {
  /** Widest spread accepted for a mid, as a fraction of the mid (default 0.25). */
  maxSpreadFraction?: number;
  /** Spread always accepted regardless of the fraction (default 0.25: five 0.05 ticks). */
  maxSpreadAbsolute?: number;
}

const usable = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * The premium an IV is solved from: the mid when the book is two-sided and its spread sane,
 * else the last traded price, else null (no quote). Zero/absent prices count as absent.
 */
export function chooseQuote(bid: number | null | undefined, ask: number | null | undefined, ltp: number | null | undefined, rules: QuoteRules = {}): QuoteChoice | null {
  if (usable(bid) && usable(ask) && ask >= bid) {
    const mid = 0.5 * (bid + ask);
    const spread = ask - bid;
    if (spread <= Math.max((rules.maxSpreadFraction ?? 0.25) * mid, rules.maxSpreadAbsolute ?? 0.25)) return { price: mid, source: 'mid' };
  }
  return usable(ltp) ? { price: ltp, source: 'ltp' } : null;
}

export interface ParityQuote {
  strike: number;
  /** Call and put premiums (mids preferably); null/NaN when absent. */
  call: number | null;
  put: number | null;
}

export interface ParityForward {
  forward: number;
  /** Strikes whose call/put pair was used. */
  strikes: number[];
}

/**
 * Forward from put-call parity, F = K + e^{rT}·(C − P), averaged over the `count` strikes where
 * both legs are quoted and |C − P| is smallest (those nearest the forward). Null when no pair.
 */
export function forwardFromParity(quotes: readonly ParityQuote[], years: number, rate: number, count = 3): ParityForward | null {
  const pairs = quotes.filter((q) => usable(q.strike) && usable(q.call) && usable(q.put));
  if (pairs.length === 0) return null;
  pairs.sort((a, b) => Math.abs(a.call! - a.put!) - Math.abs(b.call! - b.put!));
  const used = pairs.slice(0, Math.max(1, count));
  const growth = Math.exp(rate * Math.max(years, 0));
  const sum = used.reduce((acc, q) => acc + q.strike + growth * (q.call! - q.put!), 0);
  return { forward: sum / used.length, strikes: used.map((q) => q.strike) };
}

/** The listed strike nearest the forward (the lower one on a tie); NaN when there is none. */
export function nearestStrike(strikes: ArrayLike<number>, forward: number): number {
  let best = NaN;
  let bestGap = Infinity;
  for (let i = 0; i < strikes.length; i++) {
    const k = strikes[i]!;
    const gap = Math.abs(k - forward);
    if (gap < bestGap || (gap === bestGap && k < best)) { best = k; bestGap = gap; }
  }
  return best;
}

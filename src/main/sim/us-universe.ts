// What the simulator lists beside NSE: US optionable underlyings (SPY, QQQ, AAPL) with their option
// series as Massive names them (OCC tickers), and crypto perpetuals (BTC-PERP, ETH-PERP) as Bluefin
// Pro names them, which have no options. US expiries: the next 4 Fridays plus the next 2 monthlies
// (third Friday), a holiday Friday moving to the Thursday, expiring 16:00 America/New_York; strikes
// from the opening level in uneven steps (fine near the money, coarse in the wings), lot 100.
// Runtime: std.
import { dateOfDay, dayNumber } from '../engine/instruments/expiry-calendar.ts';
import type { Expiry } from '../engine/instruments/expiry-calendar.ts';
import { occTicker } from '../engine/feeds/massive/occ.ts';
import { zonedDate, zonedEpochMs } from '../engine/time/zoned.ts';
import type { OptionSpec, SeriesSpec, UnderlyingSpec, Universe } from './universe.ts';

export const US_TIME_ZONE = 'America/New_York';
export const US_EXPIRY_TIME = '16:00';
export const US_RATE = 0.04;

export interface UsUnderlyingSpec extends UnderlyingSpec {
  /** Strike step within `fineStrikes` steps of the money, and beyond it out to `wingStrikes` coarse steps. */
  fineStrikes: number;
  wingStep: number;
  wingStrikes: number;
}

const us = (symbol: string, name: string, spot: number, strikeStep: number, fineStrikes: number, wingStep: number, wingStrikes: number, atmVol: number, dividendYield: number): UsUnderlyingSpec => ({
  symbol, name, key: symbol, spot, strikeStep, lotSize: 100, freezeQty: 100 * 1000, atmVol, dividendYield, tokenBase: 0, riskFreeRate: US_RATE,
  fineStrikes, wingStep, wingStrikes,
});

export const US_UNDERLYINGS: readonly UsUnderlyingSpec[] = [
  us('SPY', 'SPDR S&P 500 ETF Trust', 600, 1, 25, 5, 12, 0.15, 0.012),
  us('QQQ', 'Invesco QQQ Trust', 520, 1, 20, 5, 10, 0.19, 0.006),
  us('AAPL', 'Apple Inc.', 230, 2.5, 10, 5, 8, 0.26, 0.004),
];

/** Crypto perpetuals: underlyings without options (lot 1, quantities in coins). */
export const CRYPTO_PERPS: readonly UnderlyingSpec[] = [
  { symbol: 'BTC-PERP', name: 'Bitcoin perpetual', key: 'BTC-PERP', spot: 95_000, strikeStep: 1, lotSize: 1, freezeQty: 1, atmVol: 0.5, dividendYield: 0, tokenBase: 0, riskFreeRate: US_RATE },
  { symbol: 'ETH-PERP', name: 'Ether perpetual', key: 'ETH-PERP', spot: 3_500, strikeStep: 1, lotSize: 1, freezeQty: 1, atmVol: 0.65, dividendYield: 0, tokenBase: 0, riskFreeRate: US_RATE },
];

const isFriday = (date: string): boolean => new Date(`${date}T12:00:00Z`).getUTCDay() === 5;
const isThirdFriday = (date: string): boolean => isFriday(date) && Number(date.slice(8)) >= 15 && Number(date.slice(8)) <= 21;

/** Fridays from `fromDate` on: `weeklies` of them, plus monthlies (third Fridays) until `monthlies` beyond the weeklies. */
export function usListedExpiries(fromDate: string, holidays: ReadonlySet<string>, weeklies = 4, monthlies = 2): Expiry[] {
  const out: Expiry[] = [];
  let weeks = 0;
  let months = 0;
  for (let d = dayNumber(fromDate); months < monthlies && d < dayNumber(fromDate) + 400; d++) {
    const date = dateOfDay(d);
    if (!isFriday(date)) continue;
    const monthly = isThirdFriday(date);
    if (weeks < weeklies) weeks++;
    else if (monthly) months++;
    else continue;
    const expiry = holidays.has(date) ? dateOfDay(d - 1) : date;
    out.push({ date: expiry, weekly: !monthly });
  }
  return out;
}

/** Strikes around the opening level: fine steps near the money, wing steps beyond. */
export function usStrikes(u: UsUnderlyingSpec): number[] {
  const atm = Math.round(u.spot / u.strikeStep) * u.strikeStep;
  const set = new Set<number>();
  for (let i = -u.fineStrikes; i <= u.fineStrikes; i++) set.add(Number((atm + i * u.strikeStep).toFixed(4)));
  const lo = atm - u.fineStrikes * u.strikeStep;
  const hi = atm + u.fineStrikes * u.strikeStep;
  for (let i = 1; i <= u.wingStrikes; i++) {
    set.add(Math.floor(lo / u.wingStep) * u.wingStep - (i - 1) * u.wingStep);
    set.add(Math.ceil(hi / u.wingStep) * u.wingStep + (i - 1) * u.wingStep);
  }
  return [...set].filter((k) => k > 0).sort((a, b) => a - b);
}

/** The US + crypto universe alive at `nowMs` (expiries from the New York date; after 16:00 from tomorrow). */
export function buildUsUniverse(nowMs: number, holidays: ReadonlySet<string>): Universe {
  let from = zonedDate(nowMs, US_TIME_ZONE);
  if (nowMs >= zonedEpochMs(from, US_EXPIRY_TIME, US_TIME_ZONE)) from = dateOfDay(dayNumber(from) + 1);
  const underlyings: UnderlyingSpec[] = [...US_UNDERLYINGS, ...CRYPTO_PERPS];
  const series: SeriesSpec[] = [];
  const options: OptionSpec[] = [];
  US_UNDERLYINGS.forEach((u, ui) => {
    const strikes = usStrikes(u);
    const atm = Math.round(u.spot / u.strikeStep) * u.strikeStep;
    const atmIndex = strikes.indexOf(atm);
    for (const expiry of usListedExpiries(from, holidays)) {
      const si = series.length;
      const expiryMs = zonedEpochMs(expiry.date, US_EXPIRY_TIME, US_TIME_ZONE);
      series.push({ underlying: ui, expiry, expiryMs, masterExpiryMs: expiryMs });
      strikes.forEach((strike, k) => {
        for (const isCall of [true, false]) {
          options.push({ key: occTicker(u.symbol, expiry.date, isCall ? 'CE' : 'PE', strike), token: options.length, underlying: ui, series: si, strike, isCall, offset: k - atmIndex });
        }
      });
    }
  });
  return { underlyings, series, options };
}

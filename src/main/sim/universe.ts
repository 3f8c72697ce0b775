// What the simulator lists: two NSE indices and their option series (expiries from the NSE
// calendar, ±STRIKES_EACH_SIDE strikes around the opening ATM), with deterministic instrument keys.
import { nseListedExpiries, expiryCloseMs, zonedDate, zonedEpochMs, dateOfDay, dayNumber } from '../engine/instruments/expiry-calendar.ts';
import type { Expiry } from '../engine/instruments/expiry-calendar.ts';

export interface UnderlyingSpec {
  /** Trading symbol, e.g. 'NIFTY'. */
  symbol: string;
  /** Index name as Upstox spells it, e.g. 'Nifty 50'. */
  name: string;
  /** 'NSE_INDEX|Nifty 50'. */
  key: string;
  /** Opening index level. */
  spot: number;
  strikeStep: number;
  lotSize: number;
  /** Largest quantity one order may carry (exchange freeze limit), a whole number of lots. */
  freezeQty: number;
  /** ATM implied vol of a 1-month option in a calm market (decimal). */
  atmVol: number;
  /** Dividend yield (decimal, continuous); the forward is S·e^{(r−q)T}. */
  dividendYield: number;
  /** First exchange token of this underlying's options. */
  tokenBase: number;
  /** Risk-free rate of its market (decimal, continuous); default RISK_FREE_RATE (NSE). */
  riskFreeRate?: number;
}

export const RISK_FREE_RATE = 0.065;
export const STRIKES_EACH_SIDE = 60;

export const NSE_UNDERLYINGS: readonly UnderlyingSpec[] = [
  { symbol: 'NIFTY', name: 'Nifty 50', key: 'NSE_INDEX|Nifty 50', spot: 26000, strikeStep: 50, lotSize: 65, freezeQty: 65 * 27,
    atmVol: 0.12, dividendYield: 0.012, tokenBase: 40000 },
  { symbol: 'BANKNIFTY', name: 'Nifty Bank', key: 'NSE_INDEX|Nifty Bank', spot: 58500, strikeStep: 100, lotSize: 30, freezeQty: 30 * 30,
    atmVol: 0.14, dividendYield: 0.009, tokenBase: 60000 },
];

export interface SeriesSpec {
  underlying: number;
  expiry: Expiry;
  /** 15:30 IST on the expiry date, epoch ms. */
  expiryMs: number;
  /** 23:59:59 IST on the expiry date, epoch ms (the instrument master's `expiry`). */
  masterExpiryMs: number;
}

export interface OptionSpec {
  key: string;
  token: number;
  underlying: number;
  series: number;
  strike: number;
  isCall: boolean;
  /** Signed distance from the opening ATM in strikes. */
  offset: number;
}

export interface Universe {
  underlyings: readonly UnderlyingSpec[];
  series: SeriesSpec[];
  options: OptionSpec[];
}

/**
 * Lists the series alive at `nowMs`: expiries from the exchange date (the next day once today's
 * 15:30 close has passed), strikes centred on each underlying's opening level.
 */
export function buildUniverse(nowMs: number, holidays: ReadonlySet<string>, underlyings: readonly UnderlyingSpec[] = NSE_UNDERLYINGS): Universe {
  let from = zonedDate(nowMs);
  if (nowMs >= expiryCloseMs(from)) from = dateOfDay(dayNumber(from) + 1);
  const series: SeriesSpec[] = [];
  const options: OptionSpec[] = [];
  underlyings.forEach((u, ui) => {
    const atm = Math.round(u.spot / u.strikeStep) * u.strikeStep;
    nseListedExpiries(u.symbol, from, holidays).forEach((expiry, ei) => {
      const si = series.length;
      series.push({ underlying: ui, expiry, expiryMs: expiryCloseMs(expiry.date), masterExpiryMs: zonedEpochMs(expiry.date, '23:59:59') });
      for (let off = -STRIKES_EACH_SIDE; off <= STRIKES_EACH_SIDE; off++) {
        const strike = atm + off * u.strikeStep;
        for (const isCall of [true, false]) {
          const token = u.tokenBase + ei * 1000 + (off + STRIKES_EACH_SIDE) * 2 + (isCall ? 0 : 1);
          options.push({ key: `NSE_FO|${token}`, token, underlying: ui, series: si, strike, isCall, offset: off });
        }
      }
    });
  });
  return { underlyings, series, options };
}

// How one simulated option is quoted and traded: Black-76 fair value, a spread that grows with the
// premium, with the distance from the money and with the market's speed, best-level sizes in lots,
// trades at the touch, and open interest that moves in whole lots.
import { black76Price } from '../engine/pricing/black76.ts';
import type { InstrumentState } from './instrument-state.ts';
import type { Rng } from './rng.ts';
import { RISK_FREE_RATE } from './universe.ts';

export const TICKS_PER_RUPEE = 20; // tick 0.05
const TRADE_PROBABILITY = 0.35;
const MEAN_TRADE_LOTS = 3;
const MAX_TRADE_LOTS = 20;
const OPENING_PROBABILITY = 0.52;

function floorTick(x: number): number {
  return Math.floor(x * TICKS_PER_RUPEE + 1e-9) / TICKS_PER_RUPEE;
}
function ceilTick(x: number): number {
  return Math.ceil(x * TICKS_PER_RUPEE - 1e-9) / TICKS_PER_RUPEE;
}

/** Half-spread in rupees for an option worth `fair`, `strikesAway` strikes from the forward, at market speed `fast` (1 = calm). */
export function halfSpread(fair: number, strikesAway: number, fast: number): number {
  return fast * (0.025 + 0.0004 * fair + 0.0006 * strikesAway * Math.sqrt(fair));
}

/** Re-prices the option at (S, F, T, σ) and re-quotes its best bid/ask and book sizes. */
export function quoteOption(s: InstrumentState, S: number, F: number, T: number, sigma: number, fast: number, strikeStep: number, rng: Rng, r = RISK_FREE_RATE): void {
  const fair = black76Price(s.isCall, F, s.strike, T, sigma, r);
  s.spot = S;
  s.forward = F;
  s.years = T;
  s.sigma = sigma;
  s.fair = fair;
  const away = Math.abs(s.strike - F) / strikeStep;
  const h = halfSpread(fair, away, fast);
  let bid = floorTick(fair - h);
  let ask = ceilTick(fair + h);
  if (bid < 0.05) bid = 0;
  if (ask < 0.05) ask = 0.05;
  if (ask <= bid) ask = bid + 0.05;
  s.bid = bid;
  s.ask = roundTo2(ask);
  s.depthLots = 2 + 40 * Math.exp(-0.5 * (away / 15) ** 2);
  const lot = s.lotSize;
  s.bidQ = bid > 0 ? lot * (1 + rng.int(s.depthLots)) : 0;
  s.askQ = lot * (1 + rng.int(s.depthLots));
  s.tbq = bid > 0 ? lot * Math.round(s.depthLots * (15 + 25 * rng.uniform())) : 0;
  s.tsq = lot * Math.round(s.depthLots * (15 + 25 * rng.uniform()));
  s.seq++;
}

/** True when the last trade lies inside the current book: bid ≤ LTP ≤ ask (no bid: LTP ≤ ask). */
export function lastTradeInsideSpread(s: InstrumentState): boolean {
  return s.ltp <= s.ask + 1e-9 && (s.bid <= 0 || s.ltp >= s.bid - 1e-9);
}

/**
 * With some probability a trade prints at the touch; and always when the re-quote moved the book
 * through the last trade (on a real book the touch moves past the last price because orders trade
 * there): a last price above the new ask is a buyer lifting it, below the bid a seller hitting it.
 * So the last trade always lies within the spread quoted with it. Open interest moves by whole lots.
 */
export function tradeOption(s: InstrumentState, t: number, rng: Rng): void {
  const swept = s.ltp > 0 && !lastTradeInsideSpread(s);
  if (rng.uniform() >= TRADE_PROBABILITY && !swept) return;
  const buyerInitiated = swept ? s.ltp > s.ask : s.bid <= 0 || rng.uniform() < 0.5;
  // A sweep of the touch is a small order (1–2 lots); other trades a few lots, geometric.
  const lots = swept ? 1 + rng.int(2) : Math.min(MAX_TRADE_LOTS, rng.geometric(MEAN_TRADE_LOTS));
  const qty = lots * s.lotSize;
  s.print(buyerInitiated ? s.ask : s.bid, qty, t);
  const changeLots = 1 + rng.int(lots);
  if (rng.uniform() < OPENING_PROBABILITY) s.oi += changeLots * s.lotSize;
  else s.oi -= Math.min(changeLots * s.lotSize, s.oi);
}

/** Volume and open interest already built up when the simulated session starts. */
export function seedOptionBook(s: InstrumentState, strikeStep: number, seriesScale: number, rng: Rng): void {
  const n = (s.strike - s.forward) / strikeStep;
  const outOfTheMoney = s.isCall ? n > 0 : n < 0;
  const near = Math.exp(-0.5 * (n / 12) ** 2);
  const round = s.strike % (strikeStep * 10) === 0 ? 2.5 : s.strike % (strikeStep * 2) === 0 ? 1.3 : 1;
  const oiLots = Math.round(30_000 * seriesScale * near * (outOfTheMoney ? 1 : 0.35) * round * (0.6 + 0.8 * rng.uniform()));
  s.oi = oiLots * s.lotSize;
  const volLots = Math.round(oiLots * (0.5 + rng.uniform()));
  s.volume = volLots * s.lotSize;
  s.turnover = s.volume * (s.cp + s.ltp) / 2;
  s.ltq = s.lotSize;
}

function roundTo2(x: number): number {
  return Math.round(x * TICKS_PER_RUPEE) / TICKS_PER_RUPEE;
}

// The simulated day so far, for a first run: ticks from today's session start up to the moment
// the simulator started, so the charts open on a day of history instead of nothing. Each index
// follows a Brownian bridge from its open to the price the live market starts at (the history
// meets the live price), four prints a minute; each option of the nearest expiry is quoted on that
// path every 5 minutes (the ATM ± 20 window) or every 15 minutes (the rest of the expiry) with the
// model's own surface and spread, its OI growing to what the live book starts with. No cumulative
// volume is sent (the live day's volume starts at the simulator's start). Deterministic: the
// seed and the start time fix every tick. Runtime: std.
import type { Tick } from '../../shared/market.ts';
import { black76Price } from '../engine/pricing/black76.ts';
import { zonedDate, zonedEpochMs } from '../engine/instruments/expiry-calendar.ts';
import { KIND_OPTION } from './instrument-state.ts';
import { MIN_YEARS, TRADING_SECONDS_PER_YEAR, YEAR_MS, type MarketModel } from './model.ts';
import { halfSpread } from './option-market.ts';
import { Rng } from './rng.ts';
import { RISK_FREE_RATE } from './universe.ts';
import { atmVol, strikeVol } from './vol-surface.ts';

const MINUTE = 60_000;
/** Index prints per minute of backfill. */
const INDEX_PRINTS = 4;
/** Strikes either side of the opening ATM quoted every NEAR_EVERY minutes; the rest every FAR_EVERY minutes. */
const NEAR_STRIKES = 20;
export const NEAR_EVERY = 5;
const FAR_EVERY = 15;
const SEED_SALT = 0x0bacf111;

/** What the backfill needs of the market as the simulator starts (taken before the first slot). */
export interface BackfillStart {
  startMs: number;
  seed: number;
  spots: number[];
  prevCloses: number[];
  stress: number[];
  /** Per instrument (model order): OI and previous close at the start. */
  oi: Float64Array;
  cp: Float64Array;
}

export function backfillStart(model: MarketModel, seed: number): BackfillStart {
  return {
    startMs: model.time, seed,
    spots: model.underlyings.map((u) => u.spot), prevCloses: model.underlyings.map((u) => u.prevClose), stress: model.underlyings.map((u) => u.stress),
    oi: Float64Array.from(model.instruments, (s) => s.oi), cp: Float64Array.from(model.instruments, (s) => s.cp),
  };
}

/** Where today's backfill starts: 09:15 IST once the NSE session has begun, else IST midnight (the simulator trades 24×7). */
export function backfillFrom(startMs: number): number {
  const open = zonedEpochMs(zonedDate(startMs), '09:15');
  return startMs >= open + MINUTE ? open : zonedEpochMs(zonedDate(startMs), '00:00');
}

const tick = (x: number) => Math.max(0.05, Math.round(x * 20) / 20);

/** Today's ticks before `start.startMs`, oldest first (empty when the simulator started within the first minute). */
export function backfillDay(model: MarketModel, start: BackfillStart): Tick[] {
  const from = backfillFrom(start.startMs);
  const minutes = Math.floor((start.startMs - from) / MINUTE);
  if (minutes < 1) return [];
  const rng = new Rng((start.seed ^ SEED_SALT) | 0);
  const { universe } = model;
  // Index paths: INDEX_PRINTS points a minute, a bridge from the open to the live start price.
  const steps = minutes * INDEX_PRINTS;
  const paths = universe.underlyings.map((spec, ui) => {
    const open = start.prevCloses[ui]! * Math.exp(0.003 * rng.normal());
    const sigma = 0.85 * spec.atmVol * Math.exp(start.stress[ui]!);
    const dt = (MINUTE / INDEX_PRINTS / 1000) / TRADING_SECONDS_PER_YEAR;
    const walk = new Float64Array(steps + 1);
    for (let i = 1; i <= steps; i++) walk[i] = walk[i - 1]! + sigma * Math.sqrt(dt) * rng.normal();
    const a = Math.log(open), b = Math.log(start.spots[ui]!);
    return Float64Array.from(walk, (w, i) => Math.exp(a + (b - a) * (i / steps) + w - (i / steps) * walk[steps]!));
  });
  // Options of each underlying's nearest expiry (still open at the start), with their OI ramp.
  const nearest = universe.underlyings.map((_, ui) => {
    let best = -1;
    universe.series.forEach((se, i) => { if (se.underlying === ui && se.expiryMs > start.startMs && (best < 0 || se.expiryMs < universe.series[best]!.expiryMs)) best = i; });
    return best;
  });
  const options = model.instruments.filter((s) => s.kind === KIND_OPTION && nearest[s.underlying] === s.series).map((s) => {
    const spec = universe.underlyings[s.underlying]!;
    const away = Math.abs(s.strike - Math.round(start.spots[s.underlying]! / spec.strikeStep) * spec.strikeStep) / spec.strikeStep;
    // OI builds up along its own curve (some early, some late in the day), so the PCR moves.
    return { s, near: away <= NEAR_STRIKES, away, growth: 0.05 + 0.25 * rng.uniform(), shape: 0.4 + 2 * rng.uniform(), lots: 1 + rng.int(20) };
  });
  const out: Tick[] = [];
  for (let m = 0; m < minutes; m++) {
    const minuteStart = from + m * MINUTE;
    for (let k = 1; k <= INDEX_PRINTS; k++) {
      const t = minuteStart + k * (MINUTE / INDEX_PRINTS) - 1000;
      universe.underlyings.forEach((spec, ui) => {
        out.push({ key: spec.key, exchangeTs: t, receiveTs: t, ltp: Math.round(paths[ui]![m * INDEX_PRINTS + k]! * 100) / 100, prevClose: start.prevCloses[ui]! });
      });
    }
    const t = minuteStart + MINUTE - 500;
    const done = (m + 1) / minutes;
    for (const o of options) {
      const every = o.near ? NEAR_EVERY : FAR_EVERY;
      // Every option quotes at the first near-strike minute too, so the first chain has the whole expiry.
      if (m % every !== every - 1 && m !== minutes - 1 && m !== NEAR_EVERY - 1) continue;
      const { s } = o;
      const spec = universe.underlyings[s.underlying]!;
      const S = paths[s.underlying]![(m + 1) * INDEX_PRINTS]!;
      const T = Math.max(MIN_YEARS, (universe.series[s.series]!.expiryMs - t) / YEAR_MS);
      const F = S * Math.exp((RISK_FREE_RATE - spec.dividendYield) * T);
      const fair = black76Price(s.isCall, F, s.strike, T, strikeVol(atmVol(spec.atmVol, start.stress[s.underlying]!, T), F, s.strike, T), RISK_FREE_RATE);
      const half = Math.max(0.05, halfSpread(fair, o.away, 1));
      const bid = Math.round((fair - half) * 20) / 20, ask = tick(fair + half);
      const oiEnd = start.oi[s.index]!;
      const oi = Math.round((oiEnd * (1 - o.growth * (1 - done ** o.shape) * (1 + 0.15 * rng.normal()))) / s.lotSize) * s.lotSize;
      const qty = o.lots * s.lotSize;
      out.push({
        key: s.key, exchangeTs: t, receiveTs: t, ltp: Math.min(ask, Math.max(bid > 0 ? bid : 0.05, tick(fair))), prevClose: start.cp[s.index]!,
        bids: bid > 0 ? [{ price: bid, qty }] : [], asks: [{ price: ask, qty }], oi: Math.max(0, oi),
      });
    }
  }
  return out;
}

/** Doubles per packed tick: key index, time, ltp, previous close, bid, bid qty, ask, ask qty, OI (NaN = absent). */
const FIELDS = 9;

/** Ticks packed for a worker hop: the keys once and one Float64Array (transferable, no per-object clone). */
export interface PackedTicks { keys: string[]; data: Float64Array }

export function packTicks(ticks: readonly Tick[]): PackedTicks {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const data = new Float64Array(ticks.length * FIELDS);
  ticks.forEach((t, i) => {
    let k = index.get(t.key);
    if (k === undefined) { k = keys.length; keys.push(t.key); index.set(t.key, k); }
    const bid = t.bids?.[0], ask = t.asks?.[0];
    data.set([k, t.exchangeTs, t.ltp ?? NaN, t.prevClose ?? NaN, bid?.price ?? NaN, bid?.qty ?? NaN, ask?.price ?? NaN, ask?.qty ?? NaN, t.oi ?? NaN], i * FIELDS);
  });
  return { keys, data };
}

export function unpackTicks({ keys, data }: PackedTicks): Tick[] {
  const out: Tick[] = [];
  const has = (v: number) => !Number.isNaN(v);
  for (let o = 0; o + FIELDS <= data.length; o += FIELDS) {
    const ts = data[o + 1]!;
    const t: Tick = { key: keys[data[o]!]!, exchangeTs: ts, receiveTs: ts };
    if (has(data[o + 2]!)) t.ltp = data[o + 2]!;
    if (has(data[o + 3]!)) t.prevClose = data[o + 3]!;
    if (has(data[o + 6]!)) {
      t.bids = has(data[o + 4]!) ? [{ price: data[o + 4]!, qty: data[o + 5]! }] : [];
      t.asks = [{ price: data[o + 6]!, qty: data[o + 7]! }];
    }
    if (has(data[o + 8]!)) t.oi = data[o + 8]!;
    out.push(t);
  }
  return out;
}

// The simulated market: each index follows a stochastic-volatility diffusion with occasional
// jumps; each option is re-priced with Black-76 on its series' forward and a smile/term surface
// when it ticks, and quoted with a spread that widens away from the money and in fast markets.
// Time advances in fixed slots from `startMs`, so a seed and a rate fix the whole sequence.
import { black76Price } from '../engine/pricing/black76.ts';
import { zonedDate, zonedEpochMs } from '../engine/instruments/expiry-calendar.ts';
import { Rng } from './rng.ts';
import { InstrumentState, KIND_INDEX, KIND_OPTION } from './instrument-state.ts';
import { RISK_FREE_RATE } from './universe.ts';
import type { Universe } from './universe.ts';
import { atmVol, strikeVol } from './vol-surface.ts';
import { quoteOption, tradeOption, seedOptionBook } from './option-market.ts';

export const YEAR_MS = 365 * 86_400_000;
/** Trading seconds in a year (252 sessions of 6¼ h) for the index's intraday diffusion. */
export const TRADING_SECONDS_PER_YEAR = 252 * 6.25 * 3600;
/** Time to expiry never drops below 5 minutes, so prices stay defined after the close of expiry day. */
export const MIN_YEARS = (5 * 60_000) / YEAR_MS;
const WEIGHT_REFRESH_MS = 1000;
const STRESS_REVERSION_PER_S = 1 / 600;
const STRESS_VOL_PER_SQRT_S = 0.3 * Math.sqrt(2 / 600);
const JUMPS_PER_S = 1 / 1200;
const JUMP_SIZE = 0.0025;
const BOOST_HALF_LIFE_S = 30;
const INDEX_CORRELATION = 0.75;
const LEVERAGE = -0.7;

export interface ModelOptions {
  universe: Universe;
  seed: number;
  /** Total ticks per second over all instruments. */
  rate: number;
  startMs: number;
  /** Length of one generation slot in ms (default: about 1,000 ticks per slot, between 2 and 5 ms). */
  slotMs?: number;
}

interface UnderlyingState {
  spot: number;
  prevClose: number;
  /** Log stress level: raises realised and implied vol, mean-reverts to 0. */
  stress: number;
  /** Fast-market boost after a jump, decays with a 30 s half-life. */
  boost: number;
}

export class MarketModel {
  readonly universe: Universe;
  readonly rate: number;
  readonly slotMs: number;
  /** Indices first (one per underlying), then options in universe order. */
  readonly instruments: InstrumentState[] = [];
  readonly byKey = new Map<string, InstrumentState>();
  /** Distinct instruments that ticked in the last step, valid up to `tickedCount` (buffer reused). */
  readonly ticked: Int32Array;
  tickedCount = 0;
  /** Ticks generated since the start (an instrument ticking twice in a slot counts twice). */
  totalTicks = 0;
  /** Model clock: end of the last simulated slot, epoch ms. */
  time: number;
  readonly underlyings: UnderlyingState[];
  /** Per series: forward, years to expiry and ATM vol at the current slot. */
  readonly seriesForward: Float64Array;
  readonly seriesYears: Float64Array;
  readonly seriesAtmVol: Float64Array;
  private readonly rng: Rng;
  private readonly cumWeight: Float64Array;
  private readonly tickStamp: Int32Array;
  /** 0 for an underlying's nearest expiry, 1 for the next, … */
  private readonly seriesRank: Int32Array;
  private stepNo = 0;
  private nextWeightRefresh = 0;
  private dayDate = '';

  constructor(opts: ModelOptions) {
    if (!(opts.rate >= 0) || !Number.isFinite(opts.rate)) throw new RangeError(`simulator rate must be a finite number of ticks/s >= 0, got ${opts.rate}`);
    this.universe = opts.universe;
    this.rate = opts.rate;
    this.slotMs = opts.slotMs ?? defaultSlotMs(opts.rate);
    if (!(this.slotMs >= 1)) throw new RangeError(`simulator slot must be >= 1 ms, got ${this.slotMs}`);
    this.rng = new Rng(opts.seed);
    this.time = opts.startMs;
    const { underlyings, series, options } = this.universe;
    underlyings.forEach((u, ui) => this.add(new InstrumentState(ui, u.key, KIND_INDEX, ui, -1, 0, false, 0)));
    for (const o of options) {
      const lot = underlyings[o.underlying]?.lotSize ?? 1;
      this.add(new InstrumentState(this.instruments.length, o.key, KIND_OPTION, o.underlying, o.series, o.strike, o.isCall, lot));
    }
    this.ticked = new Int32Array(this.instruments.length);
    this.tickStamp = new Int32Array(this.instruments.length).fill(-1);
    this.cumWeight = new Float64Array(this.instruments.length);
    this.seriesForward = new Float64Array(series.length);
    this.seriesYears = new Float64Array(series.length);
    this.seriesAtmVol = new Float64Array(series.length);
    this.seriesRank = new Int32Array(series.length);
    const seen = new Map<number, number>();
    series.forEach((se, i) => {
      const r = seen.get(se.underlying) ?? 0;
      this.seriesRank[i] = r;
      seen.set(se.underlying, r + 1);
    });
    this.underlyings = underlyings.map((u) => {
      const dayMove = 0.008 * this.rng.normal();
      return { spot: u.spot, prevClose: round2(u.spot * Math.exp(-dayMove)), stress: 0.15 * this.rng.normal(), boost: 0 };
    });
    this.openSession();
  }

  private add(s: InstrumentState): void {
    this.instruments.push(s);
    this.byKey.set(s.key, s);
  }

  /** Previous close, today's open and the books as the simulated session starts. */
  private openSession(): void {
    const t = this.time;
    this.dayDate = zonedDate(t);
    const dayStart = zonedEpochMs(this.dayDate, '00:00');
    this.updateSeries();
    for (const s of this.instruments) {
      const u = this.underlyings[s.underlying]!;
      if (s.kind === KIND_INDEX) {
        s.cp = u.prevClose;
        s.openDay(round2(u.spot), dayStart, t);
        continue;
      }
      const T = this.seriesYears[s.series]!;
      const ratio = u.prevClose / u.spot;
      const F = this.seriesForward[s.series]!;
      const sigma = strikeVol(this.seriesAtmVol[s.series]!, F, s.strike, T);
      const prevT = T + 1 / 365;
      const spec = this.universe.underlyings[s.underlying]!;
      const r = spec.riskFreeRate ?? RISK_FREE_RATE;
      s.cp = Math.max(0.05, roundTick(black76Price(s.isCall, F * ratio, s.strike, prevT, strikeVol(this.seriesAtmVol[s.series]!, F * ratio, s.strike, prevT), r)));
      const step = spec.strikeStep;
      quoteOption(s, u.spot, F, T, sigma, fastness(u), step, this.rng, r);
      s.openDay(Math.max(0.05, roundTick(s.fair)), dayStart, t);
      seedOptionBook(s, step, 1 / (1 + this.seriesRank[s.series]!), this.rng);
    }
    this.refreshWeights();
  }

  /** Advances one slot: moves the indices, then ticks ~rate·slot instruments. Returns the distinct count ticked. */
  step(): number {
    const dtS = this.slotMs / 1000;
    this.time += this.slotMs;
    this.stepNo++;
    this.tickedCount = 0;
    this.moveUnderlyings(dtS);
    this.updateSeries();
    if (this.time >= this.nextWeightRefresh) {
      this.refreshWeights();
      if (zonedDate(this.time) !== this.dayDate) this.rollDay();
    }
    const n = this.rng.poisson(this.rate * dtS);
    this.totalTicks += n;
    const total = this.cumWeight[this.cumWeight.length - 1]!;
    const slotStart = this.time - this.slotMs;
    for (let i = 0; i < n; i++) {
      const idx = this.pick(this.rng.uniform() * total);
      const t = slotStart + 1 + Math.floor((i * this.slotMs) / n); // spread over the slot, in order
      this.tickInstrument(this.instruments[idx]!, t);
      if (this.tickStamp[idx] !== this.stepNo) {
        this.tickStamp[idx] = this.stepNo;
        this.ticked[this.tickedCount++] = idx;
      }
    }
    return this.tickedCount;
  }

  /**
   * Moves an index's spot by `pct` per cent at once (a test's or a demo's deterministic market
   * move); its options re-quote around the new level as they tick. Returns the new spot.
   */
  shock(symbol: string, pct: number): number {
    const ui = this.universe.underlyings.findIndex((u) => u.symbol === symbol);
    if (ui < 0) throw new RangeError(`simulator shock: unknown underlying '${symbol}' (known: ${this.universe.underlyings.map((u) => u.symbol).join(', ')})`);
    if (!Number.isFinite(pct) || Math.abs(pct) > 50) throw new RangeError(`simulator shock: ${symbol} move must be a finite per cent within ±50, got ${pct}`);
    const u = this.underlyings[ui]!;
    u.spot *= 1 + pct / 100;
    this.updateSeries();
    return round2(u.spot);
  }

  private moveUnderlyings(dtS: number): void {
    const zCommon = this.rng.normal();
    const decay = Math.pow(0.5, dtS / BOOST_HALF_LIFE_S);
    this.underlyings.forEach((u, ui) => {
      const spec = this.universe.underlyings[ui]!;
      const z = ui === 0 ? zCommon : INDEX_CORRELATION * zCommon + Math.sqrt(1 - INDEX_CORRELATION ** 2) * this.rng.normal();
      const zStress = LEVERAGE * z + Math.sqrt(1 - LEVERAGE ** 2) * this.rng.normal();
      const sigma = 0.85 * spec.atmVol * Math.exp(u.stress) * (1 + u.boost);
      const dtY = dtS / TRADING_SECONDS_PER_YEAR;
      let ret = sigma * Math.sqrt(dtY) * z - 0.5 * sigma * sigma * dtY;
      u.stress += -STRESS_REVERSION_PER_S * u.stress * dtS + STRESS_VOL_PER_SQRT_S * Math.sqrt(dtS) * zStress;
      u.boost *= decay;
      if (this.rng.uniform() < JUMPS_PER_S * dtS) {
        const jump = JUMP_SIZE * this.rng.normal();
        ret += jump;
        u.boost = Math.min(3, u.boost + 1);
        u.stress += jump < 0 ? 0.25 : 0.1;
      }
      u.spot *= Math.exp(ret);
    });
  }

  private updateSeries(): void {
    this.universe.series.forEach((se, i) => {
      const u = this.underlyings[se.underlying]!;
      const spec = this.universe.underlyings[se.underlying]!;
      const T = Math.max(MIN_YEARS, (se.expiryMs - this.time) / YEAR_MS);
      this.seriesYears[i] = T;
      this.seriesForward[i] = u.spot * Math.exp(((spec.riskFreeRate ?? RISK_FREE_RATE) - spec.dividendYield) * T);
      this.seriesAtmVol[i] = atmVol(spec.atmVol, u.stress, T);
    });
  }

  private tickInstrument(s: InstrumentState, t: number): void {
    const u = this.underlyings[s.underlying]!;
    if (s.kind === KIND_INDEX) {
      s.print(round2(u.spot), 0, t);
      s.seq++;
      return;
    }
    const F = this.seriesForward[s.series]!;
    const T = this.seriesYears[s.series]!;
    const sigma = strikeVol(this.seriesAtmVol[s.series]!, F, s.strike, T);
    const spec = this.universe.underlyings[s.underlying]!;
    quoteOption(s, u.spot, F, T, sigma, fastness(u), spec.strikeStep, this.rng, spec.riskFreeRate ?? RISK_FREE_RATE);
    tradeOption(s, t, this.rng);
  }

  /**
   * A new exchange day (the simulator streams around the clock): yesterday's last price becomes the
   * previous close, the day's candles and volume start again; open interest carries over.
   */
  private rollDay(): void {
    this.dayDate = zonedDate(this.time);
    const dayStart = zonedEpochMs(this.dayDate, '00:00');
    for (const s of this.instruments) {
      s.cp = s.ltp;
      s.volume = 0;
      s.turnover = 0;
      s.minVol = 0;
      s.prevMinVol = 0;
      s.openDay(s.ltp, dayStart, this.time);
    }
  }

  /** Tick weights: near-the-money strikes of near expiries trade most; each index gets ~3 %. */
  private refreshWeights(): void {
    this.nextWeightRefresh = this.time + WEIGHT_REFRESH_MS;
    const seriesRank = this.seriesRank;
    let acc = 0;
    let optionTotal = 0;
    const nIndex = this.universe.underlyings.length;
    for (let i = nIndex; i < this.instruments.length; i++) {
      const s = this.instruments[i]!;
      const step = this.universe.underlyings[s.underlying]!.strikeStep;
      const n = (s.strike - this.seriesForward[s.series]!) / step;
      const w = (s.underlying === 0 ? 1 : 0.5) / (1 + seriesRank[s.series]!) * (0.02 + Math.exp(-0.5 * (n / 6) ** 2));
      optionTotal += w;
      this.cumWeight[i] = w; // temporarily the weight itself
    }
    const indexWeight = nIndex > 0 ? (0.03 * optionTotal) / (1 - 0.03 * nIndex) : 0;
    for (let i = 0; i < this.instruments.length; i++) {
      acc += i < nIndex ? indexWeight : this.cumWeight[i]!;
      this.cumWeight[i] = acc;
    }
  }

  private pick(x: number): number {
    const c = this.cumWeight;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The exchange date the model's session belongs to ('YYYY-MM-DD'). */
  get sessionDate(): string {
    return this.dayDate;
  }
}

/** Longest slot: a tick is sent at most this long after its own time (the end of its slot). */
export const MAX_SLOT_MS = 5;

/**
 * Slot length for a rate: 5 ms up to 200,000 ticks/s, then shorter (~1,000 ticks per slot, 2 ms at
 * the least) so a busy key can update up to 500 times a second: a frame carries one update per key.
 * Each slot's frame is sent when the slot's ticks are generated, at its end, so no tick waits more
 * than one slot (it used to be 50 ms below 20,000 ticks/s: a trade waited up to 50 ms to be sent).
 */
export function defaultSlotMs(rate: number): number {
  return Math.min(MAX_SLOT_MS, Math.max(2, Math.round(1_000_000 / Math.max(1, rate))));
}

/** Market speed for quoting: 1 when calm, higher after jumps and under stress. */
function fastness(u: UnderlyingState): number {
  return 1 + u.boost + Math.max(0, u.stress);
}

export function roundTick(x: number): number {
  return Math.round(x * 20) / 20;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

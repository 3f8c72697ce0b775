// What the dock's analytics charts draw, as pure functions of the chain model and the minute
// metric history (no DOM, no chart library), so tests check every point.
import type { OptionChainModel, OptionLeg } from '../../../shared/chain.ts';
import type { MetricsPoint } from '../../../shared/metrics.ts';

export interface SmilePoint {
  strike: number;
  /** Implied volatility in percent (15.12 for 0.1512). */
  iv: number;
}

export interface SmileData {
  /** Strikes whose IV was solved from the call's quote (the OTM calls, at and above the forward). */
  call: SmilePoint[];
  /** Strikes whose IV was solved from the put's quote (the OTM puts, below the forward). */
  put: SmilePoint[];
  /** The broker's own IV of the same leg, where it sends one. */
  broker: SmilePoint[];
  forward: number | null;
  /** The listed strike nearest the forward (where the chart marks it), null without a forward or rows. */
  forwardStrike: number | null;
}

const pct = (v: number) => Math.round(v * 1e6) / 1e4;
const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The smile of the rows shown, ascending by strike. Each strike's IV comes from one leg's quote
 * (the OTM one; `iv_leg` says which) and applies to both legs: it is drawn in the call series
 * or the put series by that leg, so the two meet at the forward.
 */
export function smileData(model: OptionChainModel | null): SmileData {
  const out: SmileData = { call: [], put: [], broker: [], forward: model?.forward ?? null, forwardStrike: null };
  if (!model) return out;
  let nearest = Infinity;
  for (const row of [...model.options].sort((a, b) => a.strike - b.strike)) {
    if (finite(out.forward) && Math.abs(row.strike - out.forward) < nearest) { nearest = Math.abs(row.strike - out.forward); out.forwardStrike = row.strike; }
    const source = row.ce_data?.iv_leg ?? row.pe_data?.iv_leg ?? null;
    const leg: OptionLeg | null = source === 'PE' ? row.pe_data : source === 'CE' ? row.ce_data : null;
    const iv = leg?.iv ?? null;
    if (finite(iv) && iv > 0) (source === 'CE' ? out.call : out.put).push({ strike: row.strike, iv: pct(iv) });
    const broker = leg?.broker_iv ?? (row.strike >= (out.forward ?? row.strike) ? row.ce_data?.broker_iv : row.pe_data?.broker_iv) ?? null;
    if (finite(broker) && broker > 0) out.broker.push({ strike: row.strike, iv: pct(broker) });
  }
  return out;
}

export interface OiBar {
  strike: number;
  ceOi: number;
  peOi: number;
  /** OI change since the previous close; null when the previous close is not known. */
  ceChange: number | null;
  peChange: number | null;
}

export interface OiData {
  bars: OiBar[];
  /** The bars' scale: the largest of every shown OI and previous-close OI (so a fall's outline fits). */
  scale: number;
  atmStrike: number | null;
  spot: number | null;
}

/** OI by strike of the rows shown, ascending, with each side's ΔOI. */
export function oiData(model: OptionChainModel | null): OiData {
  const out: OiData = { bars: [], scale: 0, atmStrike: model?.atm_strike ?? null, spot: model?.spot ?? null };
  if (!model) return out;
  for (const row of [...model.options].sort((a, b) => a.strike - b.strike)) {
    const bar: OiBar = {
      strike: row.strike,
      ceOi: row.ce_data?.oi ?? 0, peOi: row.pe_data?.oi ?? 0,
      ceChange: row.ce_data?.oi_change ?? null, peChange: row.pe_data?.oi_change ?? null,
    };
    out.scale = Math.max(out.scale, bar.ceOi, bar.peOi, bar.ceOi - (bar.ceChange ?? 0), bar.peOi - (bar.peChange ?? 0));
    out.bars.push(bar);
  }
  return out;
}

export interface LinePoint {
  /** Whole UTC seconds (lightweight-charts' time). */
  time: number;
  value: number;
}

export interface IntradayData {
  pcr: LinePoint[];
  maxPain: LinePoint[];
  straddle: LinePoint[];
}

type Live = Pick<MetricsPoint, 'pcr' | 'max_pain' | 'atm_straddle'>;

/**
 * The intraday lines from the minute history, oldest first, one point per second at most
 * (a later point of the same second wins), and optionally the live figures at `now` (epoch ms)
 * after the last stored point.
 */
export function intradayData(points: readonly MetricsPoint[], live?: { now: number; metrics: Live | null }): IntradayData {
  const out: IntradayData = { pcr: [], maxPain: [], straddle: [] };
  const push = (line: LinePoint[], time: number, value: number | null | undefined) => {
    if (!finite(value)) return;
    const last = line.at(-1);
    if (last && last.time === time) last.value = value;
    else if (!last || last.time < time) line.push({ time, value });
  };
  const add = (ts: number, m: Live) => {
    const time = Math.floor(ts / 1000);
    push(out.pcr, time, m.pcr);
    push(out.maxPain, time, m.max_pain);
    push(out.straddle, time, m.atm_straddle);
  };
  for (const p of [...points].sort((a, b) => a.ts - b.ts)) add(p.ts, p);
  if (live?.metrics) add(live.now, live.metrics);
  return out;
}

/** Start of the IST day holding `now` (epoch ms): the intraday chart's `from`. */
export function istDayStart(now: number): number {
  const IST_MS = 5.5 * 3_600_000;
  return Math.floor((now + IST_MS) / 86_400_000) * 86_400_000 - IST_MS;
}

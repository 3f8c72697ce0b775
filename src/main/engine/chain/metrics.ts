// Chain metrics: whole-expiry totals/PCR/max pain, the same over the rows shown, skew. Runtime: std.
// Definitions (quant.md §4): PCR(OI) = Σ put OI / Σ call OI; max pain = the settlement
// price, among listed strikes, that minimises the total intrinsic payout to holders
// (ties → lower strike).
import type { ChainRow, MarketMetrics, OptionLeg } from '../../../shared/chain.ts';

export interface StrikeOi {
  strike: number;
  callOi: number;
  putOi: number;
}

/** Max pain over listed strikes; null when there is no OI at all. */
export function maxPain(rows: readonly StrikeOi[]): number | null {
  if (!rows.some((r) => r.callOi > 0 || r.putOi > 0)) return null;
  // Pain(P) = Σ callOi·max(P−K,0) + putOi·max(K−P,0), evaluated in O(n) with running sums.
  const sorted = [...rows].sort((a, b) => a.strike - b.strike);
  const n = sorted.length;
  let best: number | null = null;
  let bestPain = Infinity;
  // callPain(P_i) = Σ_{j<i} callOi_j·(P_i − K_j) = P_i·C_i − CK_i  (prefix sums)
  // putPain(P_i)  = Σ_{j>i} putOi_j·(K_j − P_i) = PK_i − P_i·Pq_i   (suffix sums)
  const suffixPut = new Float64Array(n + 1);
  const suffixPutK = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) {
    suffixPut[i] = suffixPut[i + 1]! + sorted[i]!.putOi;
    suffixPutK[i] = suffixPutK[i + 1]! + sorted[i]!.putOi * sorted[i]!.strike;
  }
  let prefixCall = 0;
  let prefixCallK = 0;
  for (let i = 0; i < n; i++) {
    const p = sorted[i]!.strike;
    const pain = p * prefixCall - prefixCallK + (suffixPutK[i + 1]! - p * suffixPut[i + 1]!);
    if (best === null || pain < bestPain - 1e-9 * Math.max(1, Math.abs(bestPain))) { bestPain = pain; best = p; }
    prefixCall += sorted[i]!.callOi;
    prefixCallK += sorted[i]!.callOi * p;
  }
  return best;
}

/**
 * IV at a target delta, interpolated linearly in delta between the two listed strikes whose
 * deltas bracket it (quant.md §4: forward deltas, same expiry). Null when not bracketed.
 */
export function ivAtDelta(points: readonly { delta: number; iv: number }[], target: number): number | null {
  const sorted = [...points].sort((a, b) => a.delta - b.delta);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!, b = sorted[i]!;
    if (a.delta <= target && target <= b.delta) {
      if (b.delta === a.delta) return (a.iv + b.iv) / 2;
      return a.iv + ((target - a.delta) / (b.delta - a.delta)) * (b.iv - a.iv);
    }
  }
  return null;
}

function premium(leg: OptionLeg | null): number | null {
  if (!leg) return null;
  if (leg.bid != null && leg.ask != null && leg.ask >= leg.bid) return (leg.bid + leg.ask) / 2;
  return leg.ltp;
}

/** One listed strike's flow for whole-expiry totals: OI and today's volume per side, null when not received. */
export interface StrikeFlow {
  strike: number;
  callOi: number | null;
  putOi: number | null;
  callVolume: number | null;
  putVolume: number | null;
}

/** Totals, PCRs and max pain over a set of strikes (quant.md §4; NSE's definitions); strikes_quoted = strikes with any OI or volume. */
export type FlowTotals = Pick<MarketMetrics, 'total_ce_volume' | 'total_pe_volume' | 'total_ce_oi' | 'total_pe_oi' | 'pcr' | 'pcr_volume' | 'max_pain' | 'strikes_quoted' | 'max_oi'>;

/**
 * Σ OI and Σ volume per side, PCR(OI) = Σ put OI / Σ call OI, PCR(volume) likewise, and max pain,
 * over the strikes given. A side with nothing received has null totals; a PCR is null when its
 * denominator is 0 or unknown.
 */
export function flowTotals(strikes: readonly StrikeFlow[]): FlowTotals {
  let ceVol = 0, peVol = 0, ceOi = 0, peOi = 0, quoted = 0, maxOi = 0;
  let anyCe = false, anyPe = false;
  const oi: StrikeOi[] = [];
  for (const s of strikes) {
    if (s.callOi != null || s.callVolume != null) anyCe = true;
    if (s.putOi != null || s.putVolume != null) anyPe = true;
    if (s.callOi != null || s.putOi != null || s.callVolume != null || s.putVolume != null) quoted++;
    ceVol += s.callVolume ?? 0;
    peVol += s.putVolume ?? 0;
    ceOi += s.callOi ?? 0;
    peOi += s.putOi ?? 0;
    maxOi = Math.max(maxOi, s.callOi ?? 0, s.putOi ?? 0);
    oi.push({ strike: s.strike, callOi: s.callOi ?? 0, putOi: s.putOi ?? 0 });
  }
  return {
    total_ce_volume: anyCe ? ceVol : null,
    total_pe_volume: anyPe ? peVol : null,
    total_ce_oi: anyCe ? ceOi : null,
    total_pe_oi: anyPe ? peOi : null,
    pcr: anyCe && anyPe && ceOi > 0 ? peOi / ceOi : null,
    pcr_volume: anyCe && anyPe && ceVol > 0 ? peVol / ceVol : null,
    max_pain: maxPain(oi),
    strikes_quoted: quoted,
    max_oi: anyCe || anyPe ? maxOi : null,
  };
}

/** The flow of the rows shown (for the *_shown metrics, and for whole-expiry when no other strikes are given). */
export function rowFlows(rows: readonly ChainRow[]): StrikeFlow[] {
  return rows.map((r) => ({
    strike: r.strike,
    callOi: r.ce_data?.oi ?? null, putOi: r.pe_data?.oi ?? null,
    callVolume: r.ce_data?.volume ?? null, putVolume: r.pe_data?.volume ?? null,
  }));
}

/**
 * The chain's metrics. Totals, PCRs and max pain are over `expiry` — every listed strike of the
 * expiry (defaults to the rows themselves) — and again over the rows shown as the `*_shown`
 * twins; skew, ATM IV and the straddle come from the rows shown.
 */
export function chainMetrics(rows: readonly ChainRow[], expiry?: readonly StrikeFlow[]): MarketMetrics {
  const shownFlow = rowFlows(rows);
  const shown = flowTotals(shownFlow);
  const whole = expiry ? flowTotals(expiry) : shown;
  const calls: { delta: number; iv: number }[] = [];
  const puts: { delta: number; iv: number }[] = [];
  let atm: ChainRow | undefined;
  for (const r of rows) {
    const c = r.ce_data, p = r.pe_data;
    if (r.tag === 'ATM') atm = r;
    if (c?.iv != null && c.delta != null) calls.push({ delta: c.delta, iv: c.iv });
    if (p?.iv != null && p.delta != null) puts.push({ delta: p.delta, iv: p.iv });
  }
  const call25 = ivAtDelta(calls, 0.25);
  const put25 = ivAtDelta(puts, -0.25);
  const atmIv = atm?.ce_data?.iv ?? atm?.pe_data?.iv ?? null;
  const c0 = premium(atm?.ce_data ?? null), p0 = premium(atm?.pe_data ?? null);
  return {
    total_ce_volume: whole.total_ce_volume,
    total_pe_volume: whole.total_pe_volume,
    total_ce_oi: whole.total_ce_oi,
    total_pe_oi: whole.total_pe_oi,
    pcr: whole.pcr,
    pcr_volume: whole.pcr_volume,
    max_pain: whole.max_pain,
    strikes_total: (expiry ?? shownFlow).length,
    strikes_quoted: whole.strikes_quoted,
    max_oi: whole.max_oi,
    total_ce_volume_shown: shown.total_ce_volume,
    total_pe_volume_shown: shown.total_pe_volume,
    total_ce_oi_shown: shown.total_ce_oi,
    total_pe_oi_shown: shown.total_pe_oi,
    pcr_shown: shown.pcr,
    pcr_volume_shown: shown.pcr_volume,
    max_pain_shown: shown.max_pain,
    iv_skew: call25 !== null && put25 !== null && call25 > 0 ? put25 / call25 : null,
    rr_25d: call25 !== null && put25 !== null ? call25 - put25 : null,
    bf_25d: call25 !== null && put25 !== null && atmIv !== null ? (call25 + put25) / 2 - atmIv : null,
    atm_iv: atmIv,
    atm_straddle: c0 !== null && p0 !== null ? Math.round((c0 + p0) * 100) / 100 : null,
  };
}

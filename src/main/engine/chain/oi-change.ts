// OI change against the previous close, and the buildup label (quant.md §4). Runtime: std.
import type { Buildup } from '../../../shared/chain.ts';

export interface OiChange {
  oi_change: number | null;
  /** Percent (12.5 = +12.5 %), like NSE's pchangeinOpenInterest. */
  oi_change_pct: number | null;
}

/** oi − prevOi and its percentage of prevOi; nulls when either is unknown (percent also when prevOi is 0). */
export function oiChange(oi: number | null, prevOi: number | null): OiChange {
  if (oi == null || prevOi == null) return { oi_change: null, oi_change_pct: null };
  const change = oi - prevOi;
  return { oi_change: change, oi_change_pct: prevOi !== 0 ? (100 * change) / prevOi : null };
}

/**
 * Price up + OI up = long buildup; price down + OI up = short buildup; price up + OI down =
 * short covering; price down + OI down = long unwinding. Null when either change is 0 or unknown.
 */
export function buildup(priceChange: number | null, oiDelta: number | null): Buildup | null {
  if (priceChange == null || oiDelta == null || priceChange === 0 || oiDelta === 0) return null;
  if (oiDelta > 0) return priceChange > 0 ? 'long_buildup' : 'short_buildup';
  return priceChange > 0 ? 'short_covering' : 'long_unwinding';
}

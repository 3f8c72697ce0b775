// A signal in words (the `message` field), and the CSV export. Runtime: std.
import type { Signal, SignalType } from '../../../shared/signals.ts';
import { IsoInZone, num, text } from '../store/csv-format.ts';

const f = (x: number | null | undefined, d = 2): string => (x == null ? '—' : x.toFixed(d));

export function describeSignal(type: SignalType, symbol: string, direction: 'up' | 'down', g: Record<string, number | null>): string {
  switch (type) {
    case 'volume_spike': return `${symbol}: volume spike, ${f(g.window_lots, 0)} lots in the window = ${f(g.ratio)}× the rolling mean`;
    case 'price_move': return `${symbol}: premium ${direction === 'up' ? 'up' : 'down'} ${f(Math.abs(g.change_pct ?? 0))} % (${f(g.ref_price)} → ${f(g.ltp)}) within the window`;
    case 'spread_tightening': return `${symbol}: spread tightened to ${f(g.spread_ticks, 0)} ticks (median ${f(g.median_ticks, 1)})`;
    case 'spread_widening': return `${symbol}: spread widened to ${f(g.spread_ticks, 0)} ticks (median ${f(g.median_ticks, 1)})`;
    case 'fair_value_divergence': return `${symbol}: ${f(g.price)} is ${direction === 'up' ? 'rich' : 'cheap'} vs fair ${f(g.fair)} (${f(g.divergence_pct)} %, ${f(g.divergence_ticks, 0)} ticks; ${g.fmv != null ? 'feed FMV' : 'model at neighbours\' IV'})`;
    case 'oi_spike': return `${symbol}: OI ${direction === 'up' ? '+' : ''}${f(g.change_lots, 0)} lots (${f(g.change_pct)} %) within the window`;
    case 'iv_jump': return `${symbol}: IV ${direction === 'up' ? 'up' : 'down'} ${f(Math.abs(g.change_points ?? 0))} vol points (${f((g.ref_iv ?? 0) * 100)} → ${f((g.iv ?? 0) * 100)} %)`;
  }
}

export const SIGNALS_CSV_HEADER = 'id,time,time_ms,type,symbol,underlying,instrument_key,direction,figures,message';

export function signalsCsv(signals: readonly Signal[], timeZone: string): string {
  const iso = new IsoInZone(timeZone);
  const lines = [SIGNALS_CSV_HEADER];
  for (const s of signals) {
    lines.push([s.id, iso.format(s.time), num(s.time), s.type, text(s.symbol), text(s.underlying), text(s.instrument_key), s.direction, text(JSON.stringify(s.figures)), text(s.message)].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

// What the Prices tab shows of a PriceView: quantities in the symbol's own unit (a perpetual's
// quantity steps × its lot = coins), times in the symbol's zone (UTC for a 24×7 market). Pure.
import type { PriceView, TradePrint } from '../../../shared/market.ts';

export interface TradeRow {
  time: string;
  price: string;
  qty: string;
  /** Up, down or unchanged against the trade before it. */
  tick: 'up' | 'down' | 'flat';
}

const fmt = (v: number | null, digits: number): string => (v === null ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

/** Decimals that show a price with this tick precision (BTC 95,012.1 → 1, ETH 3,512.34 → 2). */
export function priceDigits(price: number | null): number {
  return price !== null && price >= 10_000 ? 1 : 2;
}

export function formatClock(ms: number | null, timeZone: string): string {
  if (ms === null) return '—';
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** Quantity in the symbol's unit: lots × lot size (0.001 BTC steps → coins, to 3 decimals). */
export function formatUnits(qty: number | null, lot: number): string {
  if (qty === null) return '—';
  const units = qty * lot;
  const digits = lot < 1 ? Math.min(8, Math.max(0, Math.round(-Math.log10(lot)))) : 0;
  return fmt(Number(units.toFixed(digits)), digits);
}

export function tradeRows(trades: readonly TradePrint[], lot: number, timeZone: string): TradeRow[] {
  const d = priceDigits(trades[0]?.price ?? null);
  return trades.map((t, i) => {
    const older = trades[i + 1];
    return {
      time: formatClock(t.time, timeZone), price: fmt(t.price, d), qty: formatUnits(t.qty, lot),
      tick: !older || older.price === t.price ? 'flat' : t.price > older.price ? 'up' : 'down',
    };
  });
}

export function headline(v: PriceView): { ltp: string; change: string; pct: string; up: boolean | null } {
  const d = priceDigits(v.ltp);
  return {
    ltp: fmt(v.ltp, d),
    change: v.change === null ? '—' : `${v.change >= 0 ? '+' : ''}${fmt(v.change, d)}`,
    pct: v.change_pct === null ? '' : `${v.change_pct >= 0 ? '+' : ''}${v.change_pct.toFixed(2)}%`,
    up: v.change === null ? null : v.change >= 0,
  };
}

export { fmt as formatNumber };

// The analytics strip's figures from the chain's metrics, formatted once per store update.
// Pure (no DOM), so tests check every label and digit.
import type { MarketMetrics } from '../../../shared/chain.ts';
import { formatPrice, formatStrike, formatVolPercent } from '../../format.ts';

export interface AnalyticsItem {
  id: string;
  label: string;
  value: string;
  /** Said in full on hover. */
  title: string;
}

const ratio2 = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ratio3 = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const volPoints = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const orDash = (s: string) => s || '—';

/** A PCR with, when the engine sends it, the figure over the shown strikes beside it: "0.733 · 0.661". */
function pcr(whole: number | null | undefined, shown: number | null | undefined): string {
  if (!ok(whole)) return '—';
  return ok(shown) ? `${ratio3.format(whole)} · ${ratio3.format(shown)}` : ratio3.format(whole);
}

export function analyticsItems(m: MarketMetrics | null): AnalyticsItem[] {
  const split = ok(m?.pcr_shown) || ok(m?.pcr_volume_shown);
  const over = split ? ' (whole expiry · shown strikes)' : '';
  return [
    { id: 'atm-iv', label: 'ATM IV', value: orDash(formatVolPercent(m?.atm_iv)), title: 'Implied volatility of the ATM strike' },
    { id: 'straddle', label: 'Straddle', value: orDash(formatPrice(m?.atm_straddle)), title: 'ATM call + ATM put premium (mid where two-sided, else LTP): the expected move' },
    { id: 'skew', label: '25Δ skew', value: ok(m?.iv_skew) ? ratio2.format(m.iv_skew) : '—', title: 'IV of the 25-delta put ÷ IV of the 25-delta call (1.15 = puts 15 % richer)' },
    { id: 'rr', label: 'RR 25Δ', value: ok(m?.rr_25d) ? volPoints.format(m.rr_25d * 100) : '—', title: '25-delta risk reversal: IV(25Δ call) − IV(25Δ put), vol points' },
    { id: 'bf', label: 'BF 25Δ', value: ok(m?.bf_25d) ? volPoints.format(m.bf_25d * 100) : '—', title: '25-delta butterfly: mean IV of the 25Δ call and put − ATM IV, vol points' },
    { id: 'pcr-oi', label: 'PCR OI', value: pcr(m?.pcr, m?.pcr_shown), title: `Put/call ratio of open interest${over}` },
    { id: 'pcr-vol', label: 'PCR Vol', value: pcr(m?.pcr_volume, m?.pcr_volume_shown), title: `Put/call ratio of today's volume${over}` },
    { id: 'max-pain', label: 'Max pain', value: orDash(formatStrike(m?.max_pain)), title: 'Strike where option writers pay out least at expiry' },
  ];
}

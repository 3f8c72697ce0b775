// What the calculator worked out: the premium (or the IV solved from one) large, then the
// Greeks in the app's units — theta and charm per day, vega and vanna per vol point, rho per 1 %.
import type { CalculatorResult } from '../../../shared/pricing.ts';
import { formatDelta, formatFineGreek, formatPremium, formatVolPct } from './calc-format.ts';
import { ivErrorText } from './calc-form.ts';

type Greek = 'gamma' | 'theta' | 'vega' | 'rho' | 'vanna' | 'charm' | 'vomma';
const GREEKS: readonly (readonly [Greek, string, string])[] = [
  ['gamma', 'Gamma', 'Δ per 1 point'],
  ['theta', 'Theta', 'per calendar day'],
  ['vega', 'Vega', 'per vol point'],
  ['rho', 'Rho', 'per 1 % rate'],
  ['vanna', 'Vanna', 'Δ per vol point'],
  ['charm', 'Charm', 'Δ per day'],
  ['vomma', 'Vomma', 'vega per vol point'],
];

/** `error`: a failure that names no input (the call failed, or the case as a whole was refused). */
const rupees = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `lotSize`: the shown chain's lot, for the premium of one lot in ₹ (null when no chain is shown). */
export function CalcResults({ result, error, busy, lotSize }: { result: CalculatorResult | null; error: string | null; busy: boolean; lotSize: number | null }) {
  const ok = result?.ok ? result : null;
  const v = ok?.valuation ?? null;
  const solving = ok?.input.price !== undefined;
  return (
    <div className={busy ? 'calc-results busy' : 'calc-results'} data-testid="calc-results">
      <div className="calc-headline">
        <Figure label={solving ? 'Implied vol' : 'Premium'} testId={solving ? 'calc-iv' : 'calc-price'} big
          value={v ? (solving ? formatVolPct(v.sigma) : formatPremium(v.price)) : '—'} />
        <Figure label="Delta" testId="calc-delta" big value={v ? formatDelta(v.delta) : '—'} />
        <Figure label={solving ? 'Premium' : 'at σ'} testId={solving ? 'calc-price' : 'calc-sigma'}
          value={v ? (solving ? formatPremium(v.price) : formatVolPct(v.sigma)) : '—'} />
        <Figure label={lotSize ? `Per lot (${lotSize})` : 'Per lot'} testId="calc-per-lot"
          value={v && lotSize ? rupees.format(v.price * lotSize) : '—'} />
      </div>
      {ok?.iv_error && <div className="calc-iv-error" data-testid="calc-iv-error" data-error={ok.iv_error}>{ivErrorText(ok.iv_error)}</div>}
      {error && <div className="calc-iv-error" data-testid="calc-error">{error}</div>}
      <dl className="calc-greeks">
        {GREEKS.map(([key, label, unit]) => (
          <div key={key} className="calc-greek" title={`${label} ${unit}`}>
            <dt>{label}<small>{unit}</small></dt>
            <dd data-testid={`calc-${key}`}>{v ? formatFineGreek(v[key]) : '—'}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Figure({ label, value, testId, big }: { label: string; value: string; testId: string; big?: boolean }) {
  return (
    <div className={big ? 'calc-figure big' : 'calc-figure'}>
      <span className="calc-label">{label}</span>
      <span className="calc-value" data-testid={testId}>{value}</span>
    </div>
  );
}

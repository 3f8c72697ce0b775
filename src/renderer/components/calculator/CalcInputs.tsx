// The calculator's inputs: model, call/put, F or S (and q), K, expiry as days or a date/time
// (shown in years), r, and σ or the premium. An engine error sits under the field it names.
import type { ReactNode } from 'react';
import { IstDateTimeInput } from '../history/IstDateTimeInput.tsx';
import { formatYears } from './calc-format.ts';
import { TIME_ZONE_LABEL } from './calc-form.ts';
import type { CalcForm, FormField } from './calc-form.ts';

interface Props {
  form: CalcForm;
  errors: Partial<Record<FormField, string>>;
  /** Years the expiry input means now, or null when it means nothing yet. */
  years: number | null;
  onChange: (patch: Partial<CalcForm>) => void;
}

export function CalcInputs({ form, errors, years, onChange }: Props) {
  const text = (field: FormField, label: ReactNode, unit?: string, hint?: string) => (
    <Field label={label} error={errors[field]} unit={unit} hint={hint}>
      <input
        data-testid={`calc-${field}`} inputMode="decimal" autoComplete="off" spellCheck={false}
        className={errors[field] ? 'invalid' : ''} value={form[field]} onChange={(e) => onChange({ [field]: e.target.value })}
      />
    </Field>
  );
  const bsm = form.model === 'bsm';
  return (
    <div className="calc-inputs">
      <div className="calc-row">
        <Segmented testId="calc-model" value={form.model} onPick={(model) => onChange({ model })}
          options={[['black76', 'Black-76 · F'], ['bsm', 'BSM · S, q']]} />
        <Segmented testId="calc-type" value={form.type} onPick={(type) => onChange({ type })}
          options={[['call', 'Call'], ['put', 'Put']]} />
      </div>
      <div className="calc-grid">
        {text('underlying', bsm ? <>Spot <i>S</i></> : <>Forward <i>F</i></>)}
        {bsm ? text('dividendPct', <>Dividend <i>q</i></>, '%') : <span />}
        {text('strike', <>Strike <i>K</i></>)}
        {text('ratePct', <>Rate <i>r</i></>, '%')}
        <Field
          label={<>Expiry <i>T</i> <Segmented testId="calc-expiry-input" small value={form.expiryInput} onPick={(expiryInput) => onChange({ expiryInput })}
            options={[['days', 'days'], ['date', 'date']]} /></>}
          error={errors[form.expiryInput === 'days' ? 'days' : 'expiryAt']}
          hint={years === null ? undefined : `T = ${formatYears(years)}`}
          unit={form.expiryInput === 'days' ? 'd' : TIME_ZONE_LABEL}
        >
          {form.expiryInput === 'days'
            ? <input data-testid="calc-days" inputMode="decimal" autoComplete="off" className={errors.days ? 'invalid' : ''} value={form.days} onChange={(e) => onChange({ days: e.target.value })} />
            : <IstDateTimeInput testId="calc-expiryAt" className={errors.expiryAt ? 'invalid' : undefined} value={form.expiryAt} onChange={(expiryAt) => onChange({ expiryAt })} />}
        </Field>
        <Field
          label={<>Solve <Segmented testId="calc-solve" small value={form.solveFor} onPick={(solveFor) => onChange({ solveFor })}
            options={[['price', 'premium'], ['iv', 'IV']]} /></>}
          error={errors[form.solveFor === 'price' ? 'volPct' : 'premium']}
          unit={form.solveFor === 'price' ? '% σ' : '₹'}
        >
          {form.solveFor === 'price'
            ? <input data-testid="calc-volPct" inputMode="decimal" autoComplete="off" className={errors.volPct ? 'invalid' : ''} value={form.volPct} onChange={(e) => onChange({ volPct: e.target.value })} />
            : <input data-testid="calc-premium" inputMode="decimal" autoComplete="off" className={errors.premium ? 'invalid' : ''} value={form.premium} onChange={(e) => onChange({ premium: e.target.value })} />}
        </Field>
      </div>
    </div>
  );
}

function Field({ label, error, unit, hint, children }: { label: ReactNode; error?: string | undefined; unit?: string | undefined; hint?: string | undefined; children: ReactNode }) {
  return (
    <label className="calc-field">
      <span className="calc-label">{label}</span>
      <span className="calc-input">{children}{unit && <span className="calc-unit">{unit}</span>}</span>
      {error ? <span className="calc-field-error" role="alert">{error}</span> : hint ? <span className="calc-hint">{hint}</span> : null}
    </label>
  );
}

interface SegmentedProps<T extends string> {
  testId: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onPick: (value: T) => void;
  small?: boolean;
}

function Segmented<T extends string>({ testId, value, options, onPick, small }: SegmentedProps<T>) {
  return (
    <span className={small ? 'segmented small' : 'segmented'} data-testid={testId} role="radiogroup">
      {options.map(([v, label]) => (
        <button type="button" role="radio" key={v} aria-checked={v === value} data-value={v}
          className={v === value ? 'active' : ''} onClick={(e) => { e.preventDefault(); onPick(v); }}>
          {label}
        </button>
      ))}
    </span>
  );
}

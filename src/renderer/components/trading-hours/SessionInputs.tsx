// Start/end inputs for pre-open, normal and closing sessions of one day. Text inputs take
// 'HH:MM' (and '24:00' for an end, which <input type="time"> cannot hold).
import { SESSION_KINDS, type DaySessions, type FieldError, type SessionKind } from '../../../shared/trading-hours.ts';
import { SESSION_LABEL } from './describe.ts';
import { errorAt } from './model.ts';

export interface SessionInputsProps {
  day: DaySessions;
  path: string;
  errors: FieldError[];
  disabled?: boolean;
  onChange: (kind: SessionKind, end: 'start' | 'end', value: string) => void;
}

export function TimeInput({ value, path, errors, disabled, label, onChange }: {
  value: string; path: string; errors: FieldError[]; disabled?: boolean; label: string; onChange: (v: string) => void;
}) {
  const error = errorAt(errors, path);
  return (
    <input
      className={`th-time${error ? ' invalid' : ''}`}
      value={value}
      placeholder="HH:MM"
      maxLength={5}
      inputMode="numeric"
      pattern="\d{2}:\d{2}"
      aria-label={label}
      title={error ?? label}
      disabled={disabled}
      data-field={path}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** Six cells: pre-open start/end, normal start/end, closing start/end. */
export function SessionInputs({ day, path, errors, disabled, onChange }: SessionInputsProps) {
  return (
    <>
      {SESSION_KINDS.map((kind) => (
        <td key={kind} className="th-range">
          {(['start', 'end'] as const).map((end) => (
            <TimeInput
              key={end}
              value={day[kind]?.[end] ?? ''}
              path={`${path}.${kind}.${end}`}
              errors={errors}
              disabled={disabled}
              label={`${SESSION_LABEL[kind]} ${end}`}
              onChange={(v) => onChange(kind, end, v)}
            />
          ))}
        </td>
      ))}
    </>
  );
}

export function SessionHeads() {
  return <>{SESSION_KINDS.map((k) => <th key={k}>{SESSION_LABEL[k]}</th>)}</>;
}

// Expiry-day overrides: dates whose hours differ from the weekly table (holidays still win).
import { useState } from 'react';
import type { ExpiryOverride, FieldError, TradingHoursTemplate } from '../../../shared/trading-hours.ts';
import { errorAt, setSessionTime } from './model.ts';
import { SessionHeads, SessionInputs } from './SessionInputs.tsx';

export function ExpiryOverrides({ template, errors, onChange }: {
  template: TradingHoursTemplate; errors: FieldError[]; onChange: (list: ExpiryOverride[]) => void;
}) {
  const [date, setDate] = useState('');
  const list = template.expiry_overrides;
  const update = (i: number, o: ExpiryOverride) => onChange(list.map((x, j) => (j === i ? o : x)));
  const add = () => {
    const weekday = template.week.mon; // start from a normal weekday's hours
    const sessions = { ...(weekday.pre_open ? { pre_open: weekday.pre_open } : {}), ...(weekday.normal ? { normal: weekday.normal } : {}), ...(weekday.closing ? { closing: weekday.closing } : {}) };
    onChange([...list.filter((o) => o.date !== date), { date, description: 'Expiry day', sessions }].sort((a, b) => (a.date < b.date ? -1 : 1)));
    setDate('');
  };
  return (
    <div data-testid="th-overrides">
      <div className="th-toolbar">
        <input type="date" value={date} aria-label="Expiry date" onChange={(e) => setDate(e.target.value)} />
        <button type="button" disabled={!date} onClick={add}>Add expiry-day hours</button>
      </div>
      {list.length > 0 && (
        <table className="th-table">
          <thead><tr><th>Date</th><th>Description</th><SessionHeads /><th /></tr></thead>
          <tbody>
            {list.map((o, i) => (
              <tr key={o.date}>
                <td className={errorAt(errors, `expiry_overrides[${i}].date`) ? 'th-bad' : ''}>{o.date}</td>
                <td><input className="th-desc" value={o.description} aria-label={`Description ${o.date}`}
                  onChange={(e) => update(i, { ...o, description: e.target.value })} /></td>
                <SessionInputs day={o.sessions} path={`expiry_overrides[${i}].sessions`} errors={errors}
                  onChange={(kind, end, v) => update(i, { ...o, sessions: setSessionTime(o.sessions, kind, end, v) })} />
                <td><button type="button" className="th-x" aria-label={`Remove ${o.date}`} onClick={() => onChange(list.filter((_, j) => j !== i))}>×</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

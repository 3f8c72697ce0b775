// The holiday calendar of the edited template: add, remove, edit special-session times,
// import a CSV (parsed by the engine, merged here by date; Apply saves).
import { useState } from 'react';
import type { FieldError, Holiday, HolidayKind, TradingHoursTemplate } from '../../../shared/trading-hours.ts';
import { errorAt, setSessionTime, type HoursCall } from './model.ts';
import { SessionHeads, SessionInputs } from './SessionInputs.tsx';
import { pickFileText } from './file-io.ts';

const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' });
const dayName = (date: string) => weekday.format(Date.parse(`${date}T00:00:00Z`));
const byDate = (a: { date: string }, b: { date: string }) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** Replaces holidays with the same date, adds the rest, keeps the list in date order. */
export function mergeHolidays(current: Holiday[], incoming: Holiday[]): Holiday[] {
  const dates = new Set(incoming.map((h) => h.date));
  return [...current.filter((h) => !dates.has(h.date)), ...incoming].sort(byDate);
}

export function HolidayList({ template, errors, call, onChange, onNotice }: {
  template: TradingHoursTemplate;
  errors: FieldError[];
  call: HoursCall;
  onChange: (holidays: Holiday[]) => void;
  onNotice: (message: string, isError: boolean) => void;
}) {
  const years = [...new Set(template.holidays.map((h) => h.date.slice(0, 4)))].sort();
  const [year, setYear] = useState<string>('all');
  const [draft, setDraft] = useState<{ date: string; description: string; kind: HolidayKind }>({ date: '', description: '', kind: 'full' });
  const list = template.holidays.map((h, i) => ({ h, i })).filter(({ h }) => year === 'all' || h.date.startsWith(year));

  const update = (i: number, h: Holiday) => onChange(template.holidays.map((x, j) => (j === i ? h : x)));
  const add = () => {
    const h: Holiday = draft.kind === 'special'
      ? { date: draft.date, description: draft.description, kind: 'special', sessions: { normal: { start: '', end: '' } } }
      : { date: draft.date, description: draft.description, kind: 'full' };
    onChange(mergeHolidays(template.holidays, [h]));
    setDraft({ date: '', description: '', kind: 'full' });
  };
  const importCsv = async () => {
    try {
      const csv = await pickFileText('.csv,text/csv');
      if (csv === null) return;
      const r = await call('hours.parse_holidays_csv', { csv });
      if (r.errors.length > 0) return onNotice(`CSV not imported: ${r.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, true);
      onChange(mergeHolidays(template.holidays, r.holidays));
      onNotice(`${r.holidays.length} holidays merged from CSV; Apply to save`, false);
    } catch (err) {
      onNotice(`CSV import failed: ${err instanceof Error ? err.message : String(err)}`, true);
    }
  };

  return (
    <div className="th-holidays" data-testid="th-holidays">
      <div className="th-toolbar">
        <select value={year} onChange={(e) => setYear(e.target.value)} aria-label="Year">
          <option value="all">All years</option>
          {years.map((y) => <option key={y} value={y}>{y}</option>)}
        </select>
        <input type="date" value={draft.date} aria-label="Holiday date" onChange={(e) => setDraft({ ...draft, date: e.target.value })} />
        <input className="th-desc" value={draft.description} placeholder="Description" aria-label="Holiday description"
          onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
        <select value={draft.kind} aria-label="Holiday kind" onChange={(e) => setDraft({ ...draft, kind: e.target.value as HolidayKind })}>
          <option value="full">Closed all day</option>
          <option value="special">Special session</option>
        </select>
        <button type="button" disabled={!draft.date || !draft.description.trim()} onClick={add}>Add</button>
        <span className="th-spacer" />
        <button type="button" data-testid="th-import-csv" onClick={() => void importCsv()}>Import CSV…</button>
      </div>
      <table className="th-table">
        <thead><tr><th>Date</th><th>Day</th><th>Description</th><th>Kind</th><SessionHeads /><th /></tr></thead>
        <tbody>
          {list.map(({ h, i }) => {
            const path = `holidays[${i}]`;
            return (
              <tr key={`${h.date}-${i}`} title={h.note}>
                <td className={errorAt(errors, `${path}.date`) ? 'th-bad' : ''}>{h.date}</td>
                <td className="th-muted">{dayName(h.date)}</td>
                <td>
                  <input className={`th-desc${errorAt(errors, `${path}.description`) ? ' invalid' : ''}`} value={h.description}
                    aria-label={`Description ${h.date}`} onChange={(e) => update(i, { ...h, description: e.target.value })} />
                </td>
                <td>
                  <select value={h.kind} aria-label={`Kind ${h.date}`} onChange={(e) => update(i, e.target.value === 'special'
                    ? { ...h, kind: 'special', sessions: h.sessions ?? { normal: { start: '', end: '' } } }
                    : { date: h.date, description: h.description, kind: 'full', ...(h.note ? { note: h.note } : {}) })}>
                    <option value="full">Closed</option>
                    <option value="special">Special</option>
                  </select>
                </td>
                {h.kind === 'special'
                  ? <SessionInputs day={h.sessions ?? {}} path={`${path}.sessions`} errors={errors}
                      onChange={(kind, end, v) => update(i, { ...h, sessions: setSessionTime(h.sessions ?? {}, kind, end, v) })} />
                  : <td colSpan={3} className="th-muted">closed all day</td>}
                <td><button type="button" className="th-x" aria-label={`Remove ${h.date}`}
                  onClick={() => onChange(template.holidays.filter((_, j) => j !== i))}>×</button></td>
              </tr>
            );
          })}
          {list.length === 0 && <tr><td colSpan={8} className="th-muted">No holidays{year === 'all' ? '' : ` in ${year}`}.</td></tr>}
        </tbody>
      </table>
    </div>
  );
}

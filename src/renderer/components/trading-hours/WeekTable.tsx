// The weekly table: per weekday whether it trades and its session times.
import { WEEKDAYS, type FieldError, type TradingHoursTemplate, type Weekday } from '../../../shared/trading-hours.ts';
import { errorAt, setSessionTime } from './model.ts';
import { SessionHeads, SessionInputs } from './SessionInputs.tsx';

const DAY_NAME: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

export function WeekTable({ template, errors, onChange }: {
  template: TradingHoursTemplate; errors: FieldError[]; onChange: (week: TradingHoursTemplate['week']) => void;
}) {
  const week = template.week;
  return (
    <table className="th-table" data-testid="th-week">
      <thead><tr><th>Day</th><th>Trades</th><SessionHeads /></tr></thead>
      <tbody>
        {WEEKDAYS.map((d) => {
          const day = week[d];
          const rowError = errorAt(errors, `week.${d}`);
          return (
            <tr key={d} className={day.trades ? '' : 'th-off'} title={rowError ?? undefined}>
              <td className={rowError ? 'th-bad' : ''}>{DAY_NAME[d]}</td>
              <td>
                <input type="checkbox" checked={day.trades} aria-label={`${DAY_NAME[d]} trades`}
                  onChange={(e) => onChange({ ...week, [d]: { ...day, trades: e.target.checked } })} />
              </td>
              <SessionInputs day={day} path={`week.${d}`} errors={errors} disabled={!day.trades}
                onChange={(kind, end, v) => onChange({ ...week, [d]: setSessionTime(day, kind, end, v) })} />
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

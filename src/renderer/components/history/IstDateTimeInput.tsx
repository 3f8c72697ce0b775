// A date-time field in IST day/month order with a 24-hour clock (ist-date-input.ts). Typing
// keeps a draft; the form gets the wall time once the text is a real date and time, and the
// field says so while it is not.
import { useEffect, useState } from 'react';
import { dayMonthToWall, wallToDayMonth } from './ist-date-input.ts';

interface Props {
  /** 'YYYY-MM-DDTHH:MM' IST, as the form holds it. */
  value: string;
  onChange: (wall: string) => void;
  testId: string;
  disabled?: boolean;
  className?: string;
}

export function IstDateTimeInput({ value, onChange, testId, disabled, className }: Props) {
  const [draft, setDraft] = useState(() => wallToDayMonth(value));
  useEffect(() => { if (dayMonthToWall(draft) !== value) setDraft(wallToDayMonth(value)); }, [value]);
  const bad = draft.trim() !== '' && dayMonthToWall(draft) === null;
  return (
    <input
      data-testid={testId} inputMode="numeric" autoComplete="off" spellCheck={false} placeholder="DD/MM/YYYY HH:MM" disabled={disabled}
      className={[className, bad ? 'invalid' : ''].filter(Boolean).join(' ')} title={bad ? 'Day/month/year and 24-hour time, IST: 24/11/2026 09:15' : 'IST, day/month/year, 24-hour'}
      value={draft}
      onChange={(e) => { const text = e.target.value; setDraft(text); const wall = dayMonthToWall(text); onChange(wall ?? text); }}
    />
  );
}

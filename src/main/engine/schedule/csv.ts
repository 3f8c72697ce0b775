// Holiday lists from CSV: either Optick's own columns
//   date,description,kind,pre_open_start,pre_open_end,normal_start,normal_end,closing_start,closing_end,note
// or an exchange download with a header naming at least a date and a description column
// (NSE: "Sr. No,Date,Day,Description"). Dates may be 2026-01-26, 26-Jan-2026 or 26 Jan 2026.
// A row with any session time becomes a 'special' session unless its kind says otherwise.
import { SESSION_KINDS, type FieldError, type Holiday } from '../../../shared/trading-hours.ts';
import { validateHolidays } from './validate.ts';
import { formatDate, parseDate } from './zone.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const HEADER_ALIASES: Record<string, string> = {
  date: 'date', 'holiday date': 'date', 'trading date': 'date',
  description: 'description', holiday: 'description', name: 'description', occasion: 'description',
  kind: 'kind', type: 'kind', note: 'note',
};
const OWN_COLUMNS = ['date', 'description', 'kind', ...SESSION_KINDS.flatMap((k) => [`${k}_start`, `${k}_end`]), 'note'];
for (const c of OWN_COLUMNS) HEADER_ALIASES[c] ??= c;

/** Splits CSV text into rows of trimmed cells (RFC 4180 quotes, CRLF or LF), keeping 1-based line numbers. */
export function splitCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell.trim());
    if (cells.some((c) => c !== '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; cell += ch; }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell.trim()); cell = ''; }
    else if (ch === '\n') { endRow(); line++; rowLine = line; }
    else if (ch !== '\r') cell += ch;
  }
  endRow();
  return rows;
}

/** 'YYYY-MM-DD' from the date forms exchanges publish, or null. */
export function normaliseDate(s: string): string | null {
  if (parseDate(s) !== null) return s;
  const m = /^(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ,]+(\d{4})$/.exec(s);
  if (!m) return null;
  const month = MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1;
  if (month === 0) return null;
  const d = formatDate(Number(m[3]), month, Number(m[1]));
  return parseDate(d) === null ? null : d;
}

export function parseHolidayCsv(text: string): { holidays: Holiday[]; errors: FieldError[] } {
  const rows = splitCsv(text);
  const errors: FieldError[] = [];
  const first = rows[0];
  if (!first) return { holidays: [], errors: [{ field: 'csv', message: 'the CSV has no rows' }] };
  let columns: (string | null)[] = OWN_COLUMNS;
  let body = rows;
  if (normaliseDate(first.cells[0] ?? '') === null) {
    columns = first.cells.map((h) => HEADER_ALIASES[h.toLowerCase().replace(/\s+/g, ' ')] ?? null);
    body = rows.slice(1);
    for (const need of ['date', 'description']) {
      if (!columns.includes(need)) errors.push({ field: 'csv line 1', message: `header has no '${need}' column (found: ${first.cells.join(', ')})` });
    }
    if (errors.length > 0) return { holidays: [], errors };
  }
  const holidays: unknown[] = [];
  const lines: number[] = [];
  for (const { line, cells } of body) {
    const row: Record<string, string> = {};
    columns.forEach((c, i) => { if (c && cells[i]) row[c] = cells[i] ?? ''; });
    const date = normaliseDate(row.date ?? '');
    if (date === null) {
      errors.push({ field: `csv line ${line}: date`, message: `not a date (use 2026-01-26 or 26-Jan-2026), found ${JSON.stringify(row.date ?? '')}` });
      continue;
    }
    const sessions: Record<string, { start: string; end: string }> = {};
    for (const k of SESSION_KINDS) {
      const start = row[`${k}_start`], end = row[`${k}_end`];
      if (start || end) sessions[k] = { start: start ?? '', end: end ?? '' };
    }
    const special = Object.keys(sessions).length > 0;
    holidays.push({
      date,
      description: row.description ?? '',
      kind: row.kind?.toLowerCase() ?? (special ? 'special' : 'full'),
      ...(special ? { sessions } : {}),
      ...(row.note ? { note: row.note } : {}),
    });
    lines.push(line);
  }
  const r = validateHolidays(holidays);
  if (!r.ok) {
    // Name the CSV line instead of the list index.
    for (const e of r.errors) {
      const m = /^holidays\[(\d+)\]\.?(.*)$/.exec(e.field);
      errors.push(m ? { field: `csv line ${lines[Number(m[1])]}: ${m[2] || 'row'}`, message: e.message } : e);
    }
    return { holidays: [], errors };
  }
  // All or nothing: a half-imported holiday list is worse than none.
  return errors.length > 0 ? { holidays: [], errors } : { holidays: r.value, errors };
}

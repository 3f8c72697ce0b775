// Calendar dates in an exchange's own time zone, via Intl (never fixed offsets). Runtime: std.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** 'YYYY-MM-DD' of the instant `ms` in `timeZone`. */
export function zonedDate(ms: number, timeZone: string): string {
  return formatterFor(timeZone).format(ms);
}

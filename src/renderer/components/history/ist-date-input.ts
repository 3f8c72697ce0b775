// IST date-times as the rest of the app writes them: day/month/year and a 24-hour clock
// ('24/11/2026 09:15'), whatever the browser's locale (a datetime-local input would show
// 11/24/2026 09:15 AM on an en-US machine). Converts to and from the 'YYYY-MM-DDTHH:MM' wall
// time the export and calculator forms hold. Pure.
const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const SHOWN = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[\sT,]+(\d{1,2}):(\d{2})\s*$/;

/** 'YYYY-MM-DDTHH:MM' → 'DD/MM/YYYY HH:MM'; anything else is returned unchanged. */
export function wallToDayMonth(wall: string): string {
  const m = WALL.exec(wall);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : wall;
}

/** 'DD/MM/YYYY HH:MM' (24-hour; '/', '.' or '-') → 'YYYY-MM-DDTHH:MM', or null when it is not a real date and time. */
export function dayMonthToWall(text: string): string | null {
  const m = SHOWN.exec(text);
  if (!m) return null;
  const [d, mo, y, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59) return null;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}`;
}

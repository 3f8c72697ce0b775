// A venue's settings file in the data directory (massive.json, jsonstream.json): JSON object,
// missing = the defaults, a bad file or bad field = the defaults for it and a problem naming the
// file and field (the caller raises it as a notice; the file is never rewritten here). Unknown
// keys are problems too, so a typo does not pass silently. Runtime: node.
import { existsSync, readFileSync } from 'node:fs';

export type FieldCheck<T> = { [K in keyof T]: (v: unknown) => string | null };

export interface SettingsRead<T> {
  settings: T;
  /** What was wrong (file unreadable, not an object, fields), or null. */
  problem: string | null;
}

export function readSettingsFile<T extends object>(path: string, defaults: T, check: FieldCheck<T>): SettingsRead<T> {
  if (!existsSync(path)) return { settings: { ...defaults }, problem: null };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return { settings: { ...defaults }, problem: `${path}: not readable JSON (${(err as Error).message}); using the defaults` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { settings: { ...defaults }, problem: `${path}: not a JSON object; using the defaults` };
  const out = { ...defaults } as Record<string, unknown>;
  const bad: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    const f = (check as Record<string, (v: unknown) => string | null>)[k];
    if (!f) { bad.push(`unknown setting '${k}'`); continue; }
    const why = f(v);
    if (why) bad.push(`${k}: ${why}`);
    else out[k] = v;
  }
  return { settings: out as T, problem: bad.length ? `${path}: ${bad.join('; ')} (defaults used for those)` : null };
}

/** Checks for the usual field kinds. */
export const is = {
  url: (protocols: readonly string[], or?: string) => (v: unknown): string | null => {
    if (typeof v !== 'string') return 'must be a string';
    if (or !== undefined && v === or) return null;
    try {
      const u = new URL(v);
      return protocols.includes(u.protocol) ? null : `must be a ${protocols.join(' or ')} URL${or ? ` or '${or}'` : ''}`;
    } catch {
      return `not a URL${or ? ` (or '${or}')` : ''}: '${v}'`;
    }
  },
  int: (min: number, max: number) => (v: unknown): string | null => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `must be an integer from ${min} to ${max}`),
  bool: (v: unknown): string | null => (typeof v === 'boolean' ? null : 'must be true or false'),
  text: (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 4096 ? null : 'must be a non-empty string'),
  textOrNull: (v: unknown): string | null => (v === null || (typeof v === 'string' && v.length > 0 && v.length <= 4096) ? null : 'must be a non-empty string or null'),
};

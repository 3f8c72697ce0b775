// The local API token: OPTICK_API_TOKEN when set, else generated once and kept (mode 0600)
// in the data directory (`api-token`), so bookmarks and scripts keep working across restarts.
// A token file that is there but unusable (empty, too short, unreadable) is never silently
// replaced — scripts reading the old token would get 401 with no clue why: start-up stops
// with one line naming the file and what to do.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const API_TOKEN_FILE = 'api-token';
const MIN_LENGTH = 16;

/** The token file exists but cannot be used; the message names it and says what to do. */
export class ApiTokenError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(message);
    this.name = 'ApiTokenError';
    this.file = file;
  }
}

export function loadApiToken(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.OPTICK_API_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const file = join(dataDir, API_TOKEN_FILE);
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code !== 'ENOENT') throw new ApiTokenError(file, `cannot read the API token file ${file} (${e.code ?? e.message}); fix its permissions, or delete it to have a new token generated`);
  }
  if (text !== null) {
    const t = text.trim();
    if (t.length >= MIN_LENGTH && /^[\x21-\x7e]+$/.test(t)) return t;
    const what = t.length === 0 ? 'is empty' : `does not hold a token (needs ${MIN_LENGTH}+ printable characters, no spaces)`;
    throw new ApiTokenError(file, `the API token file ${file} ${what}; scripts using it would get 401. Write your token back into it, or delete it to have a new one generated (or set OPTICK_API_TOKEN)`);
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

/** Constant-time token comparison. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

// The local API token: OPTICK_API_TOKEN when set, else generated once and kept (mode 0600)
// in the data directory, so bookmarks and scripts keep working across restarts.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadApiToken(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.OPTICK_API_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'api-token');
  if (existsSync(file)) {
    const t = readFileSync(file, 'utf8').trim();
    if (t.length >= 16) return t;
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

// The store's files on disk: ticks.db (+ -wal/-shm) and its sidecar, created 0600 whatever the
// umask, and moved aside — never deleted — when damaged: `<file>.corrupt-<UTC timestamp>`.
import { chmodSync, closeSync, existsSync, openSync, readdirSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Mode of every file the store writes. */
export const FILE_MODE = 0o600;
/** Mode of the folders the store writes in. */
export const DIR_MODE = 0o700;

/** SQLite result codes that mean the file itself is damaged (not a full disk, not permissions). */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

export function isDamageCode(code: string | undefined | null): boolean {
  return !!code && (DAMAGE_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'));
}

/** Creates `file` empty with mode 0600 if missing, and sets 0600 on it and its -wal/-shm if present. */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, FILE_MODE);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

/** `2026-11-20T09-15-00-123Z`: a timestamp that is a valid file name everywhere. */
export function fileStamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

/**
 * Moves a damaged file aside as `<file>.corrupt-<stamp>` (its -wal and -shm with it, same stamp)
 * and returns the new path of `file`. Nothing is deleted.
 */
export function moveAside(file: string, now = Date.now()): string {
  const target = `${file}.corrupt-${fileStamp(now)}`;
  renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${target}${suffix}`);
  }
  return target;
}

/** Files moved aside earlier for `file` (newest last). */
export function movedAside(file: string): string[] {
  const dir = dirname(file);
  const prefix = `${basename(file)}.corrupt-`;
  try {
    return readdirSync(dir).filter((n) => n.startsWith(prefix) && !n.endsWith('-wal') && !n.endsWith('-shm')).sort().map((n) => join(dir, n));
  } catch {
    return [];
  }
}

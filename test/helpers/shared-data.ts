// Locates ../shared/data (real market data kept outside the repo; never copied in). Every test
// reads it through here, so a missing folder or file fails that test AT ONCE with the path it
// looked for — never a hang, never a bare ENOENT from deep inside a stream.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DATA = resolve(process.env.OPTICK_SHARED_DATA || join(REPO_ROOT, '..', 'shared', 'data'));

export class SharedDataMissingError extends Error {
  constructor(path: string) {
    super(`shared market data not found at ${path}${existsSync(SHARED_DATA) ? '' : ` (the folder ${SHARED_DATA} itself is missing)`}; ` +
      'these tests need ../shared/data beside the repository, or OPTICK_SHARED_DATA set to the folder holding it');
    this.name = 'SharedDataMissingError';
  }
}

/** The absolute path of a file (or folder) in the shared data; throws naming it when absent. */
export function sharedDataPath(rel: string): string {
  const p = join(SHARED_DATA, rel);
  if (!existsSync(p)) throw new SharedDataMissingError(p);
  return p;
}

export function readSharedText(rel: string): string {
  return readFileSync(sharedDataPath(rel), 'utf8');
}

export function readSharedJson<T = unknown>(rel: string): T {
  return JSON.parse(readSharedText(rel)) as T;
}

// Locates ../shared/data (real market data kept outside the repo; never copied in).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DATA = process.env.OPTICK_SHARED_DATA ?? join(REPO_ROOT, '..', 'shared', 'data');

export function sharedDataPath(rel: string): string {
  const p = join(SHARED_DATA, rel);
  if (!existsSync(p)) throw new Error(`shared market data not found at ${p}; set OPTICK_SHARED_DATA to the folder holding it`);
  return p;
}

export function readSharedJson<T = unknown>(rel: string): T {
  return JSON.parse(readFileSync(sharedDataPath(rel), 'utf8')) as T;
}

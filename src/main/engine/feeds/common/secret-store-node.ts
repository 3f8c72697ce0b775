// Headless SecretStore: one JSON file in the data directory, mode 0600, written atomically
// (temp file + rename). No OS keyring protects it, which it says once. A file that cannot be
// used (not JSON, not an object, a value that is not a string) is never silently dropped: it is
// a notice naming the file, and it is kept (moved aside as `<file>.corrupt-<time>`) before the
// first write replaces it. Runtime: node.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../log.ts';
import type { Notices } from '../../notices.ts';
import type { SecretStore } from './secret-store.ts';

export const SECRETS_FILE = 'secrets.json';
export const SECRETS_NOTICE_ID = 'secrets:file';

export class FileSecretStore implements SecretStore {
  readonly protection = 'file' as const;
  readonly path: string;
  readonly #log: Logger;
  readonly #notices: Notices | null;
  readonly #now: () => number;
  #values: Record<string, string>;
  #warned = false;
  /** The file on disk is not one this store wrote (it is moved aside before the next write). */
  #fileBad = false;

  constructor(path: string, log: Logger, opts: { notices?: Notices; now?: () => number } = {}) {
    this.path = path;
    this.#log = log;
    this.#notices = opts.notices ?? null;
    this.#now = opts.now ?? Date.now;
    this.#values = this.#read();
  }

  get(name: string): string | null {
    return Object.hasOwn(this.#values, name) ? this.#values[name]! : null;
  }

  set(name: string, value: string): void {
    this.#warnOnce();
    this.#values = { ...this.#values, [name]: value };
    this.#write();
  }

  delete(name: string): void {
    if (!Object.hasOwn(this.#values, name)) return;
    const { [name]: _gone, ...rest } = this.#values;
    this.#values = rest;
    this.#write();
  }

  #warnOnce(): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#log('warn', `no OS keyring in headless mode: feed secrets (Upstox, OpenAlgo) are kept unencrypted in ${this.path} (mode 0600, readable by this user only)`);
  }

  #read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    let v: unknown;
    try {
      chmodSync(this.path, 0o600); // tighten a copy restored with looser permissions
      v = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
    } catch (err) {
      return this.#bad(`is not readable JSON (${(err as Error).message})`, {});
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) return this.#bad(`is not a JSON object (found ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v})`, {});
    const entries = Object.entries(v);
    const good = entries.filter((e): e is [string, string] => typeof e[1] === 'string');
    const wrong = entries.filter((e) => typeof e[1] !== 'string').map(([k, x]) => `${k} (${x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x})`);
    if (wrong.length) return this.#bad(`holds values that are not strings: ${wrong.join(', ')}; those are not used`, Object.fromEntries(good));
    return Object.fromEntries(good);
  }

  #bad(what: string, usable: Record<string, string>): Record<string, string> {
    this.#fileBad = true;
    const message = `secrets file ${this.path} ${what}; the stored Upstox secret or login in it is not used and the file is kept as it is`;
    const action = 'log in to Upstox again (and re-enter the API secret if asked); the bad file is moved aside as secrets.json.corrupt-<time> on the next save';
    if (this.#notices) this.#notices.add({ id: SECRETS_NOTICE_ID, severity: 'error', source: 'secrets', message, file: this.path, action });
    else this.#log('error', `${message} — ${action}`);
    return usable;
  }

  #write(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    if (this.#fileBad && existsSync(this.path)) {
      const aside = `${this.path}.corrupt-${this.#now()}`;
      renameSync(this.path, aside);
      this.#log('warn', `secrets: kept the unusable ${this.path} as ${aside} before saving`);
    }
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.#values), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
    if (this.#fileBad) this.#notices?.clear(SECRETS_NOTICE_ID);
    this.#fileBad = false;
  }
}

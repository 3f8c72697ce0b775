// Headless SecretStore: one JSON file in the data directory, mode 0600, written atomically
// (temp file + rename). No OS keyring protects it, which it says once. Runtime: node.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../log.ts';
import type { SecretStore } from './secret-store.ts';

export const SECRETS_FILE = 'secrets.json';

export class FileSecretStore implements SecretStore {
  readonly protection = 'file' as const;
  readonly path: string;
  readonly #log: Logger;
  #values: Record<string, string>;
  #warned = false;

  constructor(path: string, log: Logger) {
    this.path = path;
    this.#log = log;
    this.#values = this.#read();
  }

  get(name: string): string | null {
    return this.#values[name] ?? null;
  }

  set(name: string, value: string): void {
    this.#warnOnce();
    this.#values = { ...this.#values, [name]: value };
    this.#write();
  }

  delete(name: string): void {
    if (!(name in this.#values)) return;
    const { [name]: _gone, ...rest } = this.#values;
    this.#values = rest;
    this.#write();
  }

  #warnOnce(): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#log('warn', `no OS keyring in headless mode: Upstox secrets are kept unencrypted in ${this.path} (mode 0600, readable by this user only)`);
  }

  #read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    try {
      chmodSync(this.path, 0o600); // tighten a copy restored with looser permissions
      const v = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
      return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch (err) {
      this.#log('error', `secrets file ${this.path} is unreadable (${(err as Error).message}); starting without stored secrets`);
      return {};
    }
  }

  #write(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.#values), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }
}

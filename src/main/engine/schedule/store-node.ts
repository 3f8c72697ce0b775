// The server host's trading-hours store: one JSON file in the data directory with the
// schema electron-store holds in the desktop app. Writes are atomic (temp file, fsync,
// rename) and the previous good file is kept as `<file>.bak`. A corrupt or invalid file
// is reported and the last good templates stay in use; nothing is silently reset, and the
// bad file is kept aside (`<file>.corrupt-<time>`) before the next save replaces it.
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { TradingHoursDocument, TradingHoursTemplate } from '../../../shared/trading-hours.ts';
import { defaultDocument, validateDocument, validatedForSave, type TradingHoursRepository } from './document.ts';

export type StoreLog = (level: 'info' | 'warn' | 'error', message: string, context: Record<string, unknown>) => void;

type ReadResult = { ok: true; doc: TradingHoursDocument } | { ok: false; missing: boolean; reason: string };

function readDocument(path: string): ReadResult {
  if (!existsSync(path)) return { ok: false, missing: true, reason: 'no such file' };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { ok: false, missing: false, reason: `not readable JSON (${(e as Error).message})` };
  }
  const r = validateDocument(json);
  if (!r.ok) return { ok: false, missing: false, reason: r.errors.map((x) => `${x.field || '(root)'}: ${x.message}`).join('; ') };
  return { ok: true, doc: r.value };
}

export class TradingHoursFileStore implements TradingHoursRepository {
  readonly path: string;
  readonly #log: StoreLog;
  readonly #now: () => number;
  #doc: TradingHoursDocument;
  #error: string | null = null;
  /** The file on disk is not a good document (it must be kept aside before it is replaced). */
  #fileBad = false;
  /** #doc came from a good file or a save in this process (not from the built-ins). */
  #haveGood = false;

  constructor(path: string, builtIns: TradingHoursTemplate[], opts: { log?: StoreLog; now?: () => number } = {}) {
    this.path = path;
    this.#log = opts.log ?? (() => undefined);
    this.#now = opts.now ?? Date.now;
    this.#doc = defaultDocument(builtIns);
    this.load();
  }

  get backupPath(): string {
    return `${this.path}.bak`;
  }

  /** (Re)reads the file; on failure keeps the last good document (this process's, else the .bak, else the built-ins). */
  load(): void {
    const main = readDocument(this.path);
    if (main.ok) {
      this.#doc = main.doc;
      this.#error = null;
      this.#fileBad = false;
      this.#haveGood = true;
      return;
    }
    if (main.missing) {
      this.#error = null;
      this.#fileBad = false;
      return; // first start: built-ins, written on the first save
    }
    this.#fileBad = true;
    const bak = this.#haveGood ? null : readDocument(this.backupPath);
    let using: string;
    if (this.#haveGood) using = 'keeping the templates already loaded';
    else if (bak?.ok) {
      this.#doc = bak.doc;
      this.#haveGood = true;
      using = `using the last good copy ${this.backupPath}`;
    } else using = 'no good backup, using the built-in templates until you save';
    this.#error = `trading-hours file ${this.path} is corrupt or invalid: ${main.reason}; ${using}. The file is left as it is.`;
    this.#log('error', this.#error, { path: this.path });
  }

  document(): TradingHoursDocument {
    return this.#doc;
  }

  loadError(): string | null {
    return this.#error;
  }

  save(doc: TradingHoursDocument): void {
    const valid = validatedForSave(doc);
    if (this.#fileBad) {
      const aside = `${this.path}.corrupt-${this.#now()}`;
      renameSync(this.path, aside);
      this.#log('warn', `trading hours: kept the corrupt file as ${aside} before saving`, { path: this.path, aside });
    } else if (existsSync(this.path)) {
      copyFileSync(this.path, this.backupPath);
    }
    const tmp = `${this.path}.tmp-${process.pid}`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(valid, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    this.#doc = valid;
    this.#error = null;
    this.#fileBad = false;
    this.#haveGood = true;
  }
}

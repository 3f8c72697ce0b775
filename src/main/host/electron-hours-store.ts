// Trading-hours persistence in the desktop app: electron-store (atomic writes, the app's
// userData folder), holding the same document the server host keeps in a JSON file.
// A corrupt or invalid stored document is reported and the last good one (kept under
// `last_good`) or the built-ins stay in use; nothing is reset until the trader saves.
// Runtime: electron-main (electron-store imports electron).
import Store from 'electron-store';
import type { TradingHoursDocument, TradingHoursTemplate } from '../../shared/trading-hours.ts';
import { defaultDocument, validateDocument, validatedForSave, type TradingHoursRepository } from '../engine/schedule/document.ts';
import type { Logger } from '../engine/log.ts';

interface Stored {
  document?: unknown;
  last_good?: unknown;
}

export class ElectronTradingHoursStore implements TradingHoursRepository {
  readonly #store: Store<Stored> | null;
  readonly #log: Logger;
  #doc: TradingHoursDocument;
  #error: string | null = null;

  constructor(builtIns: TradingHoursTemplate[], log: Logger) {
    this.#log = log;
    this.#doc = defaultDocument(builtIns);
    let store: Store<Stored> | null = null;
    try {
      store = new Store<Stored>({ name: 'trading-hours', clearInvalidConfig: false });
    } catch (err) {
      this.#fail(`trading-hours store is not readable JSON (${(err as Error).message}); using the built-in templates, the file is left as it is`);
    }
    this.#store = store;
    if (!store) return;
    for (const key of ['document', 'last_good'] as const) {
      const raw = store.get(key);
      if (raw === undefined) continue;
      const r = validateDocument(raw);
      if (r.ok) {
        this.#doc = r.value;
        if (key === 'last_good') this.#fail(`stored trading-hours document in ${store.path} is invalid; using the last good copy`);
        return;
      }
      if (key === 'document') this.#error = `stored trading-hours document in ${store.path} is invalid: ${r.errors.map((e) => `${e.field || '(root)'}: ${e.message}`).join('; ')}`;
    }
    if (this.#error) this.#fail(`${this.#error}; using the built-in templates until you save`);
  }

  document(): TradingHoursDocument {
    return this.#doc;
  }

  loadError(): string | null {
    return this.#error;
  }

  save(doc: TradingHoursDocument): void {
    const valid = validatedForSave(doc);
    if (!this.#store) throw new Error(`trading-hours store is unreadable; fix or remove it first (${this.#error})`);
    if (!this.#error) this.#store.set('last_good', this.#doc);
    this.#store.set('document', valid);
    this.#doc = valid;
    this.#error = null;
  }

  #fail(message: string): void {
    this.#error = message;
    this.#log('error', message);
  }
}

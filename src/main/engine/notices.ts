// The standing notices of a running Optick: problems found at start-up or later (a corrupt
// config file, a replaced token, history off) that the trader must see. Each part raises its
// own by id and clears it when fixed; the engine's status carries them and the UI shows them
// as a banner. Raising a notice logs it once (again only when its message changes).
import type { Notice, NoticeSeverity } from '../../shared/status.ts';
import type { Logger, LogLevel } from './log.ts';

/** A notice as its owner raises it (the time it was first raised is kept by the owner). */
export type NoticeInput = Omit<Notice, 'since'> & {
  /** Its owner has already logged this very problem (one line, once): do not log it again. */
  logged?: boolean;
};

const LOG_LEVEL: Record<NoticeSeverity, LogLevel> = { error: 'error', warning: 'warn', info: 'info' };

/** One line naming the file, what is wrong and what to do: the log line and the CLI line. */
export function noticeLine(n: Pick<Notice, 'source' | 'message' | 'file' | 'action'>): string {
  return `${n.source}: ${n.message}${n.file && !n.message.includes(n.file) ? ` (${n.file})` : ''}${n.action ? ` — ${n.action}` : ''}`;
}

export class Notices {
  readonly #byId = new Map<string, Notice>();
  readonly #listeners = new Set<() => void>();
  readonly #log: Logger;
  readonly #now: () => number;

  constructor(log: Logger = () => {}, now: () => number = Date.now) {
    this.#log = log;
    this.#now = now;
  }

  /** Raises (or updates) a notice; logs it once unless its text is unchanged. */
  add(input: NoticeInput): Notice {
    const old = this.#byId.get(input.id);
    const same = old && old.severity === input.severity && old.message === input.message && old.file === input.file && old.action === input.action;
    if (same) return old;
    const notice: Notice = {
      id: input.id, severity: input.severity, source: input.source, message: input.message,
      ...(input.file !== undefined && { file: input.file }),
      ...(input.action !== undefined && { action: input.action }),
      since: old?.since ?? this.#now(),
    };
    this.#byId.set(input.id, notice);
    if (!input.logged) this.#log(LOG_LEVEL[input.severity], noticeLine(notice));
    this.#changed();
    return notice;
  }

  /** Clears a notice (its problem is gone); false if there was none. */
  clear(id: string): boolean {
    if (!this.#byId.delete(id)) return false;
    this.#changed();
    return true;
  }

  get(id: string): Notice | undefined {
    return this.#byId.get(id);
  }

  /** Every standing notice: errors first, then warnings, then info; oldest first within each. */
  list(): Notice[] {
    const rank: Record<NoticeSeverity, number> = { error: 0, warning: 1, info: 2 };
    return [...this.#byId.values()].sort((a, b) => rank[a.severity] - rank[b.severity] || a.since - b.since).map((n) => ({ ...n }));
  }

  /** Called after every change (the engine pushes status at once). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const l of this.#listeners) {
      try { l(); } catch (err) { this.#log('error', `notice listener failed: ${(err as Error).stack ?? err}`); }
    }
  }
}

// Client sessions for any transport (WebSocket, Electron MessagePort): parses call
// frames, dispatches them, and fans engine pushes out to the clients that want them.
import { randomUUID } from 'node:crypto';
import type { CallFrame, HostFrame, PushEvent } from '../../shared/api.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../engine/log.ts';
import { toApiError, type Dispatch } from './api-dispatch.ts';
import { historyOf } from '../engine/history/history-service.ts';
import { alertsOf } from '../engine/alerts/alert-service.ts';

export interface ClientSession {
  readonly id: string;
  /** Handles one incoming frame (already parsed JSON or a structured-clone object). */
  receive(frame: unknown): void;
  close(): void;
}

export class ClientHub {
  readonly dispatch: Dispatch;
  readonly #engine: Engine;
  readonly #log: Logger;
  readonly #sessions = new Map<string, (frame: HostFrame) => void>();
  readonly #off: (() => void)[];

  constructor(engine: Engine, dispatch: Dispatch, log: Logger) {
    this.#engine = engine;
    this.#log = log;
    this.dispatch = dispatch;
    this.#off = [
      engine.onDeltas((deltas, watchers) => {
        const seq = engine.seq;
        for (const [client, send] of this.#sessions) {
          const mine = deltas.filter((d) => watchers.get(d.chain)?.has(client));
          if (mine.length) send({ push: { type: 'chain.delta', seq, deltas: mine } });
        }
      }),
      engine.onStatus((status) => {
        const push: PushEvent = { type: 'status', status };
        for (const send of this.#sessions.values()) send({ push });
      }),
    ];
    // Candle bars of watched charts and export progress go only to the clients they name.
    const history = historyOf(engine);
    if (history) this.#off.push(history.onPush((push, clients) => { for (const c of clients) this.#sessions.get(c)?.({ push }); }));
    // Every firing goes to every client (toast, Web Notification, the log panel).
    const alerts = alertsOf(engine);
    if (alerts) {
      this.#off.push(alerts.onAlert((entry) => { for (const send of this.#sessions.values()) send({ push: { type: 'alert', entry } }); }));
      this.#off.push(alerts.onFocus((entry) => { for (const send of this.#sessions.values()) send({ push: { type: 'alert.focus', entry } }); }));
    }
  }

  get size(): number {
    return this.#sessions.size;
  }

  connect(prefix: string, send: (frame: HostFrame) => void): ClientSession {
    const id = `${prefix}-${randomUUID()}`;
    this.#sessions.set(id, send);
    return {
      id,
      receive: (raw) => this.#receive(id, raw, send),
      close: () => {
        if (this.#sessions.delete(id)) { this.#engine.dropClient(id); historyOf(this.#engine)?.dropClient(id); }
      },
    };
  }

  close(): void {
    for (const off of this.#off) off();
    for (const id of [...this.#sessions.keys()]) { this.#engine.dropClient(id); historyOf(this.#engine)?.dropClient(id); }
    this.#sessions.clear();
  }

  #receive(client: string, raw: unknown, send: (frame: HostFrame) => void): void {
    const frame = raw as CallFrame | null;
    if (typeof frame?.id !== 'number' || typeof frame.method !== 'string') {
      send({ id: typeof frame?.id === 'number' ? frame.id : -1, ok: false, error: { code: 'bad_request', message: 'malformed call frame: needs a numeric id and a method' } });
      return;
    }
    this.dispatch(client, frame.method, frame.req ?? {}).then(
      (res) => send({ id: frame.id, ok: true, res }),
      (err) => {
        const e = toApiError(err);
        if (e.code === 'internal') this.#log('error', `${frame.method} from ${client}: ${(err as Error).stack ?? err}`);
        send({ id: frame.id, ok: false, error: { code: e.code, message: e.message } });
      },
    );
  }
}

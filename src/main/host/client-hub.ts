// Client sessions for any transport (WebSocket, Electron MessagePort): parses call
// frames, dispatches them, and fans engine pushes out to the clients that want them.
import { randomUUID } from 'node:crypto';
import type { CallFrame, HostFrame, PushEvent } from '../../shared/api.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../engine/log.ts';
import type { Dispatch } from './api-dispatch.ts';
import { guarded } from './boundary.ts';
import { historyOf } from '../engine/history/history-service.ts';
import { alertsOf } from '../engine/alerts/alert-service.ts';
import { signalsOf } from '../engine/signals/signal-service.ts';

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
          if (mine.length) this.#push(client, send, { push: { type: 'chain.delta', seq, deltas: mine } });
        }
      }),
      engine.onStatus((status) => {
        const push: PushEvent = { type: 'status', status };
        for (const [client, send] of this.#sessions) this.#push(client, send, { push });
      }),
    ];
    // Candle bars of watched charts and export progress go only to the clients they name.
    const history = historyOf(engine);
    if (history) this.#off.push(history.onPush((push, clients) => {
      for (const c of clients) { const send = this.#sessions.get(c); if (send) this.#push(c, send, { push }); }
    }));
    // Every firing goes to every client (toast, Web Notification, the log panel).
    const alerts = alertsOf(engine);
    if (alerts) {
      const all = (push: PushEvent) => { for (const [c, send] of this.#sessions) this.#push(c, send, { push }); };
      this.#off.push(alerts.onAlert((entry) => all({ type: 'alert', entry })));
      this.#off.push(alerts.onFocus((entry) => all({ type: 'alert.focus', entry })));
    }
    // Every signal goes to every client (the Signals tab).
    const signals = signalsOf(engine);
    if (signals) this.#off.push(signals.onSignal((signal) => { for (const [c, send] of this.#sessions) this.#push(c, send, { push: { type: 'signal', signal } }); }));
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

  /** A push to one client; a transport that throws (a closed port) costs that client, not the others or the engine. */
  #push(client: string, send: (frame: HostFrame) => void, frame: HostFrame): void {
    try {
      send(frame);
    } catch (err) {
      this.#log('warn', `push to ${client} failed: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  /** One incoming frame, inside the error boundary: every call gets exactly one reply, nothing escapes. */
  #receive(client: string, raw: unknown, send: (frame: HostFrame) => void): void {
    const frame = (typeof raw === 'object' && raw !== null ? raw : null) as Partial<CallFrame> | null;
    const id = typeof frame?.id === 'number' && Number.isFinite(frame.id) ? frame.id : null;
    if (id === null || typeof frame?.method !== 'string') {
      this.#push(client, send, { id: id ?? -1, ok: false, error: { code: 'bad_request', message: 'malformed call frame: needs a numeric id and a method' } });
      return;
    }
    const method = frame.method;
    guarded(`${method.slice(0, 80)} from ${client}`, this.#log, () => this.dispatch(client, method, frame.req),
      (res) => send({ id, ok: true, res }),
      (error) => this.#push(client, send, { id, ok: false, error }));
  }
}

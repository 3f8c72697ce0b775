// A bench's UI client: one WebSocket to a server host (/ws?token=…), typed calls and pushes,
// as the renderer's ws-transport speaks them (JSON call frames, replies by id, pushes).
import WebSocket from 'ws';
import type { ApiMethod, ApiRequest, ApiResponse, PushEvent } from '../../src/shared/api.ts';

export interface BenchClient {
  call<M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>>;
  onPush(listener: (push: PushEvent, text: string) => void): void;
  close(): void;
}

/** `base` is the host's http URL; the token goes in the query as the page's does. */
export async function connectClient(base: string, token: string): Promise<BenchClient> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`);
  await new Promise<void>((ok, fail) => { ws.once('open', () => ok()); ws.once('error', fail); });
  let next = 1;
  const pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
  const listeners: ((push: PushEvent, text: string) => void)[] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    const frame = JSON.parse(text) as { id?: number; ok?: boolean; res?: unknown; error?: { message: string }; push?: PushEvent };
    if (frame.push) { for (const l of listeners) l(frame.push, text); return; }
    const p = pending.get(frame.id!);
    if (!p) return;
    pending.delete(frame.id!);
    if (frame.ok) p.ok(frame.res); else p.fail(new Error(frame.error?.message ?? 'call failed'));
  });
  return {
    call: (method, req) => new Promise((ok, fail) => {
      const id = next++;
      pending.set(id, { ok: ok as (v: unknown) => void, fail });
      ws.send(JSON.stringify({ id, method, req }));
    }),
    onPush: (l) => { listeners.push(l); },
    close: () => ws.close(),
  };
}

// Browser-mode transport: one WebSocket to the server host that served the page.
// Calls made while the socket is down wait (bounded) for it; calls in flight when it drops
// fail with ApiError('unavailable'); the socket reconnects with capped, jittered backoff.
import { ApiError } from '../../shared/api.ts';
import type { ApiMethod, ApiRequest, ApiResponse, PushEvent } from '../../shared/api.ts';
import { backoffDelay, encodeCall, parseHostFrame, replyError } from './frames.ts';
import { notifyAll } from './transport.ts';
import type { ConnectionInfo, Transport } from './transport.ts';

export interface WsTransportOptions {
  /** A call not answered within this time fails with 'unavailable'. */
  callTimeoutMs?: number;
  /** Calls that may wait for the socket to open; beyond that they fail at once. */
  maxQueued?: number;
}

interface Pending {
  method: ApiMethod;
  resolve: (res: unknown) => void;
  reject: (err: ApiError) => void;
  timer: ReturnType<typeof setTimeout>;
  /** The encoded frame, still unsent while the socket is down. */
  frame: string | null;
}

export function createWsTransport(url: string, options: WsTransportOptions = {}): Transport {
  const callTimeoutMs = options.callTimeoutMs ?? 20_000;
  const maxQueued = options.maxQueued ?? 64;
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(event: PushEvent) => void>();
  const connectionListeners = new Set<(info: ConnectionInfo) => void>();
  let info: ConnectionInfo = { state: 'connecting', attempt: 0, retryInMs: null, message: null };
  let socket: WebSocket | null = null;
  let nextId = 1;

  const setInfo = (next: ConnectionInfo): void => {
    info = next;
    notifyAll(connectionListeners, info, 'connection');
  };

  const settle = (id: number): Pending | undefined => {
    const call = pending.get(id);
    if (call) { clearTimeout(call.timer); pending.delete(id); }
    return call;
  };

  const flushQueued = (ws: WebSocket): void => {
    for (const call of pending.values()) {
      if (call.frame !== null) { ws.send(call.frame); call.frame = null; }
    }
  };

  const onMessage = (data: unknown): void => {
    let frame;
    try {
      frame = parseHostFrame(data);
    } catch (err) {
      console.error(`optick: dropped a bad frame from ${url.replace(/token=[^&]*/, 'token=…')}: ${(err as Error).message}`);
      return;
    }
    if ('push' in frame) { notifyAll(eventListeners, frame.push, `push ${frame.push.type}`); return; }
    const call = settle(frame.id);
    if (!call) { console.warn(`optick: reply #${frame.id} matches no call in flight (timed out earlier?)`); return; }
    if (frame.ok) call.resolve(frame.res);
    else call.reject(replyError(call.method, frame.error));
  };

  const connect = (): void => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      setInfo({ state: 'open', attempt: 0, retryInMs: null, message: null });
      flushQueued(ws);
    };
    ws.onmessage = (event: MessageEvent) => onMessage(event.data);
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return;
      socket = null;
      const why = `socket closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`;
      for (const [id, call] of pending) {
        if (call.frame === null) { settle(id); call.reject(new ApiError('unavailable', `${call.method}: ${why} before the reply`)); }
      }
      const delay = backoffDelay(info.attempt);
      setInfo({ state: 'reconnecting', attempt: info.attempt + 1, retryInMs: delay, message: why });
      setTimeout(connect, delay);
    };
    // The close event follows an error and carries the code; nothing to add here but the log.
    ws.onerror = () => console.warn(`optick: WebSocket error on ${ws.url.replace(/token=[^&]*/, 'token=…')}`);
  };

  const call = <M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>> =>
    new Promise<ApiResponse<M>>((resolve, reject) => {
      const open = socket !== null && socket.readyState === WebSocket.OPEN;
      const queued = [...pending.values()].filter((p) => p.frame !== null).length;
      if (!open && queued >= maxQueued) {
        reject(new ApiError('unavailable', `${method}: not connected and ${queued} calls already waiting`));
        return;
      }
      const id = nextId++;
      const frame = encodeCall(id, method, req);
      const timer = setTimeout(() => {
        if (settle(id)) reject(new ApiError('unavailable', `${method}: no reply within ${callTimeoutMs / 1000} s (${info.state})`));
      }, callTimeoutMs);
      pending.set(id, { method, resolve: resolve as (res: unknown) => void, reject, timer, frame: open ? null : frame });
      if (open) socket!.send(frame);
    });

  connect();
  return {
    host: 'browser',
    call,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => { eventListeners.delete(listener); };
    },
    connection: () => info,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => { connectionListeners.delete(listener); };
    },
  };
}

// The preload's bridge to the engine, without Electron: frames go out on the MessagePort the
// main process hands over (queued until it comes), replies settle their calls, pushes (chain
// deltas with their receive times, status with the engine's latency) go to the page's
// listeners as the port delivered them (structured clone: numbers arrive exactly). index.ts
// wires it to ipcRenderer and contextBridge; tests drive it with a Node MessageChannel.
// Runtime: std (DOM or Node MessagePort).
import type { ApiMethod, CallFrame, ElectronBridge, HostFrame, PushEvent } from '../shared/api.ts';

/** What the bridge needs of a MessagePort (the DOM's, Electron's and Node's all fit). */
export interface BridgePort {
  post(frame: CallFrame): void;
  /** Starts delivering each message's data (the structured clone the port made). */
  listen(listener: (data: unknown) => void): void;
}

/** The preload's IPC: ask for a port, get it (ipcRenderer.send / ipcRenderer.on). */
export interface PreloadIpc {
  connect(): void;
  onPort(listener: (port: BridgePort) => void): void;
}

export function createPreloadBridge(ipc: PreloadIpc): ElectronBridge {
  let port: BridgePort | null = null;
  const queue: CallFrame[] = [];
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: { name: string; code: string; message: string }) => void }>();
  const listeners = new Set<(e: PushEvent) => void>();
  let nextId = 1;

  ipc.onPort((p) => {
    port = p;
    p.listen((data) => {
      const frame = data as HostFrame;
      if ('push' in frame) {
        for (const l of listeners) l(frame.push);
        return;
      }
      const c = pending.get(frame.id);
      if (!c) return;
      pending.delete(frame.id);
      if (frame.ok) c.resolve(frame.res);
      // A plain object: contextBridge copies only the message of an Error, and the renderer needs the code.
      else c.reject({ name: 'ApiError', code: frame.error.code, message: frame.error.message });
    });
    for (const f of queue.splice(0)) p.post(f);
  });
  ipc.connect();

  return {
    call(method: ApiMethod, req: unknown): Promise<unknown> {
      const frame: CallFrame = { id: nextId++, method, req };
      return new Promise((resolve, reject) => {
        pending.set(frame.id, { resolve, reject });
        if (port) port.post(frame);
        else queue.push(frame);
      });
    },
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

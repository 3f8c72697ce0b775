// Preload (sandboxed): asks the main process for a MessagePort to the engine and exposes
// the typed contract over it as window.optickBridge — nothing else reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { ELECTRON_BRIDGE, type ApiMethod, type CallFrame, type ElectronBridge, type HostFrame, type PushEvent } from '../shared/api.ts';

let port: MessagePort | null = null;
const queue: CallFrame[] = [];
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: { name: string; code: string; message: string }) => void }>();
const listeners = new Set<(e: PushEvent) => void>();
let nextId = 1;

ipcRenderer.on('optick:port', (event) => {
  port = event.ports[0] ?? null;
  if (!port) return;
  port.onmessage = (msg: MessageEvent<HostFrame>) => {
    const frame = msg.data;
    if ('push' in frame) {
      for (const l of listeners) l(frame.push);
      return;
    }
    const p = pending.get(frame.id);
    if (!p) return;
    pending.delete(frame.id);
    if (frame.ok) p.resolve(frame.res);
    // A plain object: contextBridge copies only the message of an Error, and the renderer needs the code.
    else p.reject({ name: 'ApiError', code: frame.error.code, message: frame.error.message });
  };
  port.start();
  for (const f of queue.splice(0)) port.postMessage(f);
});
ipcRenderer.send('optick:connect');

const bridge: ElectronBridge = {
  call(method: ApiMethod, req: unknown): Promise<unknown> {
    const frame: CallFrame = { id: nextId++, method, req };
    return new Promise((resolve, reject) => {
      pending.set(frame.id, { resolve, reject });
      if (port) port.postMessage(frame);
      else queue.push(frame);
    });
  },
  onPush(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

contextBridge.exposeInMainWorld(ELECTRON_BRIDGE, bridge);

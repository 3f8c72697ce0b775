// The desktop app's engine ↔ renderer path without Electron: the real ClientHub and bridgePort
// on the main side, a real MessageChannel between them (node:worker_threads: structured clone,
// as Electron's MessagePortMain), the real preload bridge (src/preload/bridge.ts) and the
// renderer's real IPC transport on the page side. `connect` does what electron.ts's
// 'optick:connect' handler does: a channel, one end bridged to the hub, the other to the preload.
import { MessageChannel } from 'node:worker_threads';
import type { Engine } from '../../src/main/engine/engine.ts';
import type { Logger } from '../../src/main/engine/log.ts';
import { createDispatcher } from '../../src/main/host/api-dispatch.ts';
import { ClientHub } from '../../src/main/host/client-hub.ts';
import { bridgePort } from '../../src/main/host/port-bridge.ts';
import { createPreloadBridge, type BridgePort } from '../../src/preload/bridge.ts';
import { createIpcTransport } from '../../src/renderer/api/ipc-transport.ts';
import type { Transport } from '../../src/renderer/api/transport.ts';
import type { TradingHoursApi } from '../../src/main/engine/schedule/api.ts';

export interface IpcStand {
  /** What the page's stores talk to (window.optickBridge wrapped as the renderer does). */
  transport: Transport;
  hub: ClientHub;
  close(): void;
}

/** No trading-hours service on this stand: hours.* answer with an error. */
const NO_HOURS = { call: () => { throw new RangeError('no trading hours on the IPC stand'); } } as unknown as TradingHoursApi;

export function connectIpc(engine: Engine, log: Logger = () => {}): IpcStand {
  const hub = new ClientHub(engine, createDispatcher({ engine, hours: NO_HOURS }), log);
  const channels: MessageChannel[] = [];
  let deliver: ((port: BridgePort) => void) | null = null;
  const bridge = createPreloadBridge({
    onPort: (listener) => { deliver = listener; },
    connect: () => {
      const ch = new MessageChannel();
      channels.push(ch);
      bridgePort(hub, { post: (f) => ch.port1.postMessage(f), onMessage: (l) => ch.port1.on('message', l), onClose: (l) => ch.port1.on('close', l) });
      // The port reaches the preload in a later task, as ipcRenderer's 'optick:port' does.
      setImmediate(() => deliver?.({ post: (f) => ch.port2.postMessage(f), listen: (l) => ch.port2.on('message', l) }));
    },
  });
  return {
    transport: createIpcTransport(bridge),
    hub,
    close: () => { for (const ch of channels) { ch.port1.close(); ch.port2.close(); } hub.close(); },
  };
}

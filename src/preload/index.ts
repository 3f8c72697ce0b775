// Preload (sandboxed): asks the main process for a MessagePort to the engine and exposes
// the typed contract over it as window.optickBridge — nothing else reaches the page.
// The bridge itself is bridge.ts (tested without Electron); this file is only its wiring.
import { contextBridge, ipcRenderer } from 'electron';
import { ELECTRON_BRIDGE } from '../shared/api.ts';
import { createPreloadBridge } from './bridge.ts';

const bridge = createPreloadBridge({
  connect: () => ipcRenderer.send('optick:connect'),
  onPort: (listener) => ipcRenderer.on('optick:port', (event) => {
    const port = event.ports[0];
    if (!port) return;
    listener({
      post: (frame) => port.postMessage(frame),
      listen: (l) => { port.onmessage = (msg) => l(msg.data); port.start(); },
    });
  }),
});

contextBridge.exposeInMainWorld(ELECTRON_BRIDGE, bridge);

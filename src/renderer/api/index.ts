// Picks the transport at startup: the preload's bridge inside Electron, else a WebSocket
// back to the server host that served the page.
import { ELECTRON_BRIDGE } from '../../shared/api.ts';
import type { ElectronBridge } from '../../shared/api.ts';
import { createIpcTransport } from './ipc-transport.ts';
import { socketUrl, strippedTokenHref } from './token.ts';
import type { Transport } from './transport.ts';
import { createWsTransport } from './ws-transport.ts';

export type { ConnectionInfo, ConnectionState, Transport } from './transport.ts';

export function createApi(): Transport {
  const bridge = (window as unknown as Record<string, ElectronBridge | undefined>)[ELECTRON_BRIDGE];
  if (bridge) return createIpcTransport(bridge);
  // The server turned ?token= into the session cookie on this load; the address bar loses it.
  const cleanHref = strippedTokenHref(location.href);
  if (cleanHref) history.replaceState(history.state, '', cleanHref);
  return createWsTransport(socketUrl(location));
}

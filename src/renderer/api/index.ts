// Picks the transport at startup: the preload's bridge inside Electron, else a WebSocket
// back to the server host that served the page.
import { ELECTRON_BRIDGE } from '../../shared/api.ts';
import type { ElectronBridge } from '../../shared/api.ts';
import { createIpcTransport } from './ipc-transport.ts';
import { socketUrl, takeToken } from './token.ts';
import type { Transport } from './transport.ts';
import { createWsTransport } from './ws-transport.ts';

export type { ConnectionInfo, ConnectionState, Transport } from './transport.ts';

export function createApi(): Transport {
  const bridge = (window as unknown as Record<string, ElectronBridge | undefined>)[ELECTRON_BRIDGE];
  if (bridge) return createIpcTransport(bridge);
  const { token, cleanHref } = takeToken(location.href, sessionStorage);
  if (cleanHref) history.replaceState(history.state, '', cleanHref);
  if (!token) console.warn('optick: no ?token= in the page URL and none stored; the host will refuse the socket');
  return createWsTransport(socketUrl(location, token));
}

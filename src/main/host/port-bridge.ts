// Connects one renderer's MessagePort to the client hub. Transport-neutral: Electron's
// MessagePortMain and Node's worker_threads MessagePort both fit behind PortLike.
import type { HostFrame } from '../../shared/api.ts';
import type { ClientHub, ClientSession } from './client-hub.ts';

export interface PortLike {
  post(frame: HostFrame): void;
  onMessage(listener: (data: unknown) => void): void;
  onClose(listener: () => void): void;
}

export function bridgePort(hub: ClientHub, port: PortLike): ClientSession {
  const session = hub.connect('ipc', (frame) => port.post(frame));
  port.onMessage((data) => session.receive(data));
  port.onClose(() => session.close());
  return session;
}

/** Only our own renderer page may open a port: file:// of the built renderer, or the dev server. */
export function isTrustedRendererUrl(frameUrl: string, rendererIndexUrl: string, devServerUrl?: string): boolean {
  let u: URL;
  try {
    u = new URL(frameUrl);
  } catch {
    return false;
  }
  if (devServerUrl) {
    try {
      if (u.origin === new URL(devServerUrl).origin) return true;
    } catch {
      return false;
    }
  }
  const expected = new URL(rendererIndexUrl);
  return u.protocol === 'file:' && u.pathname === expected.pathname;
}

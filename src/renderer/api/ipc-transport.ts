// Electron transport: the preload exposes an ElectronBridge (it owns the MessagePort to the
// engine). Errors cross contextBridge as plain objects, so they are rebuilt as ApiError here.
import { ApiError } from '../../shared/api.ts';
import type { ApiErrorCode, ApiMethod, ApiRequest, ApiResponse, ElectronBridge } from '../../shared/api.ts';
import type { ConnectionInfo, Transport } from './transport.ts';

const CODES: ReadonlySet<string> = new Set<ApiErrorCode>(['bad_request', 'not_found', 'unauthorized', 'unavailable', 'internal']);
const OPEN: ConnectionInfo = { state: 'open', attempt: 0, retryInMs: null, message: null };

export function toApiError(method: ApiMethod, err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' && CODES.has(e.code) ? e.code as ApiErrorCode : 'internal';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return new ApiError(code, `${method}: ${message}`);
}

export function createIpcTransport(bridge: ElectronBridge): Transport {
  return {
    host: 'electron',
    call<M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>> {
      return bridge.call(method, req).then(
        (res) => res as ApiResponse<M>,
        (err: unknown) => { throw toApiError(method, err); },
      );
    },
    onEvent: (listener) => bridge.onPush(listener),
    // The MessagePort lives as long as the window; there is no reconnect to show.
    connection: () => OPEN,
    onConnection: () => () => {},
  };
}

// Routes contract calls (src/shared/api.ts) to the engine. Both hosts use this one
// dispatcher, so the renderer sees the same behaviour over IPC and over WebSocket.
import { ApiError, type ApiMethod, type ApiMethods } from '../../shared/api.ts';
import { BadRequestError, type Engine } from '../engine/engine.ts';
import { UnknownInstrumentError } from '../engine/instruments/registry.ts';

type Handlers = { [M in ApiMethod]: (client: string, req: ApiMethods[M]['req']) => ApiMethods[M]['res'] | Promise<ApiMethods[M]['res']> };

const EXPIRY = /^\d{4}-\d{2}-\d{2}$/;

function str(req: unknown, field: string, optional = false): string | undefined {
  const v = (req as Record<string, unknown> | null)?.[field];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new ApiError('bad_request', `'${field}' must be a non-empty string`);
  return v;
}

function expiryOf(req: unknown, optional: boolean): string | undefined {
  const e = str(req, 'expiry', optional);
  if (e !== undefined && !EXPIRY.test(e)) throw new ApiError('bad_request', `'expiry' must be YYYY-MM-DD, got '${e}'`);
  return e;
}

export function createDispatcher(engine: Engine): (client: string, method: string, req: unknown) => Promise<unknown> {
  const handlers: Handlers = {
    'meta.underlyings': () => engine.underlyings(),
    'chain.expiries': (_c, req) => engine.expiries(str(req, 'underlying')!),
    'chain.get': (_c, req) => engine.chain(str(req, 'underlying')!, expiryOf(req, true)),
    'chain.watch': (client, req) => engine.watch(client, str(req, 'underlying')!, expiryOf(req, true)),
    'chain.unwatch': (client, req) => { engine.unwatch(client, str(req, 'underlying')!, expiryOf(req, false)!); return {}; },
    'status.get': () => engine.status(),
  };
  return async (client, method, req) => {
    const handler = (handlers as Record<string, ((c: string, r: unknown) => unknown) | undefined>)[method];
    if (!handler) throw new ApiError('bad_request', `unknown method '${method}'`);
    try {
      return await handler(client, req);
    } catch (err) {
      throw toApiError(err);
    }
  };
}

/** Maps engine errors to contract errors; anything unexpected becomes 'internal' with its message. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof UnknownInstrumentError) return new ApiError('not_found', err.message);
  if (err instanceof BadRequestError) return new ApiError('bad_request', err.message);
  return new ApiError('internal', (err as Error)?.message ?? String(err));
}

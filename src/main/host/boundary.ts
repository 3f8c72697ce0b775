// The one error boundary of the hosts. Every HTTP route, WebSocket frame and IPC message is
// handled inside it: a failure becomes a typed contract error (400/404/503, or 500 for a
// bug), is logged once with where it happened (method + path, or method + client), and
// never escapes into the process. Engine errors map to contract codes here, in one place.
import { ApiError, type ApiErrorBody } from '../../shared/api.ts';
import { BadRequestError } from '../engine/engine.ts';
import type { Logger } from '../engine/log.ts';
import { UnknownInstrumentError } from '../engine/instruments/registry.ts';
import { CalculatorInputError } from '../engine/pricing/calculator.ts';

/** HTTP status of each contract error code. */
export const STATUS_OF: Readonly<Record<ApiErrorBody['code'], number>> = Object.freeze({
  bad_request: 400, unauthorized: 401, not_found: 404, unavailable: 503, internal: 500,
});

/** Maps engine errors to contract errors; anything unexpected becomes 'internal' with its message. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof UnknownInstrumentError) return new ApiError('not_found', err.message);
  if (err instanceof BadRequestError || err instanceof CalculatorInputError) return new ApiError('bad_request', err.message);
  // The original error rides along as `cause`, so the one log line shows where the bug is.
  return Object.assign(new ApiError('internal', (err as Error)?.message ?? String(err)), { cause: err });
}

/**
 * The contract error for a failure, logged once: a bug ('internal') as an error with its
 * stack, a client's mistake at debug level (a hostile client must not flood the log).
 */
export function failure(err: unknown, where: string, log: Logger): ApiErrorBody {
  const e = toApiError(err);
  if (e.code === 'internal') {
    const bug = e.cause ?? err;
    log('error', `${where}: ${(bug as Error)?.stack ?? String(bug)}`);
  }
  else log('debug', `${where}: ${e.code}: ${e.message}`);
  return { code: e.code, message: e.message };
}

/**
 * Runs a handler inside the boundary: a synchronous throw or a rejected promise goes to
 * `onError` (after being logged once); an error thrown by `onError` itself is logged, not thrown.
 */
export function guarded<T>(where: string, log: Logger, run: () => T | Promise<T>, onResult: (value: T) => void, onError: (error: ApiErrorBody) => void): void {
  const fail = (err: unknown): void => {
    const body = failure(err, where, log);
    try {
      onError(body);
    } catch (again) {
      log('error', `${where}: could not answer the error (${(again as Error)?.message ?? String(again)})`);
    }
  };
  const deliver = (value: T): void => {
    try {
      onResult(value);
    } catch (err) {
      fail(err);
    }
  };
  let out: T | Promise<T>;
  try {
    out = run();
  } catch (err) {
    fail(err);
    return;
  }
  if (out instanceof Promise) out.then(deliver, fail);
  else deliver(out);
}

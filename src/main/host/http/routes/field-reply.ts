// Runs a service call for a route: a refused field (any bad request carrying `field`) answers
// 400 {error: {code: 'bad_request', message, field}}; everything else goes to the error boundary.
import { BadRequestError } from '../../../engine/engine.ts';
import type { Reply } from '../router.ts';

export function fieldReply(status: number, run: () => unknown): Reply {
  try {
    return { status, body: run() };
  } catch (err) {
    const field = (err as { field?: unknown }).field;
    if (err instanceof BadRequestError && typeof field === 'string') return { status: 400, body: { error: { code: 'bad_request', message: err.message, field } } };
    throw err;
  }
}

// Wire framing of the WebSocket transport: JSON text frames as src/shared/api.ts defines them.
// Pure functions, so the framing rules are tested without a socket.
import { ApiError } from '../../shared/api.ts';
import type { ApiErrorCode, ApiMethod, CallFrame, HostFrame, PushEvent } from '../../shared/api.ts';

/** A frame from the host that is not valid JSON or not one of the contract's shapes. */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

const ERROR_CODES: ReadonlySet<string> = new Set<ApiErrorCode>(['bad_request', 'not_found', 'unauthorized', 'unavailable', 'internal']);

export function encodeCall(id: number, method: ApiMethod, req: unknown): string {
  const frame: CallFrame = { id, method, req };
  return JSON.stringify(frame);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses one text frame from the host; throws FrameError naming what is wrong (first 80 chars quoted). */
export function parseHostFrame(data: unknown): HostFrame {
  if (typeof data !== 'string') throw new FrameError(`expected a text frame, got ${describe(data)}`);
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (err) {
    throw new FrameError(`frame is not JSON (${(err as Error).message}): ${quote(data)}`);
  }
  if (!isObject(value)) throw new FrameError(`frame is not an object: ${quote(data)}`);
  if ('push' in value) {
    const push = value.push;
    // Event types this renderer does not know yet pass through; consumers switch on type.
    if (!isObject(push) || typeof push.type !== 'string') throw new FrameError(`push frame without an event type: ${quote(data)}`);
    return { push: push as unknown as PushEvent };
  }
  if (typeof value.id !== 'number' || !Number.isInteger(value.id)) throw new FrameError(`reply frame without an integer id: ${quote(data)}`);
  if (value.ok === true) return { id: value.id, ok: true, res: value.res };
  if (value.ok === false && isObject(value.error)) {
    const { code, message } = value.error;
    return {
      id: value.id, ok: false,
      error: {
        code: typeof code === 'string' && ERROR_CODES.has(code) ? code as ApiErrorCode : 'internal',
        message: typeof message === 'string' ? message : `host sent error without a message (code ${String(code)})`,
      },
    };
  }
  throw new FrameError(`reply frame #${value.id} has neither ok:true nor ok:false with an error: ${quote(data)}`);
}

/** The ApiError a failed reply turns into, with the method named for the log. */
export function replyError(method: ApiMethod, error: { code: ApiErrorCode; message: string }): ApiError {
  return new ApiError(error.code, `${method}: ${error.message}`);
}

/** Reconnect delay after `attempt` failed tries: 250 ms doubling to a 10 s cap, ±20 % jitter so clients spread out. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}
export const RECONNECT_MIN_MS = 250;
export const RECONNECT_MAX_MS = 10_000;

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function describe(data: unknown): string {
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return 'a binary frame';
  return typeof data;
}

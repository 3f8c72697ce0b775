// Request validators of the server host: the request target (path segments, query) and the
// body. Everything a client can send wrong becomes an ApiError('bad_request') naming what
// was wrong, never an exception out of the request handler.
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../../../shared/api.ts';
import type { BodyKind } from './router.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_TARGET_CHARS = 16 * 1024;

export interface RequestTarget {
  /** The path as sent (percent-encoded), without the query. */
  path: string;
  /** Non-empty path segments, percent-decoded. */
  segments: string[];
  query: URLSearchParams;
}

/**
 * Splits `req.url` into path and query and decodes each path segment once. Accepts the
 * origin form (`/a/b?c`) and the absolute form (`http://host/a/b?c`); anything else,
 * malformed percent-encoding (`/%E0%A4%A`) or a NUL byte is a 400.
 */
export function parseTarget(raw: string | undefined): RequestTarget {
  let target = raw ?? '/';
  if (target.length > MAX_TARGET_CHARS) throw new ApiError('bad_request', `request target over ${MAX_TARGET_CHARS} characters`);
  if (!target.startsWith('/')) {
    const abs = /^https?:\/\/[^/?#]*(.*)$/i.exec(target);
    if (!abs) throw new ApiError('bad_request', `request target must be a path starting with '/', got ${JSON.stringify(target.slice(0, 80))}`);
    target = abs[1] || '/';
    if (!target.startsWith('/')) target = `/${target}`;
  }
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const q = target.indexOf('?');
  const path = q >= 0 ? target.slice(0, q) : target;
  const query = new URLSearchParams(q >= 0 ? target.slice(q + 1) : '');
  const segments: string[] = [];
  for (const s of path.split('/')) {
    if (s.length === 0) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      throw new ApiError('bad_request', `malformed percent-encoding in the path segment ${JSON.stringify(s.slice(0, 80))}`);
    }
    if (decoded.includes('\0')) throw new ApiError('bad_request', 'NUL byte in the request path');
    segments.push(decoded);
  }
  return { path, segments, query };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the body the route wants: 'none' reads nothing; 'json' parses JSON (≤ 1 MiB; a
 * non-JSON content type gives the text; an empty body is undefined); 'object' also insists
 * on a JSON object, so `null`, arrays, numbers and strings are a 400 before any handler runs.
 */
export async function readBody(req: IncomingMessage, kind: BodyKind): Promise<unknown> {
  if (kind === 'none') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError('bad_request', `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  let body: unknown;
  if (size > 0) {
    const text = Buffer.concat(chunks).toString('utf8');
    if (!/json/.test(req.headers['content-type'] ?? 'application/json')) body = text;
    else {
      try {
        body = JSON.parse(text);
      } catch (err) {
        throw new ApiError('bad_request', `request body is not JSON: ${(err as Error).message}`);
      }
    }
  }
  if (kind === 'object' && !isObject(body)) {
    const got = body === undefined ? 'an empty body' : body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`;
    throw new ApiError('bad_request', `request body must be a JSON object, got ${got}`);
  }
  return body;
}

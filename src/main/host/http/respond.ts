// Writing answers: JSON with the headers every API answer carries, HTML pages, and the
// contract error body `{error: {code, message}}`. Safe to call after a stream started: a
// response whose headers are out is ended (or destroyed), never written twice.
import type { ServerResponse } from 'node:http';
import type { ApiErrorBody } from '../../../shared/api.ts';
import { STATUS_OF } from '../boundary.ts';
import { API_CSP } from '../csp.ts';
import type { Reply } from './router.ts';

/** Headers on every answer of the server host; the renderer's page replaces the CSP with its own (static-files.ts). */
export const COMMON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': API_CSP,
  'Referrer-Policy': 'no-referrer',
});

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) { res.destroy(); return; }
  const text = JSON.stringify(body) ?? 'null';
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  if (!reply.html) { sendJson(res, reply.status, reply.body, reply.headers); return; }
  if (res.headersSent) { res.destroy(); return; }
  res.writeHead(reply.status, { ...COMMON_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...reply.headers });
  res.end(String(reply.body));
}

/** The contract error as HTTP; a response already streaming is cut (the client sees a truncated body, not a lie). */
export function sendError(res: ServerResponse, error: ApiErrorBody, status = STATUS_OF[error.code] ?? 500, headers: Record<string, string> = {}): void {
  if (res.headersSent) { res.destroy(); return; }
  sendJson(res, status, { error }, headers);
}

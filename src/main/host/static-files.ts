// Serves the built renderer (out/renderer) to browsers. Static files carry no market data,
// so they need no token; every API route and the WebSocket do.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { COMMON_HEADERS } from './http/respond.ts';
import { newNonce, pageWithNonce, rendererCsp } from './csp.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // missing, unreadable or an invalid name: not a file we serve
  }
};

/**
 * Serves the file at the (already percent-decoded) path segments, or index.html for any
 * path that is not a file inside `root` (the UI routes itself). Returns false when the
 * renderer has not been built (the caller answers 503 with a hint).
 */
export function serveStatic(root: string, segments: readonly string[], res: ServerResponse, headers: Record<string, string> = {}, connect: readonly string[] = []): boolean {
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  const file = segments.length ? normalize(join(root, ...segments)) : index;
  const inside = file.startsWith(root.endsWith(sep) ? root : root + sep);
  const target = inside && isFile(file) ? file : index;
  if (target === index) { servePage(index, res, headers, connect); return true; }
  const stream = createReadStream(target);
  stream.once('error', (err) => {
    if (!res.headersSent) {
      res.writeHead(500, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`could not read ${extname(target) ? target.slice(root.length) : 'the page'}: ${err.message}\n`);
    } else res.destroy(err);
  });
  stream.once('open', () => {
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream',
      'Cache-Control': 'public, max-age=3600',
      ...headers,
    });
    stream.pipe(res);
  });
  return true;
}

/** index.html with a fresh CSP nonce in its meta tags and in the Content-Security-Policy header. */
function servePage(index: string, res: ServerResponse, headers: Record<string, string>, connect: readonly string[]): void {
  let html: string;
  try {
    html = readFileSync(index, 'utf8');
  } catch (err) {
    res.writeHead(500, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`could not read the page: ${(err as Error).message}\n`);
    return;
  }
  const nonce = newNonce();
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Security-Policy': rendererCsp(nonce, connect),
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(pageWithNonce(html, nonce));
}

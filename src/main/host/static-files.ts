// Serves the built renderer (out/renderer) to browsers. Static files carry no market data,
// so they need no token; every API route and the WebSocket do.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Returns false when the renderer has not been built (the caller answers 503 with a hint). */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): boolean {
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  let rel = decodeURIComponent(urlPath.split('?')[0]!);
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = normalize(join(root, rel));
  const inside = file.startsWith(root.endsWith(sep) ? root : root + sep);
  const target = inside && existsSync(file) && statSync(file).isFile() ? file : index;
  res.writeHead(200, {
    'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream',
    'Cache-Control': target === index ? 'no-store' : 'public, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
  });
  createReadStream(target).pipe(res);
  return true;
}

// Raw HTTP/1.1 over a loopback socket, for requests fetch() refuses to send (malformed
// paths, odd methods, broken headers): writes the bytes, reads until the server closes.
import { connect } from 'node:net';

export interface RawAnswer {
  /** The status code of the answer's status line; null when the server sent none. */
  status: number | null;
  head: string;
  body: string;
}

export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(String(bytes).slice(0, 120))}`)); }, timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => { /* a reset after the answer: judged by what arrived */ });
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const head = end >= 0 ? text.slice(0, end) : text;
      const m = /^HTTP\/1\.[01] (\d{3}) /.exec(head);
      const raw = end >= 0 ? text.slice(end + 4) : '';
      resolve({ status: m ? Number(m[1]) : null, head, body: /\r\ntransfer-encoding: chunked/i.test(head) ? dechunk(raw) : raw });
    });
    socket.write(bytes);
  });
}

/** A GET of `path` exactly as given, with Connection: close. */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const lines = [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return rawRequest(port, `${lines.join('\r\n')}\r\n\r\n`);
}

function dechunk(raw: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) return out;
    const size = parseInt(raw.slice(at, eol), 16);
    if (!(size > 0)) return out;
    out += raw.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

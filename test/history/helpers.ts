// Shared by the history tests: a session that contains "now" whatever the hour, and a WebSocket client.
import WebSocket from 'ws';
import type { HostFrame, PushEvent } from '../../src/shared/api.ts';
import type { SessionSpec } from '../../src/main/engine/candles/session.ts';
import { wallToEpoch } from '../../src/main/engine/candles/session.ts';

/**
 * The simulator stamps ticks with the real clock, so NSE hours would leave a night-time run with no
 * bars. This session spans the IST day (00:00–23:59): every 1m/3m/5m/15m bar still starts on the
 * 09:15 IST grid. Call allDaySession() before starting: it waits out the minute before IST midnight.
 */
export async function allDaySession(): Promise<SessionSpec> {
  const istMs = (Date.now() + 19_800_000) % 86_400_000;
  const tail = 86_400_000 - istMs;
  if (tail < 150_000) await sleep(tail + 5_000);
  return { timeZone: 'Asia/Kolkata', open: '00:00', close: '23:59' };
}

/** (ts − 09:15 IST of its day) mod len: 0 when a bar of length `len` starts on the NSE grid. */
export function offGrid(ts: number, len: number): number {
  return (((ts - ist0915(ts)) % len) + len) % len;
}

/** Epoch ms of 09:15 IST on the IST day of `ts`. */
export function ist0915(ts: number): number {
  const d = new Date(ts + 19_800_000);
  return wallToEpoch(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 9, 15, 'Asia/Kolkata');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A contract client over the server host's WebSocket. */
export class WsClient {
  readonly pushes: PushEvent[] = [];
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #next = 1;

  static async open(url: string, token: string): Promise<WsClient> {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws?token=${token}`, { headers: { Origin: url } });
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    return new WsClient(ws);
  }

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as HostFrame;
      if ('push' in f) { this.pushes.push(f.push); return; }
      const p = this.#pending.get(f.id);
      this.#pending.delete(f.id);
      if (f.ok) p?.resolve(f.res);
      else p?.reject(Object.assign(new Error(f.error.message), { code: f.error.code }));
    });
  }

  call<T>(method: string, req: unknown): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#ws.send(JSON.stringify({ id, method, req }));
    });
  }

  close(): void {
    this.#ws.close();
  }
}

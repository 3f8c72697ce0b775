// Test helper: a raw `ws` client for the simulator's Upstox V3 feed that records decoded frames.
import WebSocket from 'ws';
import { UpstoxProto } from '../../src/main/engine/feeds/upstox/proto.ts';
import type { FeedResponse } from '../../src/main/engine/feeds/upstox/proto.ts';

export interface Frame {
  raw: Buffer;
  isBinary: boolean;
  msg: FeedResponse;
  at: number;
}

export class FeedClient {
  readonly ws: WebSocket;
  readonly frames: Frame[] = [];
  pings = 0;
  closeCode: number | undefined;
  private waiters: (() => void)[] = [];

  constructor(url: string, token: string) {
    this.ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, followRedirects: true });
    this.ws.on('message', (raw: Buffer, isBinary: boolean) => {
      this.frames.push({ raw, isBinary, msg: UpstoxProto.FeedResponse.decode(raw), at: performance.now() });
      this.notify();
    });
    this.ws.on('ping', () => { this.pings++; this.notify(); });
    this.ws.on('close', (code) => { this.closeCode = code; this.notify(); });
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) return resolve();
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  /** Resolves when `cond` holds, rejects after `ms`. */
  async until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
    const deadline = performance.now() + ms;
    while (!cond()) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  request(method: string, keys: string[], mode?: string, asText = false): void {
    const data: Record<string, unknown> = { instrumentKeys: keys };
    if (mode !== undefined) data.mode = mode;
    const body = JSON.stringify({ guid: `g-${Math.random()}`, method, data });
    this.ws.send(asText ? body : Buffer.from(body), { binary: !asText });
  }

  /** Frames by type: absent type = initial_feed (proto3 default). */
  ofType(name: 'initial_feed' | 'live_feed' | 'market_info'): Frame[] {
    const t = { initial_feed: 0, live_feed: 1, market_info: 2 }[name];
    return this.frames.filter((f) => (f.msg.type ?? 0) === t);
  }

  close(): void {
    this.ws.terminate();
  }
}

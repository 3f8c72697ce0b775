// A hostile stand-in for the Upstox V3 feed on loopback: a real WebSocket server that takes
// Optick's subscription requests and sends whatever frames a test gives it (real protobuf from
// the generated encoder, hand-made bytes, oversized frames). It can accept and drop at once, and
// be killed and brought back on the same port. Used by tests and bench/faults-feed.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { UpstoxProto, type FeedResponseShape, type FeedShape } from '../../src/main/engine/feeds/upstox/proto.ts';

export interface HostileFeed {
  readonly url: string;
  readonly port: number;
  /** Connections accepted so far, and when (performance.now()). */
  readonly accepted: number[];
  /** Keys the open connection has subscribed (sub adds, unsub removes). */
  readonly subscribed: ReadonlySet<string>;
  /** Open connections now. */
  readonly open: number;
  /** Drop every connection at once after the upgrade (a server that accepts and drops). */
  acceptThenClose: boolean;
  /** Sends a frame (binary) to every open connection; resolves when written to the sockets. */
  send(frame: Uint8Array): Promise<void>;
  /** Sends a text frame. */
  sendText(text: string): void;
  /** Terminates every connection (TCP reset, no close frame). */
  dropAll(): void;
  /** The upstream dies: listener and connections gone (connects are refused). */
  kill(): Promise<void>;
  /** The upstream is back on the same port. */
  revive(): Promise<void>;
  close(): Promise<void>;
}

export async function startHostileFeed(): Promise<HostileFeed> {
  const accepted: number[] = [];
  const subscribed = new Set<string>();
  const conns = new Set<WebSocket>();
  let port = 0;
  let http: Server;
  let wss: WebSocketServer;

  const listen = async (): Promise<void> => {
    http = createServer((_req, res) => { res.writeHead(404).end(); });
    wss = new WebSocketServer({ server: http, perMessageDeflate: false });
    wss.on('connection', (ws) => {
      accepted.push(performance.now());
      if (feed.acceptThenClose) { ws.terminate(); return; }
      for (const c of conns) c.terminate(); // one connection per account, as Upstox does
      conns.clear();
      subscribed.clear();
      conns.add(ws);
      ws.on('message', (data: Buffer) => {
        let req: { method?: string; data?: { instrumentKeys?: string[] } };
        try { req = JSON.parse(data.toString('utf8')); } catch { return; }
        const keys = req.data?.instrumentKeys ?? [];
        if (req.method === 'sub' || req.method === 'change_mode') for (const k of keys) subscribed.add(k);
        else if (req.method === 'unsub') for (const k of keys) subscribed.delete(k);
      });
      ws.on('close', () => { if (conns.delete(ws) && conns.size === 0) subscribed.clear(); });
      ws.on('error', () => {});
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => { http.off('error', reject); resolve(); });
    });
    port = (http.address() as AddressInfo).port;
  };
  const shut = async (): Promise<void> => {
    for (const c of conns) c.terminate();
    conns.clear();
    subscribed.clear();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await new Promise<void>((resolve) => { http.close(() => resolve()); http.closeAllConnections(); });
  };

  await listen();
  const feed: HostileFeed = {
    get url() { return `ws://127.0.0.1:${port}/v3/feed/market-data-feed`; },
    get port() { return port; },
    accepted,
    subscribed,
    get open() { return [...conns].filter((c) => c.readyState === c.OPEN).length; },
    acceptThenClose: false,
    send: (frame) => Promise.all([...conns].map((c) => new Promise<void>((resolve) => {
      if (c.readyState !== c.OPEN) return resolve();
      c.send(frame, { binary: true }, () => resolve());
    }))).then(() => {}),
    sendText: (text) => { for (const c of conns) if (c.readyState === c.OPEN) c.send(text); },
    dropAll: () => { for (const c of conns) c.terminate(); },
    kill: shut,
    revive: listen,
    close: shut,
  };
  return feed;
}

// ---- Frames -------------------------------------------------------------------------------

export const encodeFrame = (m: FeedResponseShape): Uint8Array => UpstoxProto.FeedResponse.encode(m).finish();

/** A live_feed frame of the given feeds. */
export const liveFrame = (feeds: Record<string, FeedShape>, currentTs = Date.now()): Uint8Array => encodeFrame({ type: 1, currentTs, feeds });

export const indexFeed = (ltp: number, ltt = Date.now(), cp = 0): FeedShape => ({ requestMode: 1, fullFeed: { indexFF: { ltpc: { ltp, ltt, cp } } } });

export interface OptionValues {
  ltp: number;
  ltt?: number;
  ltq?: number;
  bid?: number;
  ask?: number;
  bidQ?: number;
  askQ?: number;
  oi?: number;
  vtt?: number;
  atp?: number;
  iv?: number;
}

/** A full-mode option feed (one book level). */
export const optionFeed = (v: OptionValues): FeedShape => ({
  requestMode: 1,
  fullFeed: {
    marketFF: {
      ltpc: { ltp: v.ltp, ltt: v.ltt ?? Date.now(), ltq: v.ltq ?? 75, cp: v.ltp },
      marketLevel: { bidAskQuote: [{ bidQ: v.bidQ ?? 750, bidP: v.bid ?? v.ltp - 0.05, askQ: v.askQ ?? 600, askP: v.ask ?? v.ltp + 0.05 }] },
      optionGreeks: { delta: 0.5, theta: -10, gamma: 0.001, vega: 8, rho: 1 },
      vtt: v.vtt ?? 100_000, oi: v.oi ?? 50_000, iv: v.iv ?? 0.14, tbq: 10_000, tsq: 12_000, atp: v.atp ?? v.ltp,
    },
  },
});

/**
 * One FeedResponse holding `n` distinct unknown keys ('NSE_FO|X<i>'), each an ltpc feed, written
 * by hand (the generic encoder would take seconds for 400,000 map entries).
 */
export function unknownKeysFrame(n: number, prefix = 'NSE_FO|X', ltt = Date.now()): Buffer {
  const ltpc = Buffer.from(UpstoxProto.Feed.encode({ ltpc: { ltp: 101.5, ltt, ltq: 75 } }).finish());
  const head = Buffer.from(UpstoxProto.FeedResponse.encode({ type: 1, currentTs: ltt }).finish());
  const out = Buffer.allocUnsafe(head.length + n * (6 + prefix.length + 7 + ltpc.length));
  let p = head.copy(out, 0);
  for (let i = 0; i < n; i++) {
    const key = `${prefix}${i}`;
    const entryLen = 2 + key.length + 2 + ltpc.length; // both < 128: one-byte lengths
    out[p++] = 0x12; out[p++] = entryLen;
    out[p++] = 0x0a; out[p++] = key.length;
    p += out.write(key, p, 'latin1');
    out[p++] = 0x12; out[p++] = ltpc.length;
    p += ltpc.copy(out, p);
  }
  return out.subarray(0, p);
}

// The simulator's "serve this snapshot" mode: a saved NSE option chain (nse-snapshot.ts) served
// over the real Upstox V3 protocol — instrument master, authorize + 302 + one-time code, binary
// protobuf frames on a loopback WebSocket. Every leg of every expiry is listed; a subscription
// gets the legs' quotes, volume and OI in its initial_feed (the market does not move). Used to
// check Optick end to end against NSE's own published figures. Runtime: node.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { black76Price } from '../engine/pricing/black76.ts';
import { zonedEpochMs } from '../engine/instruments/expiry-calendar.ts';
import { ALWAYS_OPEN } from './market-hours.ts';
import { KIND_INDEX, KIND_OPTION, InstrumentState } from './instrument-state.ts';
import type { UpstoxIndexRecord, UpstoxOptionRecord } from './instrument-master.ts';
import type { NseSnapshot } from './nse-snapshot.ts';
import { SimOAuth } from './oauth.ts';
import { FEED_PATH, MASTER_PATHS, UpstoxFeedServer, type FeedModel, type FeedServerStats } from './upstox-server.ts';

export interface SnapshotServer {
  feedUrl: string;
  instrumentsUrl: string;
  token: string;
  stats(): FeedServerStats;
  close(): Promise<void>;
}

const YEAR_MS = 365 * 86_400_000;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Instrument states carrying the snapshot's quotes, in the feed server's shape. */
export function snapshotModel(snap: NseSnapshot): FeedModel {
  const instruments: InstrumentState[] = [];
  const t = snap.timestamp;
  const index = new InstrumentState(0, snap.underlying.key, KIND_INDEX, 0, 0, 0, false, 1);
  index.openDay(snap.spot, t - (t % 86_400_000), t);
  index.cp = snap.spot;
  instruments.push(index);
  for (const { contract: c, leg } of snap.legs) {
    const s = new InstrumentState(instruments.length, c.key, KIND_OPTION, 0, 0, c.strike, c.side === 'CE', c.lotSize);
    s.spot = snap.spot;
    s.forward = snap.spot;
    s.years = Math.max(1 / (365 * 24), (zonedEpochMs(c.expiry, '15:30') - t) / YEAR_MS);
    s.sigma = leg.impliedVolatility > 0 ? leg.impliedVolatility / 100 : 0.2;
    s.fair = black76Price(s.isCall, s.forward, s.strike, s.years, s.sigma, 0);
    s.openDay(leg.lastPrice, t - (t % 86_400_000), t);
    s.cp = Math.round((leg.lastPrice - leg.change) * 100) / 100;
    s.bid = leg.bidprice > 0 ? leg.bidprice : 0;
    s.ask = leg.askPrice > 0 ? leg.askPrice : 0;
    s.bidQ = s.bid > 0 ? leg.bidQty : 0;
    s.askQ = s.ask > 0 ? leg.askQty : 0;
    s.volume = Math.round(leg.totalTradedVolume * c.lotSize);
    s.turnover = s.volume * leg.lastPrice;
    s.oi = Math.round(leg.openInterest * c.lotSize);
    instruments.push(s);
  }
  return { instruments, byKey: new Map(instruments.map((s) => [s.key, s])), ticked: new Int32Array(instruments.length), tickedCount: 0 };
}

/** The snapshot's contracts in Upstox's instrument-master JSON. */
export function snapshotMaster(snap: NseSnapshot): (UpstoxIndexRecord | UpstoxOptionRecord)[] {
  const u = snap.underlying;
  const out: (UpstoxIndexRecord | UpstoxOptionRecord)[] = [{
    segment: 'NSE_INDEX', name: u.key.split('|')[1]!, exchange: 'NSE', instrument_type: 'INDEX', instrument_key: u.key, exchange_token: '26000', trading_symbol: u.name,
  }];
  for (const { contract: c } of snap.legs) {
    const [y, m, d] = c.expiry.split('-');
    out.push({
      weekly: false, segment: 'NSE_FO', name: u.name, exchange: 'NSE', expiry: zonedEpochMs(c.expiry, '23:59:59'), instrument_type: c.side,
      underlying_symbol: u.name, instrument_key: c.key, lot_size: c.lotSize, freeze_quantity: c.lotSize * 36, exchange_token: c.key.split('|')[1]!,
      minimum_lot: c.lotSize, underlying_key: u.key, tick_size: 5, underlying_type: 'INDEX',
      trading_symbol: `${u.name} ${c.strike} ${c.side} ${d} ${MONTHS[Number(m) - 1]} ${y!.slice(2)}`, strike_price: c.strike,
    });
  }
  return out;
}

/** Serves one NSE snapshot over Upstox V3 on 127.0.0.1 (port 0 = a free one). */
export async function serveSnapshot(snap: NseSnapshot, opts: { port?: number; token?: string } = {}): Promise<SnapshotServer> {
  const token = opts.token ?? 'sim-token';
  const now = () => snap.timestamp;
  const server = new UpstoxFeedServer({
    host: '127.0.0.1', port: opts.port ?? 0, token, model: snapshotModel(snap),
    masterGz: await promisify(gzip)(JSON.stringify(snapshotMaster(snap))), now, idlePingMs: 10_000,
    oauth: new SimOAuth({ clientId: 'sim-api-key', clientSecret: 'sim-api-secret', redirectUris: [], now }),
    segmentStatus: ALWAYS_OPEN.segmentStatus,
    log: (m) => console.error(`[sim snapshot] ${m}`),
  });
  const port = await server.listen();
  return {
    feedUrl: `ws://127.0.0.1:${port}${FEED_PATH}`,
    instrumentsUrl: `http://127.0.0.1:${port}${MASTER_PATHS[0]}`,
    token,
    stats: () => server.snapshotStats(),
    close: () => server.close(),
  };
}

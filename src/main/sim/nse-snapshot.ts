// A saved NSE option-chain API response (nseindia.com/api/option-chain-indices) as listed
// contracts and one tick per leg: what the simulator's "serve this snapshot" mode streams,
// and what tests feed the engine to compare Optick's metrics with NSE's own. Runtime: std.
//
// Units are NSE's: OI and volume in contracts, as its page shows them (ratios such as PCR do
// not depend on the unit). prevClose = lastPrice − change; the previous close's OI =
// openInterest − changeinOpenInterest.
import type { OptionContract, OptionSide, Tick, UnderlyingInfo } from '../../shared/market.ts';

export interface NseLeg {
  openInterest: number;
  changeinOpenInterest: number;
  totalTradedVolume: number;
  impliedVolatility: number;
  lastPrice: number;
  change: number;
  bidQty: number;
  bidprice: number;
  askQty: number;
  askPrice: number;
}

export interface NseChainJson {
  records: {
    expiryDates: string[];
    timestamp: string;
    underlyingValue: number;
    data: { strikePrice: number; expiryDate: string; CE?: NseLeg; PE?: NseLeg }[];
  };
  /** Nearest expiry's rows and NSE's totals (absent in the pre-2021 schema). */
  filtered?: { CE: { totOI: number; totVol: number }; PE: { totOI: number; totVol: number } };
}

export interface SnapshotLeg {
  contract: OptionContract;
  leg: NseLeg;
}

export interface NseSnapshot {
  underlying: UnderlyingInfo;
  /** NSE's data time, epoch ms. */
  timestamp: number;
  /** Listed expiries, 'YYYY-MM-DD', ascending. */
  expiries: string[];
  legs: SnapshotLeg[];
  spot: number;
}

const MONTHS: Record<string, string> = {
  Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12',
};

/** '31-Mar-2022' → '2022-03-31'. */
export function nseDate(d: string): string {
  const m = /^(\d{2})-([A-Z][a-z]{2})-(\d{4})$/.exec(d);
  const month = m && MONTHS[m[2]!];
  if (!m || !month) throw new RangeError(`NSE date '${d}' is not DD-Mon-YYYY`);
  return `${m[3]}-${month}-${m[1]}`;
}

/** '28-Mar-2022 10:47:19' (IST) → epoch ms. */
export function nseTimestamp(t: string): number {
  const m = /^(\d{2}-[A-Z][a-z]{2}-\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(t);
  if (!m) throw new RangeError(`NSE timestamp '${t}' is not DD-Mon-YYYY HH:MM:SS`);
  return Date.parse(`${nseDate(m[1]!)}T${m[2]}:${m[3]}:${m[4]}+05:30`);
}

const INDEX_KEYS: Record<string, { key: string; lotSize: number }> = {
  NIFTY: { key: 'NSE_INDEX|Nifty 50', lotSize: 50 },
  BANKNIFTY: { key: 'NSE_INDEX|Nifty Bank', lotSize: 25 },
};

/** Instrument key of a snapshot leg: deterministic, in the NSE_FO segment. */
export function snapshotKey(index: number): string {
  return `NSE_FO|${900_000 + index}`;
}

/** Lists a snapshot's contracts (every strike of every expiry) and keeps each leg's quote. */
export function parseNseSnapshot(underlyingName: string, json: NseChainJson): NseSnapshot {
  const idx = INDEX_KEYS[underlyingName];
  if (!idx) throw new RangeError(`NSE snapshot: unknown index '${underlyingName}' (known: ${Object.keys(INDEX_KEYS).join(', ')})`);
  const r = json.records;
  const expiries = r.expiryDates.map(nseDate).sort();
  const legs: SnapshotLeg[] = [];
  const nearestStrikes = new Set<number>();
  const rows = [...r.data].sort((a, b) => (nseDate(a.expiryDate) < nseDate(b.expiryDate) ? -1 : nseDate(a.expiryDate) > nseDate(b.expiryDate) ? 1 : a.strikePrice - b.strikePrice));
  for (const row of rows) {
    const expiry = nseDate(row.expiryDate);
    if (expiry === expiries[0]) nearestStrikes.add(row.strikePrice);
    for (const side of ['CE', 'PE'] as OptionSide[]) {
      const leg = row[side];
      if (!leg) continue;
      const symbol = `${underlyingName}${expiry}${row.strikePrice}${side}`;
      legs.push({
        contract: { key: snapshotKey(legs.length), symbol, underlying: underlyingName, expiry, strike: row.strikePrice, side, lotSize: idx.lotSize, tickSize: 0.05 },
        leg,
      });
    }
  }
  const strikes = [...nearestStrikes].sort((a, b) => a - b);
  let step = Infinity;
  for (let i = 1; i < strikes.length; i++) step = Math.min(step, strikes[i]! - strikes[i - 1]!);
  return {
    underlying: { name: underlyingName, key: idx.key, exchange: 'NSE', strikeStep: Number.isFinite(step) ? step : 50, lotSize: idx.lotSize, timeZone: 'Asia/Kolkata' },
    timestamp: nseTimestamp(r.timestamp),
    expiries,
    legs,
    spot: r.underlyingValue,
  };
}

/** One tick per leg (quote, volume, OI, previous close) plus the underlying's, stamped at `ts`. */
export function snapshotTicks(snap: NseSnapshot, ts = snap.timestamp): Tick[] {
  const ticks: Tick[] = [{ key: snap.underlying.key, exchangeTs: ts, receiveTs: ts, ltp: snap.spot }];
  for (const { contract, leg } of snap.legs) {
    const t: Tick = { key: contract.key, exchangeTs: ts, receiveTs: ts, volume: leg.totalTradedVolume, oi: leg.openInterest };
    if (leg.lastPrice > 0) { t.ltp = leg.lastPrice; t.prevClose = Math.round((leg.lastPrice - leg.change) * 100) / 100; }
    t.bids = leg.bidprice > 0 ? [{ price: leg.bidprice, qty: leg.bidQty }] : [];
    t.asks = leg.askPrice > 0 ? [{ price: leg.askPrice, qty: leg.askQty }] : [];
    ticks.push(t);
  }
  return ticks;
}

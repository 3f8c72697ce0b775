// Read side of the store: a separate read-only connection (WAL lets it read while the writer
// writes). Candles for charts, and row iterators for export and replay; every query is indexed.
import Database from 'better-sqlite3';
import type { Candle, CandleInterval } from '../../../shared/history.ts';
import { CandleAggregator, type LiveBar } from '../candles/aggregator.ts';
import { bucketStart } from '../candles/bucket.ts';
import { isSubMinute, rollUp } from '../candles/rollup.ts';
import { NSE_SESSION, sessionFor, type SessionSpec } from '../candles/session.ts';
import { StoreError } from './schema.ts';
import { scanTicks, sortedIds, type TickMinute } from './tick-scan.ts';

export interface StoredInstrument {
  id: number;
  key: string;
  symbol: string | null;
  underlying: string | null;
  expiry: string | null;
  strike: number | null;
  side: string | null;
  scale: number;
}

/** One stored tick, decoded back to prices. Reused between iterations: copy to keep it. */
export interface StoredTick {
  key: string;
  exchangeTs: number;
  receiveTs: number;
  ltp: number | null;
  ltq: number | null;
  bid: number | null;
  bidQty: number | null;
  ask: number | null;
  askQty: number | null;
  volume: number | null;
  oi: number | null;
}

export interface StoredLeg {
  ts: number; underlying: string; expiry: string; underlyingLtp: number | null; forward: number | null; metrics: string;
  strike: number; side: string; instrumentKey: string | null;
  ltp: number | null; bid: number | null; ask: number | null; bidQty: number | null; askQty: number | null; volume: number | null; oi: number | null;
  iv: number | null; delta: number | null; gamma: number | null; theta: number | null; vega: number | null; rho: number | null;
}

/** Instruments to read: explicit keys, or every contract of an underlying (and expiry). */
export interface InstrumentSelection {
  instruments?: readonly string[];
  underlying?: string;
  expiry?: string;
}

export class StoreReader {
  readonly file: string;
  readonly session: SessionSpec;
  readonly #db: Database.Database;

  constructor(file: string, session: SessionSpec = NSE_SESSION) {
    this.file = file;
    this.session = session;
    try {
      this.#db = new Database(file, { readonly: true, fileMustExist: true });
    } catch (e) {
      throw new StoreError(`cannot open store ${file} for reading: ${(e as Error).message}`, { cause: e });
    }
  }

  instruments(): StoredInstrument[] {
    return this.#db.prepare('SELECT id, key, symbol, underlying, expiry, strike, side, price_scale AS scale FROM instruments ORDER BY id').all() as StoredInstrument[];
  }

  /** The selected instruments that exist in the store (unknown keys are simply absent). */
  select(sel: InstrumentSelection): StoredInstrument[] {
    const all = this.instruments();
    if (sel.instruments && sel.instruments.length > 0) {
      const want = new Set(sel.instruments);
      return all.filter((i) => want.has(i.key));
    }
    if (sel.underlying) return all.filter((i) => i.underlying === sel.underlying && (!sel.expiry || i.expiry === sel.expiry));
    throw new StoreError('select instruments by key, or by underlying (and expiry)');
  }

  /**
   * Bars of `interval` for one instrument whose start lies in [from, to) — `from` is moved back to
   * the start of its bar so the first bar is whole. 1m and up roll up from stored 1m bars; sub-minute
   * intervals are built from the stored ticks. Returns [] for an unknown instrument.
   */
  candles(key: string, interval: CandleInterval, from: number, to: number): Candle[] {
    const inst = this.#db.prepare('SELECT id, key, symbol, underlying, expiry, strike, side, price_scale AS scale FROM instruments WHERE key = ?').get(key) as StoredInstrument | undefined;
    return inst ? this.candlesOf(inst, interval, from, to) : [];
  }

  /** candles() of an instrument already selected (exports: no lookup per instrument). */
  candlesOf(inst: StoredInstrument, interval: CandleInterval, from: number, to: number): Candle[] {
    const key = inst.key;
    const session = sessionFor(this.session, key);
    const start = bucketStart(from, interval, session) ?? from;
    if (!isSubMinute(interval)) {
      const s = inst.scale;
      const rows = (this.#db.prepare('SELECT time, open, high, low, close, volume, oi FROM candles_1m WHERE instrument_id = ? AND time >= ? AND time < ? ORDER BY time')
        .all(inst.id, start, to) as Candle[]).map((c) => ({ ...c, open: c.open / s, high: c.high / s, low: c.low / s, close: c.close / s }));
      return interval === '1m' ? rows : rollUp(rows, interval, session);
    }
    const agg = new CandleAggregator({ session, intervals: [interval] });
    const out: Candle[] = [];
    const keep = (b: LiveBar): void => { out.push({ time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, oi: b.oi }); };
    for (const t of this.ticks([inst], start, to)) {
      if (t.ltp !== null) agg.onTick(key, t.exchangeTs, t.ltp, t.volume, t.oi).closed.forEach(keep);
    }
    agg.closeBefore(Number.MAX_SAFE_INTEGER).forEach(keep);
    return out;
  }

  /** Ticks of the given instruments in [from, to), in exchange-time order. */
  *ticks(instruments: readonly StoredInstrument[], from: number, to: number): IterableIterator<StoredTick> {
    const bySlot = this.slots(instruments);
    const t: StoredTick = { key: '', exchangeTs: 0, receiveTs: 0, ltp: null, ltq: null, bid: null, bidQty: null, ask: null, askQty: null, volume: null, oi: null };
    const v = (x: number): number | null => (x === x ? x : null);
    for (const { cols: c, order, count } of this.tickMinutes(instruments, from, to)) {
      for (let i = 0; i < count; i++) {
        const r = order[i]!;
        const inst = bySlot[c.inst[r]!]!;
        const s = inst.scale;
        t.key = inst.key;
        t.exchangeTs = c.ts[r]!;
        const recv = c.recv[r]!;
        t.receiveTs = recv === recv ? recv : t.exchangeTs;
        const ltp = c.ltp[r]!;
        t.ltp = ltp === ltp ? ltp / s : null;
        t.ltq = v(c.ltq[r]!);
        const bid = c.bid[r]!;
        t.bid = bid === bid ? bid / s : null;
        t.bidQty = v(c.bidQty[r]!);
        const ask = c.ask[r]!;
        t.ask = ask === ask ? ask / s : null;
        t.askQty = v(c.askQty[r]!);
        t.volume = v(c.volume[r]!);
        t.oi = v(c.oi[r]!);
        yield t;
      }
    }
  }

  /**
   * The raw form of ticks(): one exchange minute at a time, prices in integer units of the
   * instrument, `cols.inst` indexing `slots(instruments)`. For bulk readers (export, replay).
   */
  tickMinutes(instruments: readonly StoredInstrument[], from: number, to: number): Generator<TickMinute> {
    return scanTicks(this.#db, instruments.map((i) => i.id), from, to);
  }

  /** The instruments in the order `cols.inst` of tickMinutes() indexes them. */
  slots(instruments: readonly StoredInstrument[]): StoredInstrument[] {
    const byId = new Map(instruments.map((i) => [i.id, i]));
    return sortedIds([...byId.keys()]).map((id) => byId.get(id)!);
  }

  /** Chain snapshot legs in [from, to) for an underlying (and expiry), by time, strike, side. */
  chainLegs(underlying: string | undefined, expiry: string | undefined, from: number, to: number): IterableIterator<StoredLeg> {
    const where = ['s.ts >= @from', 's.ts < @to'];
    if (underlying) where.push('s.underlying = @underlying');
    if (expiry) where.push('s.expiry = @expiry');
    return this.#db.prepare(`SELECT s.ts, s.underlying, s.expiry, s.underlying_ltp AS underlyingLtp, s.forward, s.metrics,
        l.strike, l.side, l.instrument_key AS instrumentKey, l.ltp, l.bid, l.ask, l.bid_qty AS bidQty, l.ask_qty AS askQty,
        l.volume, l.oi, l.iv, l.delta, l.gamma, l.theta, l.vega, l.rho
      FROM chain_snapshots s JOIN chain_legs l ON l.snapshot_id = s.id
      WHERE ${where.join(' AND ')} ORDER BY s.ts, s.id, l.strike, l.side`)
      .iterate({ from, to, underlying: underlying ?? null, expiry: expiry ?? null }) as IterableIterator<StoredLeg>;
  }

  /** The chain snapshots' head and metrics JSON in [from, to) for one chain, by time (intraday metric history). */
  chainMetricRows(underlying: string, expiry: string, from: number, to: number): { ts: number; underlyingLtp: number | null; forward: number | null; metrics: string }[] {
    return this.#db.prepare(`SELECT ts, underlying_ltp AS underlyingLtp, forward, metrics FROM chain_snapshots
      WHERE underlying = ? AND expiry = ? AND ts >= ? AND ts < ? ORDER BY ts, id`).all(underlying, expiry, from, to) as { ts: number; underlyingLtp: number | null; forward: number | null; metrics: string }[];
  }

  /** True when any chain snapshot of this underlying × expiry is stored. */
  hasChainSnapshots(underlying: string, expiry: string): boolean {
    return this.#db.prepare('SELECT 1 FROM chain_snapshots WHERE underlying = ? AND expiry = ? LIMIT 1').get(underlying, expiry) !== undefined;
  }

  /**
   * Each option's last recorded OI before `before` (e.g. today's session open): the previous
   * session's closing OI from the stored 1-minute bars, in the feed's unit, with that bar's time.
   */
  lastOiBefore(underlying: string, before: number): { key: string; oi: number; time: number }[] {
    return this.#db.prepare(`SELECT i.key AS key, c.oi AS oi, c.time AS time FROM instruments i
      JOIN candles_1m c ON c.instrument_id = i.id AND c.time = (SELECT max(time) FROM candles_1m WHERE instrument_id = i.id AND time < @before AND oi IS NOT NULL)
      WHERE i.underlying = @underlying AND i.side IS NOT NULL`).all({ underlying, before }) as { key: string; oi: number; time: number }[];
  }

  /** Integrity of the file: 'ok' or SQLite's list of problems. */
  integrityCheck(): string {
    return (this.#db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  }

  close(): void {
    this.#db.close();
  }
}

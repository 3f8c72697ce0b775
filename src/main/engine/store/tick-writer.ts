// The write side of the store, run inside the writer worker: one connection, one transaction per
// batch. It also builds the 1-minute candles from the ticks it writes, in the same transaction, so
// candles and ticks never disagree and a crash loses both or neither.
import type { Database, Statement } from 'better-sqlite3';
import { CandleAggregator, type LiveBar } from '../candles/aggregator.ts';
import { bucketStart } from '../candles/bucket.ts';
import type { SessionSpec } from '../candles/session.ts';
import { F, STRIDE, type ChainSnapshot, type InstrumentInfo, type RetentionPolicy, type WriterCounters } from './protocol.ts';
import { toUnits } from './units.ts';

const DAY_MS = 86_400_000;
const RETENTION_CHUNK_MS = 3_600_000;

interface Known { id: number; key: string; scale: number; resumed: boolean }

export type WriterLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export class TickWriter {
  readonly counters: WriterCounters = { written: 0, rejected: 0, duplicates: 0, batches: 0, candlesWritten: 0, snapshots: 0, checkpoints: 0, retentionDeleted: 0 };
  readonly #db: Database;
  readonly #log: WriterLog;
  readonly #session: SessionSpec;
  readonly #byIdx = new Map<number, Known>();
  readonly #byId = new Map<number, Known>();
  readonly #idByKey = new Map<string, number>();
  /** Per instrument id: last exchange ts written and its `n`, to number same-ms ticks. */
  readonly #lastTs = new Map<number, number>();
  readonly #lastN = new Map<number, number>();
  #agg: CandleAggregator;
  readonly #dirty = new Set<LiveBar>();
  readonly #sql: Record<'insTick' | 'upInstrument' | 'getInstrument' | 'upCandle' | 'getCandle' | 'insSnap' | 'insLeg', Statement>;

  constructor(db: Database, session: SessionSpec, log: WriterLog) {
    this.#db = db;
    this.#session = session;
    this.#log = log;
    this.#agg = new CandleAggregator({ session, intervals: ['1m'] });
    this.#sql = {
      insTick: db.prepare('INSERT INTO ticks VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING'),
      upInstrument: db.prepare(`INSERT INTO instruments(key, symbol, underlying, expiry, strike, side, price_scale) VALUES (@key, @symbol, @underlying, @expiry, @strike, @side, @scale)
        ON CONFLICT(key) DO UPDATE SET symbol = coalesce(excluded.symbol, symbol), underlying = coalesce(excluded.underlying, underlying),
          expiry = coalesce(excluded.expiry, expiry), strike = coalesce(excluded.strike, strike), side = coalesce(excluded.side, side)`),
      getInstrument: db.prepare('SELECT id, price_scale AS scale FROM instruments WHERE key = ?'),
      upCandle: db.prepare('INSERT OR REPLACE INTO candles_1m VALUES (?,?,?,?,?,?,?,?,?,?)'),
      getCandle: db.prepare('SELECT time, open, high, low, close, volume, oi, cum_volume AS cumVolume FROM candles_1m WHERE instrument_id = ? AND time = ?'),
      insSnap: db.prepare('INSERT INTO chain_snapshots(ts, underlying, expiry, underlying_ltp, forward, atm_strike, time_to_expiry, metrics) VALUES (?,?,?,?,?,?,?,?)'),
      insLeg: db.prepare('INSERT OR REPLACE INTO chain_legs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)'),
    };
  }

  /** Maps the handle's instrument index to a row of `instruments` (created or updated). */
  registerInstrument(idx: number, info: InstrumentInfo): void {
    const scale = info.priceScale ?? 100;
    if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`instrument ${info.key}: price scale ${scale} is not a positive integer`);
    this.#sql.upInstrument.run({
      key: info.key, symbol: info.symbol ?? null, underlying: info.underlying ?? null, expiry: info.expiry ?? null,
      strike: info.strike ?? null, side: info.side ?? null, scale,
    });
    const row = this.#sql.getInstrument.get(info.key) as { id: number; scale: number };
    const known: Known = this.#byId.get(row.id) ?? { id: row.id, key: info.key, scale: row.scale, resumed: false };
    this.#byIdx.set(idx, known);
    this.#byId.set(row.id, known);
    this.#idByKey.set(info.key, row.id);
  }

  /** Writes one batch of packed ticks and the candles they touch, in one transaction. */
  writeTicks(data: Float64Array, rows: number): void {
    this.#db.transaction(() => {
      for (let r = 0; r < rows; r++) this.#writeOne(data, r * STRIDE);
      this.#flushCandles();
    })();
    this.counters.batches++;
  }

  #writeOne(d: Float64Array, o: number): void {
    const known = this.#byIdx.get(d[o + F.inst]!);
    const ts = d[o + F.ts]!;
    if (!known || !Number.isInteger(ts)) {
      this.#reject(`tick for instrument index ${d[o + F.inst]} (${known?.key ?? 'unregistered'}) has exchange ts ${ts}`);
      return;
    }
    const s = known.scale;
    const ltp = this.#units(d[o + F.ltp]!, s, known.key, 'ltp');
    const bid = this.#units(d[o + F.bid]!, s, known.key, 'bid');
    const ask = this.#units(d[o + F.ask]!, s, known.key, 'ask');
    if (ltp === undefined || bid === undefined || ask === undefined) return;
    const base = ltp ?? 0;
    const n = this.#lastTs.get(known.id) === ts ? this.#lastN.get(known.id)! + 1 : 0;
    const info = this.#sql.insTick.run(
      ts, known.id, n, opt(d[o + F.recv]! - ts), ltp, opt(d[o + F.ltq]!),
      bid === null ? null : base - bid, opt(d[o + F.bidQty]!), ask === null ? null : ask - base, opt(d[o + F.askQty]!),
      opt(d[o + F.volume]!), opt(d[o + F.oi]!),
    );
    if (info.changes === 0) {
      this.counters.duplicates++;
      return;
    }
    this.#lastTs.set(known.id, ts);
    this.#lastN.set(known.id, n);
    this.counters.written++;
    if (ltp !== null) this.#candle(known, ts, d[o + F.ltp]!, d[o + F.volume]!, d[o + F.oi]!);
  }

  /** Integer units, null when absent, undefined (and counted) when not representable. */
  #units(value: number, scale: number, key: string, field: string): number | null | undefined {
    if (Number.isNaN(value)) return null;
    const u = toUnits(value, scale);
    if (Number.isNaN(u)) {
      this.#reject(`${key}: ${field} ${value} has more decimals than price scale ${scale} keeps`);
      return undefined;
    }
    return u;
  }

  #reject(message: string): void {
    this.counters.rejected++;
    if (this.counters.rejected <= 10 || this.counters.rejected % 10_000 === 0) this.#log('warn', `rejected tick #${this.counters.rejected}: ${message}`);
  }

  #candle(known: Known, ts: number, price: number, volume: number, oi: number): void {
    if (!known.resumed) {
      known.resumed = true;
      const start = bucketStart(ts, '1m', this.#session);
      const row = start === null ? undefined : this.#sql.getCandle.get(known.id, start) as (LiveBarRow | undefined);
      if (row) this.#agg.resume(known.key, '1m', row, row.cumVolume);
    }
    const u = this.#agg.onTick(known.key, ts, price, Number.isNaN(volume) ? null : volume, Number.isNaN(oi) ? null : oi);
    for (const b of u.closed) this.#dirty.add(b);
    for (const b of u.changed) this.#dirty.add(b);
  }

  #flushCandles(): void {
    for (const b of this.#dirty) {
      this.#sql.upCandle.run(this.#idByKey.get(b.key), b.time, b.open, b.high, b.low, b.close, b.volume, b.oi, b.cumVolume, b.ticks);
      this.counters.candlesWritten++;
    }
    this.#dirty.clear();
  }

  /** Stores one chain snapshot: its head and metrics, and every leg. */
  writeChain(s: ChainSnapshot): void {
    this.#db.transaction(() => {
      const id = this.#sql.insSnap.run(s.ts, s.underlying, s.expiry, s.underlyingLtp, s.forward, s.atmStrike, s.timeToExpiry, JSON.stringify(s.metrics)).lastInsertRowid;
      for (const l of s.legs) {
        this.#sql.insLeg.run(id, l.strike, l.side, l.instrumentKey, l.ltp, l.bid, l.ask, l.bidQty, l.askQty, l.volume, l.oi, l.iv, l.delta, l.gamma, l.theta, l.vega, l.rho);
      }
    })();
    this.counters.snapshots++;
  }

  /** Recomputes the 1m candles of `keys` over [from, to) from the stored ticks (after an import). */
  rebuildCandles(keys: readonly string[], from: number, to: number): void {
    const ids = new Map<number, Known>();
    for (const key of keys) {
      const row = this.#sql.getInstrument.get(key) as { id: number; scale: number } | undefined;
      if (row) ids.set(row.id, { id: row.id, key, scale: row.scale, resumed: true });
    }
    if (ids.size === 0) return;
    const idOf = new Map([...ids.values()].map((k) => [k.key, k.id]));
    const start = Math.floor(from / 60_000) * 60_000;
    const agg = new CandleAggregator({ session: this.#session, intervals: ['1m'] });
    const bars: LiveBar[] = [];
    const q = this.#db.prepare(`SELECT ts, instrument_id, ltp, volume, oi FROM ticks WHERE ts >= ? AND ts < ? AND ltp IS NOT NULL AND instrument_id IN (${[...ids.keys()].join(',')}) ORDER BY ts, instrument_id, n`).raw();
    for (const [ts, id, ltp, volume, oi] of q.iterate(start, to) as IterableIterator<[number, number, number, number | null, number | null]>) {
      const k = ids.get(id)!;
      for (const b of agg.onTick(k.key, ts, ltp / k.scale, volume, oi).closed) bars.push(b);
    }
    bars.push(...agg.closeBefore(Number.MAX_SAFE_INTEGER));
    const del = this.#db.prepare('DELETE FROM candles_1m WHERE instrument_id = ? AND time >= ? AND time < ?');
    this.#db.transaction(() => {
      for (const id of ids.keys()) del.run(id, start, to);
      for (const b of bars) {
        this.#sql.upCandle.run(idOf.get(b.key), b.time, b.open, b.high, b.low, b.close, b.volume, b.oi, b.cumVolume, b.ticks);
        this.counters.candlesWritten++;
      }
    })();
    // The live aggregator may hold an open bar built before the rebuild: start it afresh.
    this.#agg = new CandleAggregator({ session: this.#session, intervals: ['1m'] });
    for (const k of this.#byId.values()) k.resumed = false;
  }

  /** Deletes by age, then by size, in hour-sized chunks so writes are never blocked for long. */
  applyRetention(policy: RetentionPolicy, now: number): number {
    let deleted = 0;
    const chunked = (table: 'ticks' | 'chain' | 'candles_1m', cutoff: number): number => {
      const first = table === 'ticks' ? 'SELECT min(ts) AS t FROM ticks' : table === 'chain' ? 'SELECT min(ts) AS t FROM chain_snapshots' : 'SELECT min(time) AS t FROM candles_1m';
      const oldest = (this.#db.prepare(first).get() as { t: number | null }).t;
      if (oldest === null || oldest >= cutoff) return 0;
      let n = 0;
      for (let t = oldest + RETENTION_CHUNK_MS; ; t += RETENTION_CHUNK_MS) {
        const upTo = Math.min(t, cutoff);
        n += this.#deleteBefore(table, upTo);
        if (upTo >= cutoff) break;
      }
      return n;
    };
    if (policy.tickDays > 0) {
      deleted += chunked('ticks', now - policy.tickDays * DAY_MS);
      deleted += chunked('chain', now - policy.tickDays * DAY_MS);
    }
    if (policy.candleDays > 0) deleted += chunked('candles_1m', now - policy.candleDays * DAY_MS);
    if (policy.maxBytes > 0) {
      for (let guard = 0; guard < 10_000 && this.dataBytes() > policy.maxBytes; guard++) {
        const oldest = (this.#db.prepare('SELECT min(ts) AS t FROM ticks').get() as { t: number | null }).t;
        if (oldest === null) break;
        const n = this.#deleteBefore('ticks', oldest + RETENTION_CHUNK_MS) + this.#deleteBefore('chain', oldest + RETENTION_CHUNK_MS);
        deleted += n;
        this.#db.pragma('incremental_vacuum');
      }
    }
    if (deleted > 0) {
      this.#db.pragma('incremental_vacuum');
      this.#log('info', `retention deleted ${deleted} rows (tick days ${policy.tickDays}, candle days ${policy.candleDays}, max bytes ${policy.maxBytes})`);
    }
    this.counters.retentionDeleted += deleted;
    return deleted;
  }

  #deleteBefore(table: 'ticks' | 'chain' | 'candles_1m', before: number): number {
    return this.#db.transaction(() => {
      if (table === 'ticks') return this.#db.prepare('DELETE FROM ticks WHERE ts < ?').run(before).changes;
      if (table === 'candles_1m') return this.#db.prepare('DELETE FROM candles_1m WHERE time < ?').run(before).changes;
      const ids = 'SELECT id FROM chain_snapshots WHERE ts < ?';
      const legs = this.#db.prepare(`DELETE FROM chain_legs WHERE snapshot_id IN (${ids})`).run(before).changes;
      return legs + this.#db.prepare('DELETE FROM chain_snapshots WHERE ts < ?').run(before).changes;
    })();
  }

  /** Bytes the data occupies: pages in use (free pages excluded), WAL excluded. */
  dataBytes(): number {
    const pages = this.#db.pragma('page_count', { simple: true }) as number;
    const free = this.#db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * (this.#db.pragma('page_size', { simple: true }) as number);
  }

  /** Copies the WAL into the database and truncates it. Returns false when a reader kept it busy. */
  checkpoint(): boolean {
    const [r] = this.#db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    this.counters.checkpoints++;
    return r?.busy === 0;
  }
}

interface LiveBarRow { time: number; open: number; high: number; low: number; close: number; volume: number; oi: number | null; cumVolume: number | null }

const opt = (v: number): number | null => (Number.isNaN(v) ? null : v);

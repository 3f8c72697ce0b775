// The write side of the store, run inside the writer worker: one connection, one transaction per
// batch. Each batch's ticks are encoded per (minute, instrument) into tick_frags; minutes two behind
// the newest are sealed into one sorted blob each in tick_blocks (see schema.ts). It also builds the
// 1-minute candles from the ticks it writes, in the same transaction, so candles and ticks never
// disagree and a crash loses both or neither.
// A duplicate is a tick equal in every field (exchange ts included) to the previous stored tick of
// its instrument, e.g. the snapshot a feed resends on reconnect; it is counted, not stored.
import type { Database, Statement } from 'better-sqlite3';
import { CandleAggregator, type LiveBar } from '../candles/aggregator.ts';
import { bucketStart } from '../candles/bucket.ts';
import { sessionFor, type SessionSpec } from '../candles/session.ts';
import { F, STRIDE, type ChainSnapshot, type InstrumentInfo, type RetentionPolicy, type WriterCounters } from './protocol.ts';
import { ByteSink, decodeBlock, encodeBlock, forEachMinuteRun, orderByTs, TickColumns } from './tick-codec.ts';
import { ID_SPAN, MINUTE_MS, scanTicks } from './tick-scan.ts';
import { toUnits } from './units.ts';

const DAY_MS = 86_400_000;
const RETENTION_CHUNK_MS = 3_600_000;
const MAX_TS = 2 ** 32 * MINUTE_MS;
const MAX_INT = 2 ** 52;

interface Known { id: number; key: string; scale: number; resumed: boolean; last: TickColumns | null; lastLoaded: boolean }

export type WriterLog = (level: 'info' | 'warn' | 'error', message: string) => void;

type SqlName = 'insFrag' | 'minFrag' | 'fragGroups' | 'fragsOf' | 'delFrags' | 'blockOf' | 'putBlock' | 'lastFrag' | 'lastBlock'
  | 'upInstrument' | 'getInstrument' | 'upCandle' | 'getCandle' | 'insSnap' | 'insLeg';

export class TickWriter {
  readonly counters: WriterCounters = { written: 0, rejected: 0, duplicates: 0, batches: 0, candlesWritten: 0, snapshots: 0, checkpoints: 0, retentionDeleted: 0 };
  readonly #db: Database;
  readonly #log: WriterLog;
  readonly #session: SessionSpec;
  readonly #byIdx = new Map<number, Known>();
  readonly #byId = new Map<number, Known>();
  readonly #byKey = new Map<string, Known>();
  #agg: CandleAggregator;
  readonly #dirty = new Set<LiveBar>();
  readonly #sql: Record<SqlName, Statement>;
  readonly #batch = new TickColumns(1024);
  readonly #seal = new TickColumns(256);
  readonly #sink = new ByteSink();
  #sealOrder = new Int32Array(256);
  #maxMinute = 0;

  /** Called inside each write transaction just before it commits (the fault hook: a throw rolls it back). */
  readonly #beforeCommit: () => void;

  constructor(db: Database, session: SessionSpec, log: WriterLog, beforeCommit: () => void = () => {}) {
    this.#db = db;
    this.#beforeCommit = beforeCommit;
    this.#session = session;
    this.#log = log;
    this.#agg = new CandleAggregator({ session, intervals: ['1m'] });
    this.#sql = {
      insFrag: db.prepare('INSERT INTO tick_frags(minute, instrument_id, n, data) VALUES (?,?,?,?)'),
      minFrag: db.prepare('SELECT min(minute) FROM tick_frags').pluck(),
      fragGroups: db.prepare('SELECT DISTINCT minute, instrument_id FROM tick_frags WHERE minute < ? ORDER BY minute, instrument_id').raw(),
      fragsOf: db.prepare('SELECT data FROM tick_frags WHERE minute = ? AND instrument_id = ? ORDER BY id').pluck(),
      delFrags: db.prepare('DELETE FROM tick_frags WHERE minute = ? AND instrument_id = ?'),
      blockOf: db.prepare('SELECT data FROM tick_blocks WHERE id = ?').pluck(),
      putBlock: db.prepare('INSERT OR REPLACE INTO tick_blocks(id, instrument_id, n, data) VALUES (?,?,?,?)'),
      lastFrag: db.prepare('SELECT minute, data FROM tick_frags WHERE instrument_id = ? ORDER BY minute DESC, id DESC LIMIT 1').raw(),
      lastBlock: db.prepare('SELECT id, data FROM tick_blocks WHERE instrument_id = ? ORDER BY id DESC LIMIT 1').raw(),
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
    if (row.id >= ID_SPAN) throw new RangeError(`instrument ${info.key}: id ${row.id} exceeds the ${ID_SPAN} instruments a store holds`);
    const known: Known = this.#byId.get(row.id) ?? { id: row.id, key: info.key, scale: row.scale, resumed: false, last: null, lastLoaded: false };
    this.#byIdx.set(idx, known);
    this.#byId.set(row.id, known);
    this.#byKey.set(info.key, known);
  }

  /** Writes one batch of packed ticks and the candles they touch, in one transaction. */
  writeTicks(data: Float64Array, rows: number): void {
    // A failed transaction rolls back: its ticks were not written (the caller counts them failed).
    const { written, duplicates, rejected } = this.counters;
    const maxMinute = this.#maxMinute;
    try {
      this.#writeTicks(data, rows);
    } catch (e) {
      Object.assign(this.counters, { written, duplicates, rejected });
      this.#maxMinute = maxMinute;
      for (const k of this.#byId.values()) k.lastLoaded = false;
      throw e;
    }
  }

  #writeTicks(data: Float64Array, rows: number): void {
    this.#db.transaction(() => {
      this.#batch.n = 0;
      for (let r = 0; r < rows; r++) this.#accept(data, r * STRIDE);
      const sink = this.#sink;
      forEachMinuteRun(this.#batch, (minute, id, order, start, end) => {
        sink.pos = 0;
        encodeBlock(this.#batch, order, start, end, minute * MINUTE_MS, sink);
        this.#sql.insFrag.run(minute, id, end - start, Buffer.from(sink.buf.subarray(0, sink.pos)));
        if (minute > this.#maxMinute) this.#maxMinute = minute;
      });
      this.#sealBefore(this.#maxMinute - 1);
      this.#beforeCommit();
      this.#flushCandles();
    })();
    this.counters.batches++;
  }

  /** Seals every open minute (the worker calls it before closing). */
  sealAll(): void {
    this.#db.transaction(() => this.#sealBefore(Number.MAX_SAFE_INTEGER))();
  }

  /** Merges the fragments of minutes before `minute` (and any block they already have) into one sorted block each. */
  #sealBefore(minute: number): void {
    const oldest = this.#sql.minFrag.get() as number | null;
    if (oldest === null || oldest >= minute) return;
    const c = this.#seal;
    const sink = this.#sink;
    for (const [m, id] of this.#sql.fragGroups.all(minute) as [number, number][]) {
      const start = m * MINUTE_MS;
      const key = m * ID_SPAN + id;
      c.n = 0;
      const block = this.#sql.blockOf.get(key) as Buffer | undefined;
      if (block) decodeBlock(block, start, id, c);
      for (const data of this.#sql.fragsOf.all(m, id) as Buffer[]) decodeBlock(data, start, id, c);
      this.#sealOrder = orderByTs(c, this.#sealOrder);
      sink.pos = 0;
      encodeBlock(c, this.#sealOrder, 0, c.n, start, sink);
      this.#sql.putBlock.run(key, id, c.n, Buffer.from(sink.buf.subarray(0, sink.pos)));
      this.#sql.delFrags.run(m, id);
    }
  }

  #accept(d: Float64Array, o: number): void {
    const known = this.#byIdx.get(d[o + F.inst]!);
    const ts = d[o + F.ts]!;
    if (!known || !Number.isInteger(ts) || ts < 0 || ts >= MAX_TS) {
      this.#reject(`tick for instrument index ${d[o + F.inst]} (${known?.key ?? 'unregistered'}) has exchange ts ${ts}`);
      return;
    }
    const s = known.scale;
    const ltp = this.#units(d[o + F.ltp]!, s, known.key, 'ltp');
    const bid = this.#units(d[o + F.bid]!, s, known.key, 'bid');
    const ask = this.#units(d[o + F.ask]!, s, known.key, 'ask');
    const ltq = this.#whole(d[o + F.ltq]!, known.key, 'ltq');
    const bidQty = this.#whole(d[o + F.bidQty]!, known.key, 'bid qty');
    const askQty = this.#whole(d[o + F.askQty]!, known.key, 'ask qty');
    const volume = this.#whole(d[o + F.volume]!, known.key, 'volume');
    const oi = this.#whole(d[o + F.oi]!, known.key, 'oi');
    if (ltp === undefined || bid === undefined || ask === undefined || ltq === undefined || bidQty === undefined || askQty === undefined || volume === undefined || oi === undefined) return;
    const recvIn = d[o + F.recv]!;
    const recv = Number.isFinite(recvIn) && Math.abs(recvIn - ts) < MAX_INT ? Math.round(recvIn) : NaN;
    const c = this.#batch;
    const r = c.push(known.id, ts, recv, ltp, ltq, bid, bidQty, ask, askQty, volume, oi);
    const last = this.#last(known);
    if (last.n === 1 && c.sameRow(r, last, 0)) {
      c.n--;
      this.counters.duplicates++;
      return;
    }
    last.n = 0;
    last.copyRow(c, r);
    this.counters.written++;
    if (ltp === ltp) this.#candle(known, ts, d[o + F.ltp]!, d[o + F.volume]!, d[o + F.oi]!);
  }

  /** The instrument's last stored tick (after a restart, read back from the store once). */
  #last(known: Known): TickColumns {
    if (known.lastLoaded) return known.last!;
    known.lastLoaded = true;
    const last = new TickColumns(1);
    known.last = last;
    const frag = this.#sql.lastFrag.get(known.id) as [number, Buffer] | undefined;
    const block = this.#sql.lastBlock.get(known.id) as [number, Buffer] | undefined;
    const blockMinute = block ? Math.floor(block[0] / ID_SPAN) : -1;
    const tmp = new TickColumns(64);
    if (frag && frag[0] >= blockMinute) decodeBlock(frag[1], frag[0] * MINUTE_MS, known.id, tmp);
    else if (block) decodeBlock(block[1], blockMinute * MINUTE_MS, known.id, tmp);
    if (tmp.n > 0) last.copyRow(tmp, tmp.n - 1);
    return last;
  }

  /** Integer units, NaN when absent, undefined (and counted) when not representable. */
  #units(value: number, scale: number, key: string, field: string): number | undefined {
    if (Number.isNaN(value)) return NaN;
    const u = toUnits(value, scale);
    if (Number.isNaN(u) || Math.abs(u) >= MAX_INT) {
      this.#reject(`${key}: ${field} ${value} has more decimals than price scale ${scale} keeps`);
      return undefined;
    }
    return u;
  }

  /** A whole quantity, NaN when absent, undefined (and counted) when fractional or out of range. */
  #whole(value: number, key: string, field: string): number | undefined {
    if (Number.isNaN(value)) return NaN;
    if (!Number.isInteger(value) || Math.abs(value) >= MAX_INT) {
      this.#reject(`${key}: ${field} ${value} is not a whole number`);
      return undefined;
    }
    return value;
  }

  #reject(message: string): void {
    this.counters.rejected++;
    if (this.counters.rejected <= 10 || this.counters.rejected % 10_000 === 0) this.#log('warn', `rejected tick #${this.counters.rejected}: ${message}`);
  }

  #candle(known: Known, ts: number, price: number, volume: number, oi: number): void {
    if (!known.resumed) {
      known.resumed = true;
      const start = bucketStart(ts, '1m', sessionFor(this.#session, known.key));
      const row = start === null ? undefined : this.#sql.getCandle.get(known.id, start) as (LiveBarRow | undefined);
      if (row) {
        const s = known.scale;
        this.#agg.resume(known.key, '1m', { ...row, open: row.open / s, high: row.high / s, low: row.low / s, close: row.close / s }, row.cumVolume);
      }
    }
    const u = this.#agg.onTick(known.key, ts, price, Number.isNaN(volume) ? null : volume, Number.isNaN(oi) ? null : oi);
    for (const b of u.closed) this.#dirty.add(b);
    for (const b of u.changed) this.#dirty.add(b);
  }

  #flushCandles(): void {
    for (const b of this.#dirty) this.#putCandle(this.#byKey.get(b.key)!, b);
    this.#dirty.clear();
  }

  /** One 1m bar, prices in integer units of the instrument. */
  #putCandle(k: { id: number; scale: number }, b: LiveBar): void {
    const s = k.scale;
    this.#sql.upCandle.run(k.id, b.time, Math.round(b.open * s), Math.round(b.high * s), Math.round(b.low * s), Math.round(b.close * s), b.volume, b.oi, b.cumVolume, b.ticks);
    this.counters.candlesWritten++;
  }

  /** Stores one chain snapshot: its head and metrics, and every leg. */
  writeChain(s: ChainSnapshot): void {
    this.#db.transaction(() => {
      const id = this.#sql.insSnap.run(s.ts, s.underlying, s.expiry, s.underlyingLtp, s.forward, s.atmStrike, s.timeToExpiry, JSON.stringify(s.metrics)).lastInsertRowid;
      for (const l of s.legs) {
        this.#sql.insLeg.run(id, l.strike, l.side, l.instrumentKey, l.ltp, l.bid, l.ask, l.bidQty, l.askQty, l.volume, l.oi, l.iv, l.delta, l.gamma, l.theta, l.vega, l.rho);
      }
      this.#beforeCommit();
    })();
    this.counters.snapshots++;
  }

  /** Recomputes the 1m candles of `keys` over [from, to) from the stored ticks (after an import). */
  rebuildCandles(keys: readonly string[], from: number, to: number): void {
    const ids = new Map<number, { id: number; key: string; scale: number }>();
    for (const key of keys) {
      const row = this.#sql.getInstrument.get(key) as { id: number; scale: number } | undefined;
      if (row) ids.set(row.id, { id: row.id, key, scale: row.scale });
    }
    if (ids.size === 0) return;
    const bySlot = [...ids.keys()].sort((x, y) => x - y).map((id) => ids.get(id)!);
    const byKey = new Map(bySlot.map((k) => [k.key, k]));
    const start = Math.floor(from / MINUTE_MS) * MINUTE_MS;
    const agg = new CandleAggregator({ session: this.#session, intervals: ['1m'] });
    const bars: LiveBar[] = [];
    for (const { cols, order, count } of scanTicks(this.#db, [...ids.keys()], start, to)) {
      for (let i = 0; i < count; i++) {
        const r = order[i]!;
        const ltp = cols.ltp[r]!;
        if (ltp !== ltp) continue;
        const k = bySlot[cols.inst[r]!]!;
        const volume = cols.volume[r]!;
        const oi = cols.oi[r]!;
        for (const b of agg.onTick(k.key, cols.ts[r]!, ltp / k.scale, volume === volume ? volume : null, oi === oi ? oi : null).closed) bars.push(b);
      }
    }
    bars.push(...agg.closeBefore(Number.MAX_SAFE_INTEGER));
    const del = this.#db.prepare('DELETE FROM candles_1m WHERE instrument_id = ? AND time >= ? AND time < ?');
    this.#db.transaction(() => {
      for (const id of ids.keys()) del.run(id, start, to);
      for (const b of bars) this.#putCandle(byKey.get(b.key)!, b);
    })();
    // The live aggregator may hold an open bar built before the rebuild: start it afresh.
    this.#agg = new CandleAggregator({ session: this.#session, intervals: ['1m'] });
    for (const k of this.#byId.values()) k.resumed = false;
  }

  /** Deletes by age, then by size, in hour-sized chunks so writes are never blocked for long. */
  applyRetention(policy: RetentionPolicy, now: number): number {
    let deleted = 0;
    const chunked = (table: 'ticks' | 'chain' | 'candles_1m', cutoff: number): number => {
      const oldest = table === 'ticks' ? this.#oldestTick() : (this.#db.prepare(table === 'chain' ? 'SELECT min(ts) AS t FROM chain_snapshots' : 'SELECT min(time) AS t FROM candles_1m').get() as { t: number | null }).t;
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
        const oldest = this.#oldestTick();
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

  /** Start of the oldest stored minute of ticks, or null. */
  #oldestTick(): number | null {
    const block = this.#db.prepare('SELECT min(id) FROM tick_blocks').pluck().get() as number | null;
    const frag = this.#sql.minFrag.get() as number | null;
    const m = block === null ? frag : frag === null ? Math.floor(block / ID_SPAN) : Math.min(frag, Math.floor(block / ID_SPAN));
    return m === null ? null : m * MINUTE_MS;
  }

  /** Ticks are deleted by whole minutes: those that end at or before `before` (returns ticks deleted). */
  #deleteTicksBefore(before: number): number {
    const m = Math.floor(before / MINUTE_MS);
    const n = this.#db.prepare('SELECT (SELECT coalesce(sum(n), 0) FROM tick_blocks WHERE id < ?) + (SELECT coalesce(sum(n), 0) FROM tick_frags WHERE minute < ?)').pluck().get(m * ID_SPAN, m) as number;
    this.#db.prepare('DELETE FROM tick_blocks WHERE id < ?').run(m * ID_SPAN);
    this.#db.prepare('DELETE FROM tick_frags WHERE minute < ?').run(m);
    return n;
  }

  #deleteBefore(table: 'ticks' | 'chain' | 'candles_1m', before: number): number {
    return this.#db.transaction(() => {
      if (table === 'ticks') return this.#deleteTicksBefore(before);
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


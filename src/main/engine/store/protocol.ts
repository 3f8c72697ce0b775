// Messages between the engine-side store handle and the writer worker, and the packed tick
// layout: ticks cross the thread boundary as one transferred Float64Array per batch (NaN = absent).
import type { SessionSpec } from '../candles/session.ts';

/** Field offsets within one packed tick; STRIDE doubles per tick. */
export const F = { inst: 0, ts: 1, recv: 2, ltp: 3, ltq: 4, bid: 5, bidQty: 6, ask: 7, askQty: 8, volume: 9, oi: 10 } as const;
export const STRIDE = 11;

/** What the store knows about an instrument (all but `key` optional; import registers by key only). */
export interface InstrumentInfo {
  key: string;
  symbol?: string;
  underlying?: string;
  /** 'YYYY-MM-DD'. */
  expiry?: string;
  strike?: number;
  side?: 'CE' | 'PE';
  /** Price units per currency unit; 100 (paise/cents) unless prices carry more decimals. */
  priceScale?: number;
}

export interface RetentionPolicy {
  /** Keep ticks and chain snapshots this many days (0 = forever). */
  tickDays: number;
  /** Keep 1-minute candles this many days (0 = forever). */
  candleDays: number;
  /** Delete the oldest ticks/snapshots while the data exceeds this many bytes (0 = no limit). */
  maxBytes: number;
}

export interface ChainSnapshotLeg {
  strike: number;
  side: 'CE' | 'PE';
  instrumentKey: string | null;
  ltp: number | null; bid: number | null; ask: number | null;
  bidQty: number | null; askQty: number | null; volume: number | null; oi: number | null;
  iv: number | null; delta: number | null; gamma: number | null; theta: number | null; vega: number | null; rho: number | null;
}

export interface ChainSnapshot {
  ts: number;
  underlying: string;
  expiry: string;
  underlyingLtp: number | null;
  forward: number | null;
  atmStrike: number | null;
  timeToExpiry: number | null;
  /** The chain metrics as the chain model has them (market_metrics), kept as JSON. */
  metrics: Record<string, number | null>;
  legs: ChainSnapshotLeg[];
}

export interface WriterConfig {
  file: string;
  retention: RetentionPolicy;
  journalSizeLimit: number;
  checkpointMs: number;
  retentionCheckMs: number;
  session: SessionSpec;
  /**
   * Fault injection for tests and the fault bench (the writer's I/O layer): while this file
   * exists, every write transaction fails at commit and rolls back, with the SQLite code the file
   * holds (SQLITE_FULL, default, or SQLITE_IOERR for EIO). Null in normal use.
   */
  faultFile: string | null;
}

export type ToWriter =
  | { type: 'instrument'; idx: number; info: InstrumentInfo }
  | { type: 'ticks'; batch: number; rows: number; data: Float64Array }
  | { type: 'chain'; batch: number; snapshot: ChainSnapshot }
  | { type: 'rebuild'; batch: number; keys: string[]; from: number; to: number }
  | { type: 'retention'; batch: number; now: number }
  | { type: 'close' };

export interface WriterCounters {
  written: number;
  rejected: number;
  duplicates: number;
  batches: number;
  candlesWritten: number;
  snapshots: number;
  checkpoints: number;
  retentionDeleted: number;
}

export type FromWriter =
  | { type: 'ready'; version: number }
  /** `data`: a tick batch's buffer, transferred back for reuse (no allocation per batch). */
  | { type: 'committed'; batch: number; rows: number; ms: number; counters: WriterCounters; data?: Float64Array<ArrayBuffer> }
  /** `code`: SQLite's code (SQLITE_FULL, SQLITE_IOERR, SQLITE_CORRUPT, …) or errno code, when known. */
  | { type: 'error'; batch: number | null; message: string; code: string | null }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'closed'; counters: WriterCounters };

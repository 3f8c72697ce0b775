// Readers for the real NIFTY files in ../shared/data (see its README §3), shared by tests.
import { join } from 'node:path';
import { readSharedText, sharedDataPath } from '../helpers/shared-data.ts';
import { wallToEpoch } from '../../src/main/engine/candles/session.ts';
import type { Candle } from '../../src/shared/history.ts';

// Resolved when a test file imports this: a missing folder fails that file at once, naming the path.
export const NIFTY_DATA = sharedDataPath('nifty_index_intraday');
export const PER_SECOND_FILE = sharedDataPath('nifty_index_intraday/NIFTY50_persecond_2022-11-01.csv');

export function istEpoch(date: string, hh: number, mm: number, ss = 0): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return wallToEpoch(y, mo, d, hh, mm, 'Asia/Kolkata') + ss * 1000;
}

/** The vendor's 1m bars of 2022-11-01, keyed by bar START (the file labels bars by their END minute). */
export function vendorBars(): Map<number, Candle> {
  const bars = new Map<number, Candle>();
  for (const line of readSharedText(join('nifty_index_intraday', 'NIFTY_1min_2022-11-01.txt')).split('\n')) {
    const f = line.trim().split(',');
    if (f.length < 7) continue;
    const [, ymd, hhmm, o, h, l, c] = f as [string, string, string, string, string, string, string];
    const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
    const start = istEpoch(`${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`, hh, mm) - 60_000;
    bars.set(start, { time: start, open: Number(o), high: Number(h), low: Number(l), close: Number(c), volume: 0, oi: null });
  }
  return bars;
}

/** Vendor 09:17 … 15:30 (END labels) = our bars starting 09:16 … 15:29: the 374 compared bars. */
export const COMPARED_FIRST = istEpoch('2022-11-01', 9, 16);
export const COMPARED_LAST = istEpoch('2022-11-01', 15, 29);

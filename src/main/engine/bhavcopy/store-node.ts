// Where `optick import bhavcopy` keeps the previous close's OI: <dataDir>/prev-oi-bhavcopy.json
// (one trade date; a new import replaces it, written atomically, mode 0600). Runtime: node.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nseTemplate from '../../../../resources/trading-hours/nse.json' with { type: 'json' };
import { parseHolidayFile, previousTradingDay, tradingHolidays } from '../instruments/expiry-calendar.ts';
import type { SavedBhavcopy } from './baseline.ts';
import { BhavcopyError, contractId, type Bhavcopy } from './parse.ts';

export const BHAVCOPY_FILE = 'prev-oi-bhavcopy.json';

const holidays = tradingHolidays(parseHolidayFile(nseTemplate.holidays, 'resources/trading-hours/nse.json holidays'));

/** The NSE session before `date` (weekends and the NSE template's holidays skipped). */
export function previousSession(date: string): string {
  return previousTradingDay(date, holidays);
}

/** The option rows of a parsed bhavcopy as what the data dir keeps. */
export function toSaved(b: Bhavcopy, source: string, now: number): SavedBhavcopy {
  const oi: Record<string, number> = {};
  for (const r of b.rows) if (r.strike !== null && r.side) oi[contractId(r.symbol, r.expiry, r.strike, r.side)] = r.oi;
  return { trade_date: b.tradeDate, source, imported_at: now, oi };
}

export function saveBhavcopy(dataDir: string, saved: SavedBhavcopy): string {
  const file = join(dataDir, BHAVCOPY_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(saved), { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}

/** The imported bhavcopy, null when none; a damaged file → BhavcopyError naming it (the file is kept). */
export function loadBhavcopy(dataDir: string): SavedBhavcopy | null {
  const file = join(dataDir, BHAVCOPY_FILE);
  if (!existsSync(file)) return null;
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new BhavcopyError(`${file} is not valid JSON (${(err as Error).message}); re-run optick import bhavcopy`);
  }
  const s = v as Partial<SavedBhavcopy> | null;
  if (!s || typeof s.trade_date !== 'string' || typeof s.oi !== 'object' || s.oi === null || typeof s.source !== 'string') {
    throw new BhavcopyError(`${file} is not an imported bhavcopy (trade_date, source, oi expected); re-run optick import bhavcopy`);
  }
  return s as SavedBhavcopy;
}

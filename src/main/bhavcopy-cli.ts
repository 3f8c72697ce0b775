// `optick import bhavcopy FILE.csv`: the previous session's closing OI from an NSE F&O bhavcopy
// (UDiFF), for ΔOI and buildup when Optick has no history of that session. Runtime: node.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { previousSession, saveBhavcopy, toSaved } from './engine/bhavcopy/store-node.ts';
import { parseBhavcopy } from './engine/bhavcopy/parse.ts';
import { zonedDate } from './engine/instruments/expiry-calendar.ts';
import { HistoryCliError } from './history-cli.ts';
import { DEFAULT_UNDERLYINGS, defaultDataDir } from './host/runtime.ts';

export const BHAVCOPY_USAGE = 'usage: optick import bhavcopy FILE.csv [--underlyings NIFTY,BANKNIFTY] [--today YYYY-MM-DD] [--data-dir DIR]';

/** Exit code 0: imported; 1: imported, but some rows were bad (listed by line). Unusable files throw. */
export function runBhavcopyImport(argv: string[], stderr: { write(s: string): unknown } = process.stderr, now = Date.now()): number {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { underlyings: { type: 'string' }, today: { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  const [csv, ...extra] = positionals;
  if (!csv || extra.length) throw new HistoryCliError(BHAVCOPY_USAGE);
  if (!existsSync(csv)) throw new HistoryCliError(`import bhavcopy: ${csv} does not exist`);
  const underlyings = values.underlyings ? values.underlyings.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) : DEFAULT_UNDERLYINGS;
  const today = values.today ?? zonedDate(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new HistoryCliError(`--today must be YYYY-MM-DD, got '${today}'`);
  const source = resolve(csv);
  const b = parseBhavcopy(readFileSync(csv, 'utf8'), csv, new Set(underlyings));
  const options = b.rows.filter((r) => r.side !== null);
  if (!options.length) {
    throw new HistoryCliError(`${csv} has no option rows of ${underlyings.join(', ')} (symbols in it: ${b.symbols.slice(0, 12).join(', ') || 'none'}${b.symbols.length > 12 ? ', …' : ''}); import the bhavcopy of the underlyings Optick shows`);
  }
  const expected = previousSession(today);
  if (b.tradeDate !== expected) {
    throw new HistoryCliError(`${csv} is the bhavcopy of ${b.tradeDate}; today's (${today}) previous close is the session of ${expected}: import that day's F&O bhavcopy (or pass --today for another day)`);
  }
  for (const e of b.errors) stderr.write(`  ${csv}:${e.line}: ${e.message}\n`);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const file = saveBhavcopy(dataDir, toSaved(b, source, now));
  const bySymbol = new Map<string, number>();
  for (const r of options) bySymbol.set(r.symbol, (bySymbol.get(r.symbol) ?? 0) + 1);
  stderr.write(`optick import bhavcopy: ${[...bySymbol].map(([s, n]) => `${n} ${s} options`).join(', ')} of ${b.tradeDate} (previous close for ${today}); ${b.ignored} rows of other symbols ignored, ${b.errors.length} bad rows → ${file} (a running Optick on this data dir takes it within a second)\n`);
  return b.errors.length ? 1 : 0;
}

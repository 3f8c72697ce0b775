// `optick export …` and `optick import ticks …`: the tick store in --data-dir, without a running app.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { ExportKind, ExportRequest } from '../shared/history.ts';
import type { ReplaySpeed } from '../shared/replay.ts';
import { REPLAY_SPEEDS } from './engine/feeds/replay/replay-feed.ts';
import { NSE_SESSION } from './engine/candles/session.ts';
import { TICKS_DB } from './engine/history/history-service.ts';
import { importInstrument, SymbolIndex } from './engine/history/instruments.ts';
import { parseInterval, parseRange, parseSymbols } from './engine/history/params.ts';
import { exportCsv } from './engine/store/csv-export.ts';
import { importTicksCsv } from './engine/store/csv-import.ts';
import { StoreReader } from './engine/store/store-reader.ts';
import { openTickStore } from './engine/store/tick-store.ts';
import { defaultDataDir } from './host/runtime.ts';

export const HISTORY_HELP = `  export  write ticks, candles or chain snapshots from the tick store as CSV
            optick export ticks|candles|chain --from ISO|ms|YYYY-MM-DD --to ISO|ms|YYYY-MM-DD
            (--symbol S[,S…] | --underlying U [--expiry YYYY-MM-DD]) [--interval 1m]
            [--out FILE|-] [--data-dir DIR]
  import  load external tick history: optick import ticks --symbol NIFTY file.csv [--data-dir DIR]
`;

export class HistoryCliError extends Error {
  override name = 'HistoryCliError';
}

const KINDS: readonly ExportKind[] = ['ticks', 'candles', 'chain'];

function storeFile(dataDir: string | undefined): string {
  return join(resolve(dataDir ?? defaultDataDir()), TICKS_DB);
}

export async function runExportCommand(argv: string[], stdout: Writable = process.stdout): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' }, to: { type: 'string' }, symbol: { type: 'string' }, symbols: { type: 'string' },
      underlying: { type: 'string' }, expiry: { type: 'string' }, interval: { type: 'string' }, out: { type: 'string' }, 'data-dir': { type: 'string' },
    },
    strict: true,
  });
  const kind = positionals[0] as ExportKind;
  if (!KINDS.includes(kind) || positionals.length !== 1) throw new HistoryCliError(`export what? ticks, candles or chain (got ${positionals.join(' ') || 'nothing'})`);
  const file = storeFile(values['data-dir']);
  if (!existsSync(file)) throw new HistoryCliError(`no tick store at ${file} (pass --data-dir)`);
  const range = parseRange(values.from, values.to, NSE_SESSION.timeZone);
  const reader = new StoreReader(file, NSE_SESSION);
  try {
    const req: ExportRequest = { kind, ...range };
    const symbols = parseSymbols(values.symbols ?? values.symbol);
    if (symbols) {
      const index = new SymbolIndex(null, () => reader.instruments());
      req.instruments = symbols.map((s) => index.resolve(s));
    }
    if (values.underlying) req.underlying = values.underlying.toUpperCase();
    if (values.expiry) req.expiry = values.expiry;
    if (kind === 'candles') req.interval = parseInterval(values.interval ?? '1m');
    if (kind !== 'chain' && !symbols && !values.underlying) throw new HistoryCliError(`export ${kind}: pass --symbol S[,S…] or --underlying U [--expiry D]`);
    const toFile = values.out !== undefined && values.out !== '-';
    const out = toFile ? createWriteStream(resolve(values.out!)) : stdout;
    const abort = new AbortController();
    const stop = (): void => abort.abort(new Error('interrupted'));
    process.once('SIGINT', stop);
    try {
      const p = await exportCsv(reader, req, out, { signal: abort.signal, end: toFile });
      if (toFile) await new Promise<void>((done, fail) => { if (out.writableFinished) done(); else { out.once('finish', done); out.once('error', fail); } });
      process.stderr.write(`optick export ${kind}: ${p.rows} rows, ${p.bytes} bytes${toFile ? ` → ${resolve(values.out!)}` : ''}\n`);
    } finally {
      process.off('SIGINT', stop);
    }
    return 0;
  } finally {
    reader.close();
  }
}

export async function runImportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { symbol: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  const [what, csv, ...extra] = positionals;
  if (what !== 'ticks' || !csv || extra.length) throw new HistoryCliError('usage: optick import ticks --symbol NIFTY file.csv [--data-dir DIR]');
  if (!values.symbol) throw new HistoryCliError('import ticks: --symbol is required (NIFTY, BANKNIFTY or an OpenAlgo option symbol)');
  if (!existsSync(csv)) throw new HistoryCliError(`import ticks: ${csv} does not exist`);
  const file = storeFile(values['data-dir']);
  const stored = existsSync(file) ? (() => { const r = new StoreReader(file); try { return r.instruments(); } finally { r.close(); } })() : [];
  const instrument = importInstrument(values.symbol, stored);
  const store = await openTickStore({ file, session: NSE_SESSION, retention: { tickDays: 0 } });
  try {
    const r = await importTicksCsv(createReadStream(csv), { store, instrument });
    for (const e of r.errors) process.stderr.write(`  ${e}\n`);
    const span = r.from === null ? '' : ` ${new Date(r.from).toISOString()} … ${new Date(r.to!).toISOString()}`;
    process.stderr.write(`optick import ticks: ${r.rows} ticks of ${instrument.key} (${instrument.symbol})${span}; ${r.skipped} lines skipped, ${r.dropped} dropped → ${file}\n`);
    return r.rows > 0 && r.dropped === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** `serve --replay FROM..TO [--speed 1|10|100|max]` → the runtime's replay feed config. */
export function replayFeedOption(range: string, speed: string | undefined): { kind: 'replay'; from: number; to: number; speed: ReplaySpeed } {
  const parts = range.split('..');
  if (parts.length !== 2) throw new HistoryCliError(`--replay wants FROM..TO (ISO, epoch ms or YYYY-MM-DD), got '${range}'`);
  const { from, to } = parseRange(parts[0], parts[1], NSE_SESSION.timeZone);
  const s = speed === undefined ? 1 : speed === 'max' ? 'max' : Number(speed);
  if (!REPLAY_SPEEDS.includes(s as ReplaySpeed)) throw new HistoryCliError(`--speed must be 1, 10, 100 or max, got '${speed}'`);
  return { kind: 'replay', from, to, speed: s as ReplaySpeed };
}

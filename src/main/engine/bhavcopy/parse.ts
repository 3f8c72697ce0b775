// NSE F&O bhavcopy, the UDiFF layout (BhavCopy_NSE_FO_0_0_0_YYYYMMDD_F_0000.csv, also split by
// symbol as in shared/data/nse_fo_bhavcopy). Pure (std runtime): text in, option rows out, every
// bad row reported by its line number, rows of other symbols counted and ignored.
//
// Units as NSE publishes them: OpnIntrst and ChngInOpnIntrst in units (shares = lots × lot
// size, like Upstox's `oi`), TtlTradgVol in contracts.

export interface BhavcopyRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  /** TckrSymb, e.g. 'NIFTY'. */
  symbol: string;
  /** FinInstrmTp: IDO index option, IDF index future, STO stock option, STF stock future. */
  instrument: string;
  /** XpryDt, 'YYYY-MM-DD'. */
  expiry: string;
  /** StrkPric (options); null for futures. */
  strike: number | null;
  /** OptnTp; null for futures. */
  side: 'CE' | 'PE' | null;
  /** FinInstrmNm, e.g. 'NIFTY26MAR22900CE'. */
  name: string;
  close: number | null;
  settle: number | null;
  prevClose: number | null;
  /** OpnIntrst, units. */
  oi: number;
  /** ChngInOpnIntrst, units: NSE's own change vs the previous day. */
  oiChange: number | null;
  lotSize: number | null;
}

export interface BhavcopyLineError {
  line: number;
  message: string;
}

export interface Bhavcopy {
  /** TradDt of every row, 'YYYY-MM-DD'. */
  tradeDate: string;
  /** Rows of the wanted symbols (all symbols when none were named). */
  rows: BhavcopyRow[];
  /** Symbols present in the file, sorted (to name them when none is wanted). */
  symbols: string[];
  /** Rows of other symbols, ignored. */
  ignored: number;
  errors: BhavcopyLineError[];
}

export class BhavcopyError extends Error {
  override name = 'BhavcopyError';
}

const REQUIRED = ['TradDt', 'Sgmt', 'FinInstrmTp', 'TckrSymb', 'XpryDt', 'StrkPric', 'OptnTp', 'FinInstrmNm', 'OpnIntrst', 'ChngInOpnIntrst'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function num(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  const v = Number(raw);
  return Number.isFinite(v) ? v : NaN;
}

/**
 * Parses a UDiFF F&O bhavcopy. `symbols` (upper case) keeps only those underlyings. Throws
 * BhavcopyError for a file that is not one (missing columns, a cash-market segment, rows of
 * several trade dates); a malformed row is reported in `errors` by line and skipped.
 */
export function parseBhavcopy(text: string, source: string, symbols?: ReadonlySet<string>): Bhavcopy {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').split(',').map((h) => h.trim());
  const col = new Map(header.map((h, i) => [h, i]));
  const missing = REQUIRED.filter((c) => !col.has(c));
  if (missing.length) {
    throw new BhavcopyError(`${source} is not an NSE F&O bhavcopy in the UDiFF layout: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header: ${header.slice(0, 6).join(',')}…)`);
  }
  const at = (cells: string[], name: string): string | undefined => {
    const i = col.get(name);
    return i === undefined ? undefined : cells[i]?.trim();
  };
  const rows: BhavcopyRow[] = [];
  const errors: BhavcopyLineError[] = [];
  const seen = new Set<string>();
  const dates = new Map<string, number>();
  let ignored = 0;
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '') continue;
    const line = i + 1;
    const cells = text.split(',');
    const segment = at(cells, 'Sgmt');
    if (segment !== 'FO') {
      if (segment === 'CM') throw new BhavcopyError(`${source} is a cash-market (CM) bhavcopy, not F&O (line ${line}); import the F&O file (BhavCopy_NSE_FO_…csv)`);
      errors.push({ line, message: `segment '${segment ?? ''}' is not FO` });
      continue;
    }
    const symbol = at(cells, 'TckrSymb') ?? '';
    if (!symbol) { errors.push({ line, message: 'no TckrSymb' }); continue; }
    seen.add(symbol);
    if (symbols && !symbols.has(symbol)) { ignored++; continue; }
    const tradeDate = at(cells, 'TradDt') ?? '';
    if (!DATE.test(tradeDate)) { errors.push({ line, message: `TradDt '${tradeDate}' is not YYYY-MM-DD` }); continue; }
    const instrument = at(cells, 'FinInstrmTp') ?? '';
    const expiry = at(cells, 'XpryDt') ?? '';
    if (!DATE.test(expiry)) { errors.push({ line, message: `XpryDt '${expiry}' is not YYYY-MM-DD` }); continue; }
    const isOption = instrument === 'IDO' || instrument === 'STO';
    const sideRaw = at(cells, 'OptnTp') ?? '';
    const side = sideRaw === 'CE' || sideRaw === 'PE' ? sideRaw : null;
    if (isOption && !side) { errors.push({ line, message: `OptnTp '${sideRaw}' is not CE or PE` }); continue; }
    const strike = isOption ? num(at(cells, 'StrkPric')) : null;
    if (isOption && !(strike !== null && strike > 0)) { errors.push({ line, message: `StrkPric '${at(cells, 'StrkPric') ?? ''}' is not a positive number` }); continue; }
    const oi = num(at(cells, 'OpnIntrst'));
    if (oi === null || Number.isNaN(oi) || oi < 0) { errors.push({ line, message: `OpnIntrst '${at(cells, 'OpnIntrst') ?? ''}' is not a number >= 0` }); continue; }
    const oiChange = num(at(cells, 'ChngInOpnIntrst'));
    if (Number.isNaN(oiChange)) { errors.push({ line, message: `ChngInOpnIntrst '${at(cells, 'ChngInOpnIntrst')}' is not a number` }); continue; }
    const price = (name: string): number | null => { const v = num(at(cells, name)); return v === null || Number.isNaN(v) ? null : v; };
    dates.set(tradeDate, (dates.get(tradeDate) ?? 0) + 1);
    rows.push({
      line, symbol, instrument, expiry, strike, side, name: at(cells, 'FinInstrmNm') ?? '',
      close: price('ClsPric'), settle: price('SttlmPric'), prevClose: price('PrvsClsgPric'),
      oi, oiChange, lotSize: price('NewBrdLotQty'),
    });
  }
  if (dates.size > 1) {
    throw new BhavcopyError(`${source} mixes trade dates ${[...dates.keys()].sort().join(', ')}; a bhavcopy is one session`);
  }
  return { tradeDate: [...dates.keys()][0] ?? '', rows, symbols: [...seen].sort(), ignored, errors };
}

/** Contract identity independent of any broker key: 'NIFTY|2026-03-30|22900|CE'. */
export function contractId(symbol: string, expiry: string, strike: number, side: 'CE' | 'PE'): string {
  return `${symbol}|${expiry}|${strike}|${side}`;
}

/** A row's contract: its option identity, or 'SYMBOL|EXPIRY|FUT' for a future. */
export function rowContract(r: BhavcopyRow): string {
  return r.strike !== null && r.side ? contractId(r.symbol, r.expiry, r.strike, r.side) : `${r.symbol}|${r.expiry}|FUT`;
}

/**
 * OI change of every row (options and futures) of `today` against `previous` (the session
 * before): OI today − OI then; a contract new today changes by its whole OI.
 */
export function oiChangeBetween(previous: readonly BhavcopyRow[], today: readonly BhavcopyRow[]): Map<BhavcopyRow, number> {
  const before = new Map<string, number>();
  for (const r of previous) before.set(rowContract(r), r.oi);
  const out = new Map<BhavcopyRow, number>();
  for (const r of today) out.set(r, r.oi - (before.get(rowContract(r)) ?? 0));
  return out;
}

// A chart's title in trader's words: NIFTY23NOV2626000CE → "NIFTY 26000 CE" with "23 Nov 26" beside it;
// an underlying name stays as it is. Symbols that do not parse are shown whole.

const OPTION = /^([A-Z&-]+?)(\d{2})([A-Z]{3})(\d{2})(\d+(?:\.\d+)?)(CE|PE)$/;

export interface SymbolLabel {
  title: string;
  detail: string | null;
}

export function describeSymbol(symbol: string): SymbolLabel {
  const m = OPTION.exec(symbol);
  if (!m) return { title: symbol, detail: null };
  const [, name, day, month, year, strike, right] = m;
  const mon = `${month!.charAt(0)}${month!.slice(1).toLowerCase()}`;
  return { title: `${name} ${strike} ${right}`, detail: `${day} ${mon} ${year} · ${symbol}` };
}

// Which option a click in the chain grid means: any cell of a call column (colId 'ce.…') charts
// that row's call, of a put column its put; strike, tag and empty legs mean nothing.
import type { ChainRow } from '../../../shared/chain.ts';

export function symbolOfCell(colId: string | null | undefined, row: ChainRow | null | undefined): string | null {
  if (!row || !colId) return null;
  const leg = colId.startsWith('ce.') ? row.ce_data : colId.startsWith('pe.') ? row.pe_data : null;
  return leg?.symbol || null;
}

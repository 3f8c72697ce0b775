// The alert log as CSV, like the history exports: ISO-8601 in the exchange's zone with its
// offset, and epoch ms beside it; RFC 4180 quoting.
import type { AlertLogEntry } from '../../../shared/alerts.ts';
import { IsoInZone, num, text } from '../store/csv-format.ts';

export const ALERT_LOG_CSV_HEADER = 'id,time,time_ms,rule_id,symbol,instrument_key,kind,field,op,level,price,pnl,position_id,message';

export function alertLogCsv(entries: readonly AlertLogEntry[], timeZone: string): string {
  const iso = new IsoInZone(timeZone);
  const lines = [ALERT_LOG_CSV_HEADER];
  for (const e of entries) {
    lines.push([
      e.id, iso.format(e.time), e.time, text(e.rule_id), text(e.symbol), text(e.instrument_key), e.kind, e.field, e.op,
      num(e.level), num(e.price), num(e.pnl), text(e.position_id), text(e.message),
    ].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

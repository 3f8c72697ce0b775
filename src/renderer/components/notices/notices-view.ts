// What the notices banner shows: the engine's standing notices (corrupt config files, history
// off, a replaced API token, …), errors first, each with the file and what to do, minus the
// ones the trader has dismissed (a dismissed notice comes back when its text changes).
import type { Notice } from '../../../shared/status.ts';

export interface NoticeRow {
  /** Dismissal key: the notice as it reads now (id + text), so a changed notice shows again. */
  key: string;
  id: string;
  level: 'error' | 'warn' | 'info';
  source: string;
  message: string;
  file: string | null;
  action: string | null;
}

export interface NoticesView {
  rows: NoticeRow[];
  /** Notices beyond the shown rows (the banner stays a few lines tall). */
  more: number;
}

const LEVEL: Record<Notice['severity'], NoticeRow['level']> = { error: 'error', warning: 'warn', info: 'info' };
const RANK: Record<Notice['severity'], number> = { error: 0, warning: 1, info: 2 };

export function noticeKey(n: Notice): string {
  return `${n.id}\u0000${n.severity}\u0000${n.message}\u0000${n.file ?? ''}\u0000${n.action ?? ''}`;
}

export function noticesView(notices: readonly Notice[] | undefined | null, dismissed: ReadonlySet<string>, maxRows = 3): NoticesView {
  const open = (notices ?? [])
    .filter((n) => !dismissed.has(noticeKey(n)))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.since - b.since);
  const rows = open.slice(0, maxRows).map((n): NoticeRow => ({
    key: noticeKey(n), id: n.id, level: LEVEL[n.severity], source: n.source, message: n.message,
    // The message often names the file already; show it apart only when it does not.
    file: n.file && !n.message.includes(n.file) ? n.file : null,
    action: n.action ?? null,
  }));
  return { rows, more: open.length - rows.length };
}

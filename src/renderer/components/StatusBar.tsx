// Bottom bar: chain metrics the grid does not show and the engine's health counters.
import { useStore } from 'zustand';
import { formatQty, formatStrike } from '../format.ts';
import { feedMessageOf } from '../stores/screen-store.ts';
import type { ScreenStore } from '../stores/screen-store.ts';
import type { ConnectionInfo } from '../api/transport.ts';

const ratio2 = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function linkNotice(info: ConnectionInfo): string | null {
  if (info.state === 'open') return null;
  if (info.state === 'connecting') return 'Connecting to Optick…';
  const retry = info.retryInMs === null ? '' : `; retrying in ${Math.max(1, Math.round(info.retryInMs / 1000))} s`;
  return `Link to Optick lost (${info.message ?? 'no reason given'}): values shown are frozen${retry}`;
}

export function StatusBar({ store }: { store: ScreenStore }) {
  const metrics = useStore(store, (s) => s.metrics);
  const rowCount = useStore(store, (s) => s.rowCount);
  const status = useStore(store, (s) => s.status);
  const host = useStore(store, (s) => s.host);
  const error = useStore(store, (s) => s.error);
  const linkMessage = useStore(store, (s) => linkNotice(s.connection));
  const feedMessage = feedMessageOf(status);
  const feed = status?.feeds[0];
  const notice = error ?? linkMessage ?? feedMessage;

  return (
    <footer className="status-bar">
      <span className="status-item"><b>PCR</b> {metrics?.pcr == null ? '—' : ratio2.format(metrics.pcr)}</span>
      <span className="status-item"><b>Max pain</b> {formatStrike(metrics?.max_pain) || '—'}</span>
      <span className="status-item"><b>CE OI</b> {formatQty(metrics?.total_ce_oi) || '—'}</span>
      <span className="status-item"><b>PE OI</b> {formatQty(metrics?.total_pe_oi) || '—'}</span>
      <span className="status-item"><b>Strikes</b> {rowCount}</span>
      <span className={`status-notice ${error ? 'error' : ''}`} data-testid="status-notice" title={notice ?? undefined}>{notice ?? ''}</span>
      {feed && (
        <span className="status-item muted">
          dropped {formatQty(feed.ticks_dropped)} · decode errors {formatQty(feed.decode_errors)} · reconnects {formatQty(feed.reconnects)}
        </span>
      )}
      <span className="status-item muted">{host === 'electron' ? 'desktop' : 'browser'}</span>
    </footer>
  );
}

// Bottom bar: chain metrics the grid does not show, the engine's health counters, the live
// latency (socket → painted, p50/p99 over the last minute) and a "falling behind" badge naming
// the side that is behind: the engine (its feed queue, shedding) or the page (delta sent → painted).
import { useStore } from 'zustand';
import { formatQty, formatStrike } from '../format.ts';
import { fallingBehindOf, feedMessageOf, pageBehindOf } from '../stores/screen-store.ts';
import type { ScreenStore } from '../stores/screen-store.ts';
import type { ConnectionInfo } from '../api/transport.ts';

const ratio2 = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ms = (v: number | null | undefined) => (v == null ? '—' : v < 10 ? v.toFixed(1) : String(Math.round(v)));
const LATENCY_TITLE = 'Socket → screen: from Optick receiving a tick\'s frame to the grid showing it painted; p50 / p99 over the last minute. Engine part: socket → delta sent.';

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
  const latency = useStore(store, (s) => s.latency?.socket_to_painted);
  const behind = fallingBehindOf(status);
  const pageBehind = useStore(store, (s) => pageBehindOf(s.latency)?.lagMs ?? null);
  const engineLatency = feed?.engine_latency_ms;
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
      {(behind || pageBehind !== null) && (
        <span
          className="status-badge behind" data-testid="falling-behind" data-side={[behind && 'engine', pageBehind !== null && 'page'].filter(Boolean).join(' ')}
          title={[
            behind && `Engine: ${behind.feed} is more than 1 s behind or shedding: intermediate quotes are coalesced (trades and OI are never dropped).`,
            pageBehind !== null && 'Page: this window shows deltas more than 1 s after the engine sent them (p99 over the last 5 s, or a delta waiting unshown); the engine keeps up, the screen does not.',
          ].filter(Boolean).join(' ')}
        >
          falling behind:{behind ? ` engine${behind.behindMs != null && behind.behindMs > 0 ? ` ${(behind.behindMs / 1000).toFixed(1)} s` : ''} · shed ${formatQty(behind.shed)}` : ''}{behind && pageBehind !== null ? ';' : ''}{pageBehind !== null ? ` page ${(pageBehind / 1000).toFixed(1)} s` : ''}
        </span>
      )}
      <span className="status-item" data-testid="latency" title={LATENCY_TITLE}>
        <b>Latency</b> {ms(latency?.p50)} / {ms(latency?.p99)} ms{engineLatency?.p50 != null ? ` (engine ${ms(engineLatency.p50)} / ${ms(engineLatency.p99)})` : ''}
      </span>
      <span className="status-item muted">{host === 'electron' ? 'desktop' : 'browser'}</span>
    </footer>
  );
}

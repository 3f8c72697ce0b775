// The feed's health (state, reconnects, stalls, last frame age, exchange segments) and the
// keys subscribed per mode as bars against Upstox's limits (alone / combined).
import type { FeedState } from '../../../shared/status.ts';
import { formatQty, formatTimeIst } from '../../format.ts';
import type { FeedView, ModeRow } from './upstox-view.ts';
import { formatAge, segmentLabel } from './upstox-view.ts';

const TONE: Record<FeedState, string> = {
  connected: 'good', connecting: 'warn', reconnecting: 'warn', stalled: 'warn', idle: 'idle', disconnected: 'bad', error: 'bad',
};

export function FeedCard({ feed, simulator }: { feed: FeedView; simulator: boolean }) {
  const segments = Object.entries(feed.segments).sort(([a], [b]) => a.localeCompare(b));
  const staleAfter = feed.stallMs ?? 10_000;
  return (
    <section className="ux-card" data-testid="upstox-feed">
      <header className="ux-card-head">
        <h3>Feed {simulator && <span className="ux-muted">· simulator</span>}</h3>
        <span className={`pill ${feed.state ? TONE[feed.state] : 'idle'}`} data-testid="upstox-feed-state" data-state={feed.state ?? 'unknown'}>{feed.state ?? 'unknown'}</span>
      </header>
      {feed.message && <p className="ux-advice warn">{feed.message}</p>}
      <div className="ux-metrics">
        <Metric label="Last frame" value={formatAge(feed.lastFrameAgeMs)} testId="upstox-last-frame" warn={feed.lastFrameAgeMs !== null && feed.lastFrameAgeMs > staleAfter / 2} />
        <Metric label="Reconnects" value={feed.reconnects === null ? '—' : formatQty(feed.reconnects)} testId="upstox-reconnects" warn={(feed.reconnects ?? 0) > 0} />
        <Metric label="Stalls" value={feed.stalls === null ? '—' : formatQty(feed.stalls)} warn={(feed.stalls ?? 0) > 0} />
        <Metric label="Connected since" value={feed.connectedSince === null ? '—' : `${formatTimeIst(feed.connectedSince)} IST`} />
      </div>
      {feed.stallMs !== null && (
        <p className="ux-muted ux-small">
          Silent for {formatAge(feed.stallMs)} in market hours counts as a stall and reconnects
          {feed.lastActivityAgeMs !== null && <> · last frame or ping {formatAge(feed.lastActivityAgeMs)} ago</>}.
        </p>
      )}
      <div className="ux-segments" data-testid="upstox-segments">
        <span className="ux-label">Segments</span>
        {segments.length === 0 && <span className="ux-muted">no market_info yet</span>}
        {segments.map(([seg, st]) => {
          const { text, tone } = segmentLabel(st);
          return <span key={seg} className={`ux-seg ${tone}`} title={st}><b>{seg}</b> {text}</span>;
        })}
      </div>
    </section>
  );
}

function Metric({ label, value, testId, warn }: { label: string; value: string; testId?: string; warn?: boolean }) {
  return (
    <div className="ux-metric">
      <span className="ux-label">{label}</span>
      <span className={warn ? 'ux-value warn' : 'ux-value'} data-testid={testId}>{value}</span>
    </div>
  );
}

export function SubscriptionBars({ rows, refused }: { rows: ModeRow[]; refused: string | null }) {
  const mixed = rows.filter((r) => r.count > 0).length > 1;
  return (
    <section className="ux-card" data-testid="upstox-subscriptions">
      <header className="ux-card-head">
        <h3>Subscriptions by mode</h3>
        <span className="ux-muted">{mixed ? 'modes mixed: combined limits apply' : 'one mode: its own limit applies'}</span>
      </header>
      {refused && <p className="ux-error">{refused}</p>}
      <div className="ux-bars">
        {rows.map((r) => (
          <div className={r.over ? 'ux-bar-row over' : 'ux-bar-row'} key={r.mode} data-testid={`upstox-sub-${r.mode}`} data-count={r.count} data-limit={r.limit ?? ''}>
            <span className="ux-bar-label">{r.label}</span>
            <span className="ux-bar"><span className="ux-bar-fill" style={{ width: `${(r.fill * 100).toFixed(1)}%` }} /></span>
            <span className="ux-bar-figure">
              <b>{formatQty(r.count)}</b> / {r.limit === null ? '—' : formatQty(r.limit)}
            </span>
            <span className="ux-bar-note">{r.alone === null ? '' : `${formatQty(r.alone)} alone · ${formatQty(r.combined)} mixed`}</span>
          </div>
        ))}
      </div>
    </section>
  );
}

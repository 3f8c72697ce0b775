// A 24-hour bar of the exchange's local day: sessions, the feed's connection window and now.
// Positions come from instants (day_start..day_end), so 23- and 25-hour DST days draw true.
import type { FeedHoursStatus } from '../../../shared/trading-hours.ts';
import { SESSION_LABEL, wallTime } from './describe.ts';

const pct = (x: number) => `${(Math.min(1, Math.max(0, x)) * 100).toFixed(3)}%`;

export function Timeline({ feed, now }: { feed: FeedHoursStatus; now: number }) {
  const { day_start: a, day_end: b, today } = feed.session;
  const span = b - a;
  const at = (t: number) => (t - a) / span;
  const ticks: number[] = [];
  for (let t = a; t < b; t += 3 * 3_600_000) ticks.push(t);
  const w = feed.window;
  return (
    <div className="th-timeline" data-testid={`th-timeline-${feed.feed}`}>
      <div className="th-track">
        {w && w.disconnect_at > a && w.connect_at < b && (
          <div className="th-window" title="Feed connected" style={{ left: pct(at(w.connect_at)), width: pct(at(w.disconnect_at) - at(w.connect_at)) }} />
        )}
        {today.map((s) => (
          <div key={`${s.kind}-${s.start}`} className={`th-seg th-${s.kind}`}
            title={`${SESSION_LABEL[s.kind]} ${wallTime(feed.time_zone, s.start)}–${s.end >= b ? '24:00' : wallTime(feed.time_zone, s.end)}`}
            style={{ left: pct(at(s.start)), width: pct(at(s.end) - at(s.start)) }} />
        ))}
        {now >= a && now < b && <div className="th-now" style={{ left: pct(at(now)) }} />}
      </div>
      <div className="th-ticks">
        {ticks.map((t) => <span key={t} style={{ left: pct(at(t)) }}>{wallTime(feed.time_zone, t)}</span>)}
      </div>
    </div>
  );
}

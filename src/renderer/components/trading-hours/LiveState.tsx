// Per feed: where the market stands, what the scheduler does next, today's timeline,
// and the force connect / disconnect override for off-hours testing.
import type { ForceMode, TradingHoursStatus } from '../../../shared/trading-hours.ts';
import { describePlan, describeSession } from './describe.ts';
import { Timeline } from './Timeline.tsx';

export function LiveState({ status, now, onForce }: {
  status: TradingHoursStatus | null; now: number; onForce: (feed: string, mode: ForceMode | null) => void;
}) {
  if (!status) return <div className="th-live th-muted">Loading trading hours…</div>;
  if (status.feeds.length === 0) return <div className="th-live th-muted">No feed follows a trading-hours template.</div>;
  const lastJump = status.clock_jumps.at(-1);
  return (
    <div className="th-live" data-testid="th-live">
      {status.feeds.map((f) => (
        <div key={f.feed} className="th-feed">
          <div className="th-feed-head">
            <span className="th-feed-name">{f.feed}</span>
            <span className="th-muted">{f.template_name}</span>
            <span className={`th-phase th-phase-${f.session.phase}`} data-testid={`th-state-${f.feed}`}>{describeSession(f.session, f.time_zone, now)}</span>
            <span className="th-spacer" />
            <span className="th-plan">{describePlan(f, now)}</span>
            {f.forced === null ? (
              <>
                <button type="button" onClick={() => onForce(f.feed, 'connect')}>Force connect</button>
                <button type="button" onClick={() => onForce(f.feed, 'disconnect')}>Force disconnect</button>
              </>
            ) : <button type="button" onClick={() => onForce(f.feed, null)}>Back to schedule</button>}
          </div>
          {f.last_error && <div className="th-error">{f.last_error}</div>}
          <Timeline feed={f} now={now} />
        </div>
      ))}
      {lastJump && <div className="th-muted">Clock jump seen {new Date(lastJump.at).toLocaleString()} ({Math.round((lastJump.actual_ms - lastJump.expected_ms) / 60_000)} min); schedule re-planned.</div>}
    </div>
  );
}

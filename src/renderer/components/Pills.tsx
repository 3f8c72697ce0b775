// Small coloured state badges: green = good, amber = degraded/working on it, red = down.
import type { FeedState } from '../../shared/status.ts';
import type { ConnectionInfo } from '../api/transport.ts';

const FEED_TONE: Record<FeedState, 'good' | 'warn' | 'bad' | 'idle'> = {
  connected: 'good',
  connecting: 'warn',
  reconnecting: 'warn',
  stalled: 'warn',
  idle: 'idle',
  disconnected: 'bad',
  error: 'bad',
};

export function FeedPill({ state }: { state: FeedState | null }) {
  const tone = state ? FEED_TONE[state] : 'idle';
  return <span className={`pill ${tone}`} data-testid="feed-state" data-state={state ?? 'unknown'}>{state ?? 'unknown'}</span>;
}

export function ConnectionPill({ info }: { info: ConnectionInfo }) {
  const tone = info.state === 'open' ? 'good' : 'warn';
  const text = info.state === 'reconnecting' && info.retryInMs !== null
    ? `retry ${Math.max(1, Math.round(info.retryInMs / 1000))}s`
    : info.state === 'open' ? 'live' : info.state;
  return (
    <span className={`pill ${tone}`} data-testid="connection-state" data-state={info.state} title={info.message ?? undefined}>
      {text}
    </span>
  );
}

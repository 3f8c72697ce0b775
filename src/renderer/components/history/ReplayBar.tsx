// Replay controls, shown only when the host plays the tick store back (`optick serve --replay`):
// play/pause, speed (1×, 10×, 100×, max) and a seek slider over [from, to) with the position in IST.
// Outside replay `replay.status` answers not_found and the bar renders nothing.
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../../shared/api.ts';
import type { ReplayControl, ReplaySpeed, ReplayStatus } from '../../../shared/replay.ts';
import type { Transport } from '../../api/transport.ts';
import { formatQty } from '../../format.ts';
import { toIstWall } from './export-form.ts';
import './history.css';

const SPEEDS: ReplaySpeed[] = [1, 10, 100, 'max'];
const POLL_MS = 500;

const istPosition = (ms: number): string => {
  const wall = toIstWall(ms);
  const seconds = new Date(ms).getUTCSeconds(); // IST is a whole-minute offset from UTC
  return `${wall.slice(0, 10)} ${wall.slice(11)}:${String(seconds).padStart(2, '0')} IST`;
};

/** `onSeek`: the replay clock jumped; charts reload their history for the new position. */
export function ReplayBar({ api, onSeek }: { api: Transport; onSeek?: () => void }) {
  const [status, setStatus] = useState<ReplayStatus | null>(null);
  const [absent, setAbsent] = useState(false);
  const [dragTo, setDragTo] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const s = await api.call('replay.status', {});
        if (stopped) return;
        setStatus(s);
      } catch (err) {
        if (stopped) return;
        if (err instanceof ApiError && err.code === 'not_found') { setAbsent(true); return; }
        console.warn('optick: replay.status failed', err);
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => { stopped = true; clearTimeout(timer); };
  }, [api]);

  const control = useCallback((req: ReplayControl) => {
    api.call('replay.control', req).then((s) => {
      setStatus(s);
      setError(null);
      if (req.action === 'seek') onSeek?.();
    }, (err: unknown) => setError((err as Error).message));
  }, [api, onSeek]);

  if (absent || !status) return null;
  const position = dragTo ?? status.position;
  const commitSeek = () => { if (dragTo !== null) { control({ action: 'seek', to: dragTo }); setDragTo(null); } };
  const playing = status.state === 'playing';

  return (
    <div className="replay-bar" data-testid="replay-bar" data-state={status.state}>
      <span className="replay-badge">Replay</span>
      <button type="button" className="tool-button replay-play" data-testid="replay-play"
        onClick={() => control({ action: playing ? 'pause' : 'play' })} title={playing ? 'Pause' : 'Play'}>
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <div className="segmented" role="radiogroup" aria-label="Replay speed">
        {SPEEDS.map((s) => (
          <button key={String(s)} type="button" role="radio" aria-checked={status.speed === s} data-testid={`replay-speed-${s}`}
            className={status.speed === s ? 'seg active' : 'seg'} onClick={() => control({ action: 'speed', speed: s })}>
            {s === 'max' ? 'max' : `${s}×`}
          </button>
        ))}
      </div>
      <span className="replay-edge">{istPosition(status.from)}</span>
      <input
        type="range" className="replay-seek" data-testid="replay-seek" aria-label="Replay position"
        min={status.from} max={Math.max(status.from, status.to - 1)} step={1000} value={position}
        onChange={(e) => setDragTo(Number(e.target.value))} onPointerUp={commitSeek} onKeyUp={commitSeek}
      />
      <span className="replay-edge">{istPosition(status.to)}</span>
      <span className="replay-position" data-testid="replay-position">{istPosition(position)}</span>
      <span className="replay-meta">{status.state} · {formatQty(status.ticks_played)} ticks</span>
      {error && <span className="replay-error" role="alert">{error}</span>}
    </div>
  );
}

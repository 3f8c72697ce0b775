// CSV export panel: pick what (ticks, candles of an interval, chain snapshots), when (IST) and which
// instruments (the shown chain, or listed symbols); the host writes the file under its data dir
// and reports progress; Cancel stops it. Browser mode also offers the file as a streamed download.
import { IstDateTimeInput } from './IstDateTimeInput.tsx';
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { CANDLE_INTERVALS, isCandleInterval } from '../../../shared/history.ts';
import type { ExportKind } from '../../../shared/history.ts';
import type { ExportJobProgress, ExportJobRequest } from '../../../shared/replay.ts';
import type { Transport } from '../../api/transport.ts';
import { formatExpiry, formatQty } from '../../format.ts';
import type { ChartsStore } from '../../stores/charts-store.ts';
import type { ScreenStore } from '../../stores/screen-store.ts';
import { defaultExportForm, downloadUrl, exportRequest, formatBytes } from './export-form.ts';
import type { ExportForm } from './export-form.ts';
import './history.css';

interface Props {
  api: Transport;
  screen: ScreenStore;
  /** Symbols of the open charts: the default list for "selected symbols". */
  charts: ChartsStore;
}

interface Job { id: string; file: string; request: ExportJobRequest; progress: ExportJobProgress | null }

const KINDS: { value: ExportKind; label: string }[] = [
  { value: 'candles', label: 'Candles' },
  { value: 'ticks', label: 'Ticks' },
  { value: 'chain', label: 'Chain snapshots' },
];

export function ExportPanel({ api, screen, charts }: Props) {
  const underlying = useStore(screen, (s) => s.underlying);
  const expiry = useStore(screen, (s) => s.expiry);
  const [form, setForm] = useState<ExportForm>(() => defaultExportForm(Date.now(), underlying, expiry, charts.getState().charts.map((c) => c.symbol)));
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Progress can arrive before the reply that names the job: keep the latest per id.
  const progressById = useRef(new Map<string, ExportJobProgress>());

  useEffect(() => api.onEvent((event) => {
    if (event.type !== 'export.progress') return;
    const { type: _type, ...progress } = event;
    progressById.current.set(progress.id, progress);
    setJob((j) => (j && j.id === progress.id ? { ...j, progress } : j));
  }), [api]);

  const running = job !== null && !job.progress?.done;
  const set = <K extends keyof ExportForm>(key: K, value: ExportForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const chainScope = { ...form, underlying: underlying ?? '', expiry: expiry ?? '' };

  const start = async () => {
    const built = exportRequest(chainScope);
    if ('error' in built) { setError(built.error); return; }
    setError(null);
    try {
      const { id, file } = await api.call('history.export', built.request);
      setJob({ id, file, request: built.request, progress: progressById.current.get(id) ?? null });
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const cancel = () => {
    if (!job) return;
    api.call('history.export_cancel', { id: job.id }).catch((err: unknown) => setError((err as Error).message));
  };

  return (
    <div className="export-panel" data-testid="export-panel">
      <div className="export-card">
        <div className="export-head">Export CSV <span className="export-sub">written under the data folder; times are IST, To is exclusive</span></div>
        <div className="export-grid">
          <span className="field-label">Data</span>
          <div className="segmented">
            {KINDS.map((k) => (
              <button key={k.value} type="button" className={form.kind === k.value ? 'seg active' : 'seg'} data-testid={`export-kind-${k.value}`} onClick={() => set('kind', k.value)} disabled={running}>{k.label}</button>
            ))}
          </div>
          {form.kind === 'candles' && <>
            <span className="field-label">Interval</span>
            <select data-testid="export-interval" value={form.interval} disabled={running} onChange={(e) => { if (isCandleInterval(e.target.value)) set('interval', e.target.value); }}>
              {CANDLE_INTERVALS.map((iv) => <option key={iv} value={iv}>{iv}</option>)}
            </select>
          </>}
          <span className="field-label">From (IST)</span>
          <IstDateTimeInput testId="export-from" value={form.from} disabled={running} onChange={(wall) => set('from', wall)} />
          <span className="field-label">To (IST)</span>
          <IstDateTimeInput testId="export-to" value={form.to} disabled={running} onChange={(wall) => set('to', wall)} />
          <span className="field-label">Instruments</span>
          <div className="scope">
            <label><input type="radio" checked={form.scope === 'chain'} disabled={running} onChange={() => set('scope', 'chain')} />
              {' '}{underlying ?? '—'} {expiry ? formatExpiry(expiry) : ''} (whole chain + underlying)</label>
            <label><input type="radio" checked={form.scope === 'symbols'} disabled={running} onChange={() => set('scope', 'symbols')} data-testid="export-scope-symbols" /> Symbols</label>
            {form.scope === 'symbols' && (
              <textarea data-testid="export-symbols" rows={2} value={form.symbols} disabled={running} placeholder="NIFTY, NIFTY23NOV2626000CE" onChange={(e) => set('symbols', e.target.value)} />
            )}
          </div>
        </div>
        {error && <div className="export-error" role="alert">{error}</div>}
        {job && <ExportProgress api={api} job={job} />}
        <div className="export-actions">
          {running
            ? <button type="button" className="tool-button danger" data-testid="export-cancel" onClick={cancel}>Cancel export</button>
            : <button type="button" className="tool-button primary" data-testid="export-start" onClick={() => void start()}>{job ? 'Export again' : 'Export'}</button>}
        </div>
      </div>
      <p className="replay-hint">
        Replay a recorded day: start the host with <code>optick serve --replay FROM..TO</code>; play, pause, speed
        (1×, 10×, 100×, max) and seek then sit under the header.
      </p>
    </div>
  );
}

function ExportProgress({ api, job }: { api: Transport; job: Job }) {
  const p = job.progress;
  const state = !p ? 'starting' : !p.done ? 'running' : p.error === 'cancelled' ? 'cancelled' : p.error ? 'failed' : 'done';
  return (
    <div className="export-progress" data-testid="export-progress" data-state={state}>
      <div className={`progress-track ${state}`}><div className="progress-fill" /></div>
      <div className="progress-line">
        <span className="progress-state">{state}</span>
        <span data-testid="export-rows">{formatQty(p?.rows ?? 0)} rows</span>
        <span>{formatBytes(p?.bytes ?? 0)}</span>
      </div>
      {p?.error && p.error !== 'cancelled' && <div className="export-error">{p.error}</div>}
      {state === 'done' && (
        <div className="export-file">
          <span className="field-label">Saved to</span>
          <code data-testid="export-file">{p?.file ?? job.file}</code>
          {api.host === 'browser' && <a className="tool-button" href={downloadUrl(job.request)} download data-testid="export-download">Download</a>}
        </div>
      )}
    </div>
  );
}

// The Upstox connection panel: which feed this run streams from, the account and token, the
// feed's health, subscriptions against the limits, the instrument master, and the
// "Connect Upstox" settings. Polls upstox.status only while it is on screen.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { Transport } from '../../api/transport.ts';
import { formatQty } from '../../format.ts';
import type { ScreenStore } from '../../stores/screen-store.ts';
import type { UpstoxConnectionStatus } from '../../../shared/upstox.ts';
import { AccountCard } from './AccountCard.tsx';
import { FeedCard, SubscriptionBars } from './FeedCard.tsx';
import { SettingsForm } from './SettingsForm.tsx';
import { upstoxMonitorFor } from './upstox-monitor.ts';
import type { UpstoxMonitor } from './upstox-monitor.ts';
import { feedView, formatAge, formatIstDateTime, subscriptionRows } from './upstox-view.ts';
import './upstox.css';

export function UpstoxPanel({ api, store }: { api: Transport; store: ScreenStore }) {
  const monitor = upstoxMonitorFor(api);
  const status = useStore(monitor.store, (s) => s.status);
  const statusError = useStore(monitor.store, (s) => s.statusError);
  const engineFeed = useStore(store, (s) => s.status?.feeds[0]);
  const root = useWatchWhileVisible(monitor);
  // Stable across the once-a-second re-renders, so the settings form loads once and keeps its draft.
  const call = useCallback<Transport['call']>((m, r) => api.call(m, r), [api]);

  const simulator = status !== null && !status.feed_selected;
  return (
    <div className="ux-panel" ref={root} data-testid="upstox-panel">
      <header className="ux-head">
        {/* The settings sheet already titles the section; this line says where the prices come from. */}
        <span className="ux-label">This run streams from</span>
        <span className={`pill ${simulator ? 'idle' : 'good'}`} data-testid="upstox-mode" data-mode={status ? (simulator ? 'simulator' : 'upstox') : 'unknown'}>
          {status ? (simulator ? 'built-in simulator' : 'Upstox feed') : '…'}
        </span>
      </header>
      {statusError && <p className="ux-error" data-testid="upstox-status-error">{statusError}</p>}
      {simulator && <SimulatorNotice host={api.host} />}
      <div className="ux-columns">
        <div className="ux-column">
          {status && <AccountCard status={status} monitor={monitor} host={api.host} />}
          <FeedCard feed={feedView(status, engineFeed)} simulator={simulator} />
          <SubscriptionBars rows={subscriptionRows(status, engineFeed)} refused={status?.feed?.refused_plan ?? null} />
          {status && <InstrumentsCard status={status} />}
        </div>
        <div className="ux-column">
          <SettingsForm call={call} />
        </div>
      </div>
    </div>
  );
}

function SimulatorNotice({ host }: { host: 'electron' | 'browser' }) {
  return (
    <p className="ux-sim" data-testid="upstox-simulator">
      This run streams from Optick&apos;s <b>built-in market simulator</b>, which speaks the Upstox V3 protocol and keeps its limits.
      To stream from your Upstox account, enter the app&apos;s key and secret below, then restart with{' '}
      <code>{host === 'electron' ? 'npm start -- --feed upstox' : 'optick serve --feed upstox'}</code> and log in.
    </p>
  );
}

function InstrumentsCard({ status }: { status: UpstoxConnectionStatus }) {
  const m = status.instruments;
  return (
    <section className="ux-card" data-testid="upstox-instruments">
      <header className="ux-card-head">
        <h3>Instrument master</h3>
        {m && <span className={`pill ${m.warning ? 'warn' : 'good'}`}>{m.source === 'download' ? 'downloaded' : 'cached'}</span>}
      </header>
      {m ? (
        <>
          <dl className="ux-facts">
            <dt>As of</dt><dd>{formatIstDateTime(m.downloaded_at)} <span className="ux-muted">({formatAge(status.now - m.downloaded_at)} ago)</span></dd>
            <dt>Instruments</dt><dd>{formatQty(m.kept)} kept of {formatQty(m.records)} · {formatQty(m.expired_dropped)} expired dropped</dd>
            <dt>From</dt><dd className="ux-url" title={m.url}>{m.url}</dd>
          </dl>
          {m.warning && <p className="ux-advice warn">{m.warning}</p>}
        </>
      ) : <p className="ux-muted">{status.feed_selected ? 'Not loaded yet.' : 'The simulator brings its own instruments; the Upstox master is loaded with --feed upstox.'}</p>}
    </section>
  );
}

/** Keeps the status polled while the element is on screen (a hidden settings section or dock tab is not). */
function useWatchWhileVisible(monitor: UpstoxMonitor) {
  const ref = useRef<HTMLDivElement | null>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)));
    io.observe(el);
    return () => io.disconnect();
  }, []);
  useEffect(() => (visible ? monitor.watch() : undefined), [visible, monitor]);
  return ref;
}

// The strip across the top of the app when the data cannot be trusted: the Upstox token
// expired or was rejected (with "Log in"), the feed is down or stalled, the subscription plan
// was refused, or the token must be renewed before the next session. Nothing otherwise.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { Transport } from '../../api/transport.ts';
import type { ScreenStore } from '../../stores/screen-store.ts';
import { startLogin } from './AccountCard.tsx';
import { upstoxMonitorFor } from './upstox-monitor.ts';
import { bannerFor } from './upstox-view.ts';
import './upstox.css';

interface Props {
  api: Transport;
  store: ScreenStore;
  /** Shows the Upstox panel (where the key and secret are entered, or the login link is shown). */
  onOpenPanel: () => void;
}

export function UpstoxBanner({ api, store, onOpenPanel }: Props) {
  const monitor = upstoxMonitorFor(api);
  const status = useStore(monitor.store, (s) => s.status);
  const busy = useStore(monitor.store, (s) => s.busy);
  const engineFeed = useStore(store, (s) => s.status?.feeds[0]);
  const linkOpen = useStore(store, (s) => s.connection.state === 'open');
  const feedSelected = status?.feed_selected ?? false;

  // Learn once which feed this run uses; with Upstox, keep the status fresh for the banner.
  useEffect(() => { if (linkOpen && !monitor.watching) void monitor.refresh(); }, [monitor, linkOpen]);
  useEffect(() => (feedSelected ? monitor.watch() : undefined), [monitor, feedSelected]);

  const banner = bannerFor(status, engineFeed, linkOpen);
  if (!banner) return null;
  const login = () => {
    if (status?.configured) startLogin(monitor, api.host);
    onOpenPanel();
  };
  return (
    <div className={`ux-banner ${banner.level}`} role="alert" data-testid="app-banner" data-level={banner.level}>
      <span className="ux-banner-icon" aria-hidden="true">!</span>
      <span className="ux-banner-text">{banner.message}</span>
      {banner.login && <button type="button" className="ux-banner-action" data-testid="banner-login" disabled={busy} onClick={login}>Log in</button>}
      <button type="button" className="ux-banner-link" onClick={onOpenPanel}>Connection…</button>
    </div>
  );
}

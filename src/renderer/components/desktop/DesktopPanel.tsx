// Settings → Desktop app (only in the Electron app): close to tray, start at login, and the
// local API — on/off, its port, why it is not running, the token with a copy button.
import { useCallback, useEffect, useState } from 'react';
import type { OptickApi } from '../../../shared/api.ts';
import type { DesktopSettings, DesktopState } from '../../../shared/desktop.ts';
import { apiLine, curlExample, parsePort } from './desktop-view.ts';
import '../upstox/upstox.css';
import './desktop.css';

export function DesktopPanel({ call }: { call: OptickApi['call'] }) {
  const [state, setState] = useState<DesktopState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [port, setPort] = useState('');
  const [portError, setPortError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);

  const show = useCallback((s: DesktopState) => { setState(s); setPort(String(s.settings.api_port)); setError(null); }, []);
  useEffect(() => {
    call('desktop.get', {}).then(show, (err: unknown) => setError(`Could not read the desktop settings: ${(err as Error).message}`));
  }, [call, show]);

  const change = async (patch: Partial<DesktopSettings>) => {
    setBusy(true);
    try {
      show(await call('desktop.set', patch));
    } catch (err) {
      setError(`Not saved: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const applyPort = () => {
    const p = parsePort(port);
    if ('error' in p) { setPortError(p.error); return; }
    setPortError(null);
    if (p.port !== state?.settings.api_port || state.api.state === 'failed') void change({ api_port: p.port });
  };
  const copyToken = async () => {
    if (!state?.api.token) return;
    try {
      await navigator.clipboard.writeText(state.api.token);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch (err) {
      setError(`Could not copy: ${(err as Error).message}`);
    }
  };

  if (!state) return <div className="ux-panel" data-testid="desktop-panel">{error ? <p className="ux-error">{error}</p> : <p className="ux-muted">Loading…</p>}</div>;
  const { settings, api } = state;
  const line = apiLine(api);
  const curl = curlExample(api);
  return (
    <div className="ux-panel" data-testid="desktop-panel">
      {error && <p className="ux-error">{error}</p>}
      <div className="ux-columns">
        <div className="ux-column">
          <section className="ux-card">
            <header className="ux-card-head"><h3>Window</h3><span className="ux-muted">Optick {state.version}</span></header>
            <label className="dk-check">
              <input type="checkbox" data-testid="desktop-close-to-tray" checked={settings.close_to_tray} disabled={busy} onChange={(e) => void change({ close_to_tray: e.target.checked })} />
              {' '}Closing the window keeps Optick running in the tray (feeds, recording and alerts go on; Quit is in the tray menu)
            </label>
            <label className="dk-check">
              <input type="checkbox" data-testid="desktop-start-at-login" checked={settings.start_at_login} disabled={busy || !state.login_item_supported} onChange={(e) => void change({ start_at_login: e.target.checked })} />
              {' '}Start Optick when I log in{state.login_item_supported ? '' : ' (not supported on this system)'}
            </label>
            <p className="ux-small ux-muted">Data folder: <code>{state.data_dir}</code></p>
          </section>
        </div>
        <div className="ux-column">
          <section className="ux-card" data-testid="desktop-api">
            <header className="ux-card-head"><h3>Local API</h3><span className={`pill ${line.level}`} data-testid="desktop-api-state">{line.pill}</span></header>
            <label className="dk-check">
              <input type="checkbox" data-testid="desktop-api-enabled" checked={settings.api_enabled} disabled={busy} onChange={(e) => void change({ api_enabled: e.target.checked })} />
              {' '}Serve the HTTP/WebSocket API on 127.0.0.1 while the app runs (as <code>optick serve</code>)
            </label>
            <div className="ux-field">
              <label htmlFor="desktop-api-port">Port</label>
              <input id="desktop-api-port" className="dk-port" data-testid="desktop-api-port" inputMode="numeric" value={port} disabled={busy || !settings.api_enabled}
                onChange={(e) => setPort(e.target.value)} onBlur={applyPort} onKeyDown={(e) => { if (e.key === 'Enter') applyPort(); }} />
              {portError && <span className="ux-error">{portError}</span>}
            </div>
            <p className={`ux-advice ${line.level === 'idle' ? '' : line.level}`} data-testid="desktop-api-line">{line.text}</p>
            <div className="ux-field">
              <label>API token <span className="ux-muted">({api.token_file})</span></label>
              <div className="dk-row">
                <input readOnly type="password" value={api.token ?? ''} aria-label="API token" data-testid="desktop-api-token" />
                <button type="button" data-testid="desktop-api-copy" disabled={!api.token} onClick={() => void copyToken()}>{copied ? 'Copied' : 'Copy'}</button>
              </div>
            </div>
            {curl && <p className="ux-small"><code>{curl}</code></p>}
          </section>
        </div>
      </div>
    </div>
  );
}

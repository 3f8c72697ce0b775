// Account and token: who is logged in, the countdown to the 03:30 IST expiry, the login advice
// (log in again before the session) and the Log in / Log out buttons with the dialog's URL.
import { useStore } from 'zustand';
import type { UpstoxConnectionStatus } from '../../../shared/upstox.ts';
import type { UpstoxMonitor } from './upstox-monitor.ts';
import { accountLabel, formatCountdown, formatIstDateTime, LOGIN_LABEL, LOGIN_TONE } from './upstox-view.ts';

interface Props { status: UpstoxConnectionStatus; monitor: UpstoxMonitor; host: 'electron' | 'browser' }

/** Opens the login dialog: in a browser a tab is opened now, inside the click, so no popup blocker stops it. */
export function startLogin(monitor: UpstoxMonitor, host: 'electron' | 'browser'): void {
  let target: Window | null = null;
  if (host === 'browser') {
    target = window.open('', '_blank');
    if (target) target.opener = null;
  }
  void monitor.login(target);
}

export function AccountCard({ status, monitor, host }: Props) {
  const { account, token, login } = status;
  const started = useStore(monitor.store, (s) => s.login);
  const loginError = useStore(monitor.store, (s) => s.loginError);
  const busy = useStore(monitor.store, (s) => s.busy);
  // The link is shown until it is used (the host then forgets it) or expires.
  const pending = login.pending_until !== null && started !== null && started.expires_at > status.now;

  return (
    <section className="ux-card" data-testid="upstox-account">
      <header className="ux-card-head">
        <h3>Account &amp; token</h3>
        <span className={`pill ${LOGIN_TONE[login.state]}`} data-testid="upstox-login-state" data-state={login.state}>{LOGIN_LABEL[login.state]}</span>
      </header>
      <dl className="ux-facts">
        <dt>Account</dt>
        <dd data-testid="upstox-account-name">{accountLabel(status)}</dd>
        {account && <><dt>Exchanges</dt><dd>{account.exchanges.join(', ') || '—'}</dd></>}
        <dt>Token expires</dt>
        <dd>
          {token ? (
            <>
              <span className={`ux-countdown ${token.expires_in_ms < 3_600_000 ? 'soon' : ''}`} data-testid="upstox-token-countdown">{formatCountdown(token.expires_in_ms)}</span>
              <span className="ux-muted"> · {formatIstDateTime(token.expires_at)}</span>
            </>
          ) : <span className="ux-muted">no token · Upstox tokens end at 03:30 IST each day</span>}
        </dd>
        {login.login_by !== null && <><dt>Log in by</dt><dd>{formatIstDateTime(login.login_by)} <span className="ux-muted">(from {formatIstDateTime(login.login_from)})</span></dd></>}
        <dt>Secrets</dt>
        <dd className="ux-muted">{status.secret_protection === 'os-keyring' ? 'encrypted by the OS keyring' : 'a file only you can read (0600)'}</dd>
      </dl>
      <p className={`ux-advice ${LOGIN_TONE[login.state]}`} data-testid="upstox-login-message">{login.message}</p>
      {login.last_error && <p className="ux-error">{login.last_error}</p>}
      {loginError && <p className="ux-error" data-testid="upstox-login-error">{loginError}</p>}
      <div className="ux-actions">
        <button
          type="button" className="ux-primary" data-testid="upstox-login" disabled={busy || !status.configured}
          title={status.configured ? 'Open the Upstox login dialog' : 'Enter the API key and secret below first'}
          onClick={() => startLogin(monitor, host)}
        >
          {account ? 'Log in again' : 'Log in to Upstox'}
        </button>
        <button type="button" data-testid="upstox-logout" disabled={busy || !token} onClick={() => void monitor.logout()}>Log out</button>
        {!status.configured && <span className="ux-muted">Enter the API key and secret below to log in.</span>}
      </div>
      {pending && (
        <p className="ux-login-url" data-testid="upstox-login-url">
          {started.opened ? 'The login dialog opened in your browser. ' : 'Log in in the new tab, or open: '}
          <a href={started.url} target="_blank" rel="noreferrer noopener">{started.url}</a>
          <span className="ux-muted"> · works once, until {formatIstDateTime(started.expires_at)}</span>
        </p>
      )}
    </section>
  );
}

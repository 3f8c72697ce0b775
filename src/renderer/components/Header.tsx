// Top bar: what is shown (underlying, expiry), where it is (LTP, change, ATM, lot) and how
// healthy the data is (feed state, ticks/s, last tick time, link to the host).
import { useStore } from 'zustand';
import { daysToExpiry, formatChange, formatChangePercent, formatExpiry, formatPrice, formatQty, formatRate, formatStrike, formatTimeIst } from '../format.ts';
import type { ChainSession } from '../stores/chain-session.ts';
import { feedStateOf } from '../stores/screen-store.ts';
import type { ScreenStore } from '../stores/screen-store.ts';
import { ConnectionPill, FeedPill } from './Pills.tsx';

interface Props {
  store: ScreenStore;
  session: ChainSession;
  /** Opens the chart of a symbol (the header offers the shown underlying's). */
  onChart?: (symbol: string) => void;
}

export function Header({ store, session, onChart }: Props) {
  const underlyings = useStore(store, (s) => s.underlyings);
  const underlying = useStore(store, (s) => s.underlying);
  const expiries = useStore(store, (s) => s.expiries);
  const expiry = useStore(store, (s) => s.expiry);
  const loading = useStore(store, (s) => s.loading);

  return (
    <header className="app-header">
      <div className="brand">Optick</div>
      <Picker
        label="Underlying" testId="underlying-select" value={underlying}
        options={underlyings.filter((u) => u.chain !== false).map((u) => ({ value: u.name, label: u.name }))}
        placeholder={loading ? 'Loading…' : '—'}
        onPick={(name) => void session.selectUnderlying(name)}
      />
      <Picker
        label="Expiry" testId="expiry-select" value={expiry}
        options={expiries.map((x) => ({ value: x, label: expiryLabel(x) }))}
        placeholder={loading ? 'Loading…' : '—'}
        onPick={(x) => void session.selectExpiry(x)}
      />
      <Quote store={store} />
      {onChart && underlying && (
        <button type="button" className="tool-button" data-testid="header-chart" title={`Open the ${underlying} chart`} onClick={() => onChart(underlying)}>
          Chart {underlying}
        </button>
      )}
      <div className="header-spacer" />
      <Health store={store} />
    </header>
  );
}

interface PickerProps {
  label: string;
  testId: string;
  value: string | null;
  options: { value: string; label: string }[];
  /** Shown while nothing is chosen yet. */
  placeholder: string;
  onPick: (value: string) => void;
}

function Picker({ label, testId, value, options, placeholder, onPick }: PickerProps) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select data-testid={testId} value={value ?? ''} disabled={options.length === 0} onChange={(e) => onPick(e.target.value)}>
        {value === null && <option value="">{placeholder}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </label>
  );
}

function expiryLabel(expiry: string): string {
  const days = daysToExpiry(expiry, Date.now());
  return days === null ? formatExpiry(expiry) : `${formatExpiry(expiry)} · ${days}d`;
}

function Quote({ store }: { store: ScreenStore }) {
  const head = useStore(store, (s) => s.head);
  const change = head?.underlying_change ?? null;
  const direction = change === null || change === 0 ? 'flat' : change > 0 ? 'up' : 'down';
  return (
    <div className="quote">
      <div className="stat">
        <span className="stat-label">{head?.underlying ?? 'Underlying'}</span>
        <span className="stat-value ltp">
          <span data-testid="underlying-ltp">{formatPrice(head?.underlying_ltp) || '—'}</span>
          <span className={`chg ${direction}`}>
            {formatChange(change)} {change !== null && `(${formatChangePercent(head?.underlying_ltp, change)})`}
          </span>
        </span>
      </div>
      <div className="stat" title="The underlying's spot LTP">
        <span className="stat-label">Spot</span>
        <span className="stat-value" data-testid="spot">{formatPrice(head?.spot ?? head?.underlying_ltp) || '—'}</span>
      </div>
      <div className="stat" title={head?.forward_source === 'future' ? 'Forward from the listed future: the F every IV and Greek uses' : 'Forward from put-call parity near ATM: the F every IV and Greek uses'}>
        <span className="stat-label">Fwd</span>
        <span className="stat-value" data-testid="forward">{formatPrice(head?.forward) || '—'}</span>
      </div>
      <div className="stat" title={`ATM strike: nearest the ${head?.atm_reference ?? 'spot'}`}>
        <span className="stat-label">ATM ({head?.atm_reference === 'forward' ? 'fwd' : 'spot'})</span>
        <span className="stat-value" data-testid="atm-strike">{formatStrike(head?.atm_strike) || '—'}</span>
      </div>
      <div className="stat optional">
        <span className="stat-label">Lot</span>
        <span className="stat-value">{formatQty(head?.lot_size) || '—'}</span>
      </div>
      <div className="stat optional">
        <span className="stat-label">Step</span>
        <span className="stat-value">{formatStrike(head?.strike_step) || '—'}</span>
      </div>
    </div>
  );
}

function Health({ store }: { store: ScreenStore }) {
  // The last status heard says nothing about the feed once the link to the host is down.
  const feedState = useStore(store, (s) => (s.connection.state === 'open' ? feedStateOf(s.status, s.underlying) : null));
  const ticksPerS = useStore(store, (s) => (s.connection.state === 'open' ? s.status?.ticks_per_s ?? null : null));
  const lastTick = useStore(store, (s) => s.head?.timestamp ?? null);
  const connection = useStore(store, (s) => s.connection);
  return (
    <div className="health">
      <div className="stat">
        <span className="stat-label">Feed</span>
        <FeedPill state={feedState} />
      </div>
      <div className="stat">
        <span className="stat-label">Ticks/s</span>
        <span className="stat-value" data-testid="ticks-per-s">{formatRate(ticksPerS) || '—'}</span>
      </div>
      <div className="stat">
        <span className="stat-label">Last tick (IST)</span>
        <span className="stat-value" data-testid="last-update">{formatTimeIst(lastTick) || '—'}</span>
      </div>
      <div className="stat">
        <span className="stat-label">Link</span>
        <ConnectionPill info={connection} />
      </div>
    </div>
  );
}

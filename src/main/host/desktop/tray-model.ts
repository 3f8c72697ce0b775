// The tray's menu, tooltip and icon as pure data from the app's state; the Electron adapter
// turns the items into a Menu. Rebuilt when the state changes (feed state, alerts), the tooltip
// every status push (ticks/s).
import type { FeedState } from '../../../shared/status.ts';

export interface TrayFeed {
  feed: string;
  state: FeedState;
  /** Held disconnected by "Pause feeds" (the trading-hours scheduler's force disconnect). */
  paused: boolean;
}

/** What the tray shows of the alerts service (h11's AlertsSummary has these fields). */
export interface TrayAlertsSummary {
  armed: number;
  paused: boolean;
  /** A firing nobody has looked at: the tray icon carries a badge until the window is shown. */
  unseen: boolean;
  last: readonly { time: number; symbol: string; message: string }[];
  error?: string | null;
}

export interface TrayState {
  windowVisible: boolean;
  feeds: readonly TrayFeed[];
  ticksPerSec: number;
  /** null while the app runs without an alerts service. */
  alerts: TrayAlertsSummary | null;
}

export type TrayAction =
  | 'toggle-window' | 'pause-feeds' | 'resume-feeds' | 'open-data-folder'
  | 'pause-alerts' | 'resume-alerts' | 'show-alerts' | 'quit';

export interface TrayItem {
  type: 'normal' | 'separator' | 'checkbox';
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  action?: TrayAction;
}

const STATE_WORDS: Record<FeedState, string> = {
  idle: 'idle', connecting: 'connecting', connected: 'connected', reconnecting: 'reconnecting',
  stalled: 'stalled (no data)', disconnected: 'disconnected', error: 'error',
};

export const TRAY_ALERTS_SHOWN = 5;

function feedLine(f: TrayFeed): string {
  return `${f.feed}: ${f.paused ? 'paused' : STATE_WORDS[f.state]}`;
}

/** HH:MM in India time (the exchange's clock, as the rest of the app shows it). */
function clock(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

export function trayMenu(s: TrayState): TrayItem[] {
  const sep: TrayItem = { type: 'separator' };
  const items: TrayItem[] = [
    { type: 'normal', label: s.windowVisible ? 'Hide Optick' : 'Show Optick', action: 'toggle-window' },
    sep,
  ];
  if (s.feeds.length === 0) items.push({ type: 'normal', label: 'No feed', enabled: false });
  for (const f of s.feeds) items.push({ type: 'normal', label: feedLine(f), enabled: false });
  const allPaused = s.feeds.length > 0 && s.feeds.every((f) => f.paused);
  items.push(allPaused
    ? { type: 'normal', label: 'Resume feeds', action: 'resume-feeds' }
    : { type: 'normal', label: 'Pause feeds', action: 'pause-feeds', enabled: s.feeds.length > 0 });
  if (s.alerts) {
    const a = s.alerts;
    items.push(sep);
    if (a.error) items.push({ type: 'normal', label: `Alerts unavailable: ${a.error}`.slice(0, 80), enabled: false });
    else {
      items.push({ type: 'normal', label: `Alerts: ${a.armed} armed${a.unseen ? ' · new' : ''}`, action: 'show-alerts' });
      for (const e of a.last.slice(0, TRAY_ALERTS_SHOWN)) items.push({ type: 'normal', label: `${clock(e.time)}  ${e.symbol} — ${e.message}`.slice(0, 80), action: 'show-alerts' });
      items.push({ type: 'checkbox', label: 'Pause alerts', checked: a.paused, action: a.paused ? 'resume-alerts' : 'pause-alerts' });
    }
  }
  items.push(sep, { type: 'normal', label: 'Open data folder', action: 'open-data-folder' }, sep, { type: 'normal', label: 'Quit Optick', action: 'quit' });
  return items;
}

/** Windows cuts tray tooltips at 127 characters. */
export const TOOLTIP_MAX = 127;

export function trayTooltip(s: TrayState): string {
  const feeds = s.feeds.length ? s.feeds.map(feedLine).join(', ') : 'no feed';
  const ticks = `${Math.round(s.ticksPerSec).toLocaleString('en-IN')} ticks/s`;
  const alerts = s.alerts && !s.alerts.error ? ` · ${s.alerts.armed} alerts armed${s.alerts.paused ? ' (paused)' : ''}` : '';
  const text = `Optick — ${feeds} · ${ticks}${alerts}`;
  return text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;
}

export function trayIconKind(s: TrayState): 'normal' | 'alert' {
  return s.alerts?.unseen ? 'alert' : 'normal';
}

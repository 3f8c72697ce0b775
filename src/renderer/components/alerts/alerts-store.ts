// The positions/alerts screen state: a vanilla zustand store the alerts model writes outside
// React. It polls the book and the rules once a second while anything shows them (live P&L,
// rule states), and takes every pushed firing at once: into the log, a toast, and — in browser
// mode with permission — a Web Notification (the Electron host shows OS notifications itself).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AlertLogEntry, AlertsSummary, BookTotals, PositionView, RuleView } from '../../../shared/alerts.ts';
import type { Transport } from '../../api/transport.ts';

export interface Toast {
  id: number;
  entry: AlertLogEntry;
}

/** A position form prefilled from a chain cell ("Add position…"). */
export interface PositionDraft {
  symbol: string;
  entry_price: number | null;
  seq: number;
}

export interface AlertsState {
  positions: PositionView[];
  totals: BookTotals | null;
  rules: RuleView[];
  log: AlertLogEntry[];
  summary: AlertsSummary | null;
  toasts: Toast[];
  draft: PositionDraft | null;
  /** An alert form prefilled from a chain cell. */
  ruleDraft: PositionDraft | null;
  /** The log entry a toast or notification click asked to show. */
  focused: AlertLogEntry | null;
  /** Last failure of a refresh (shown in the panels), null when fine. */
  error: string | null;
  sound: boolean;
  /** Web Notification permission in browser mode ('unsupported' without the API, 'host' in Electron). */
  permission: NotificationPermission | 'unsupported' | 'host';
}

export type AlertsStore = StoreApi<AlertsState>;

const TOAST_MS = 10_000;
const MAX_LOG = 500;
const SOUND_KEY = 'optick.alerts.sound';

export interface NotificationApi {
  permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  show(title: string, body: string, onClick: () => void): void;
}

/** The browser's Notification API, or null where there is none. */
export function browserNotifications(): NotificationApi | null {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!N) return null;
  return {
    get permission() { return N.permission; },
    requestPermission: () => N.requestPermission(),
    show: (title, body, onClick) => {
      const n = new N(title, { body, tag: `optick-${title}-${body.length}` });
      n.onclick = () => { window.focus(); onClick(); n.close(); };
    },
  };
}

export class AlertsModel {
  readonly store: AlertsStore;
  readonly #api: Transport;
  readonly #notifications: NotificationApi | null;
  readonly #storage: Storage | null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #toastSeq = 0;
  #draftSeq = 0;
  #users = 0;
  #onFocus: (entry: AlertLogEntry) => void = () => {};
  readonly #stop: (() => void)[] = [];

  constructor(api: Transport, notifications: NotificationApi | null, storage: Storage | null) {
    this.#api = api;
    this.#notifications = api.host === 'electron' ? null : notifications;
    this.#storage = storage;
    this.store = createStore<AlertsState>()(() => ({
      positions: [], totals: null, rules: [], log: [], summary: null, toasts: [], draft: null, ruleDraft: null, focused: null, error: null,
      sound: storage?.getItem(SOUND_KEY) === '1',
      permission: api.host === 'electron' ? 'host' : notifications ? notifications.permission : 'unsupported',
    }));
    this.#stop.push(api.onEvent((event) => {
      if (event.type === 'alert') this.#onAlert(event.entry);
      else if (event.type === 'alert.focus') this.#onFocus(event.entry);
    }));
    this.#stop.push(api.onConnection((c) => { if (c.state === 'open') void this.refresh(true); }));
  }

  /** What a click on a toast or notification does (the app opens the alerts tab on the contract). */
  setFocusHandler(handler: (entry: AlertLogEntry) => void): void {
    this.#onFocus = handler;
  }

  /** A panel showing live figures: polls while at least one is mounted. Returns the release function. */
  use(): () => void {
    if (this.#users++ === 0) {
      void this.refresh(true);
      this.#timer = setInterval(() => void this.refresh(false), 1000);
    }
    return () => {
      if (--this.#users === 0 && this.#timer) { clearInterval(this.#timer); this.#timer = null; }
    };
  }

  async refresh(withLog: boolean): Promise<void> {
    try {
      const [book, rules, summary, log] = await Promise.all([
        this.#api.call('positions.book', {}), this.#api.call('alerts.rules', {}), this.#api.call('alerts.summary', {}),
        withLog ? this.#api.call('alerts.log', { limit: MAX_LOG }) : Promise.resolve(null),
      ]);
      this.store.setState({ positions: book.positions, totals: book.totals, rules, summary, error: null, ...(log && { log }) });
    } catch (err) {
      this.store.setState({ error: (err as Error).message });
    }
  }

  #onAlert(entry: AlertLogEntry): void {
    const s = this.store.getState();
    if (s.log.some((e) => e.id === entry.id && e.id !== 0)) return;
    const toast = { id: ++this.#toastSeq, entry };
    this.store.setState({ log: [entry, ...s.log].slice(0, MAX_LOG), toasts: [...s.toasts, toast].slice(-5) });
    setTimeout(() => this.dismiss(toast.id), TOAST_MS);
    if (s.sound) beep();
    const n = this.#notifications;
    if (n && n.permission === 'granted') {
      try {
        n.show(`Optick: ${entry.symbol}`, entry.message, () => this.#onFocus(entry));
      } catch (err) {
        console.warn('optick: Web Notification failed', err);
      }
    }
    void this.refresh(false);
  }

  dismiss(id: number): void {
    this.store.setState({ toasts: this.store.getState().toasts.filter((t) => t.id !== id) });
  }

  /** Asks for Web Notification permission; call from a click (browsers require a user gesture). */
  async askPermission(): Promise<void> {
    const n = this.#notifications;
    if (!n) return;
    const permission = await n.requestPermission();
    this.store.setState({ permission });
  }

  setSound(on: boolean): void {
    this.#storage?.setItem(SOUND_KEY, on ? '1' : '0');
    this.store.setState({ sound: on });
    if (on) beep();
  }

  /** Opens the position form on a contract (from a chain cell). */
  draftPosition(symbol: string, entryPrice: number | null): void {
    this.store.setState({ draft: { symbol, entry_price: entryPrice, seq: ++this.#draftSeq } });
  }

  /** Opens the alert form on a contract (from a chain cell). */
  draftRule(symbol: string, ltp: number | null): void {
    this.store.setState({ ruleDraft: { symbol, entry_price: ltp, seq: ++this.#draftSeq } });
  }

  call: Transport['call'] = (method, req) => this.#api.call(method, req);

  dispose(): void {
    for (const s of this.#stop.splice(0)) s();
    if (this.#timer) clearInterval(this.#timer);
  }
}

/** A short two-tone beep (Web Audio), for the optional alert sound. */
function beep(): void {
  try {
    const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.connect(g); g.connect(ctx.destination);
    o.frequency.setValueAtTime(880, ctx.currentTime);
    o.frequency.setValueAtTime(660, ctx.currentTime + 0.12);
    g.gain.setValueAtTime(0.08, ctx.currentTime);
    g.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.3);
    o.start(); o.stop(ctx.currentTime + 0.3);
    o.onended = () => void ctx.close();
  } catch (err) {
    console.warn('optick: alert sound failed', err);
  }
}

/** Triggers a download of text as a file (CSV export). */
export function downloadText(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

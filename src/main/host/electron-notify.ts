// Alert firings as OS notifications in the Electron host. The Electron calls sit behind two
// small surfaces so this logic runs (and is tested) under plain Node with fakes; electron.ts
// passes the real `Notification` class and its window. Clicking a notification shows the
// window on the alert's contract.
import type { AlertLogEntry, AlertRule } from '../../shared/alerts.ts';
import type { Notifier } from '../engine/alerts/notifier.ts';
import type { Logger } from '../engine/log.ts';

/** What this adapter uses of Electron's `Notification` (the class itself satisfies it). */
export interface NotificationSurface {
  isSupported(): boolean;
  new (options: { title: string; body: string; silent?: boolean; timeoutType?: 'default' | 'never' }): NotificationLike;
}

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}

/** The app's window: shown and focused on a contract when a notification is clicked. */
export interface AlertWindow {
  showContract(entry: AlertLogEntry): void;
}

const KIND_TITLE: Record<AlertRule['kind'], string> = { level: 'alert', stop_loss: 'stop-loss hit', target: 'target hit', trailing_stop: 'trailing stop hit' };

/** Title and body of the notification: the contract, the level and the price. */
export function notificationText(entry: AlertLogEntry): { title: string; body: string } {
  return { title: `${entry.symbol} ${KIND_TITLE[entry.kind]}`, body: entry.message };
}

export function electronNotifier(notification: NotificationSurface, window: AlertWindow, log: Logger): Notifier {
  // Shown notifications are kept referenced until clicked or replaced: Electron drops the click
  // handler of a notification that was garbage-collected.
  const live: NotificationLike[] = [];
  let warned = false;
  return {
    notify(entry) {
      if (!notification.isSupported()) {
        if (!warned) log('warn', 'alerts: this desktop does not support notifications; firings are in the alert log and the tray');
        warned = true;
        return;
      }
      const n = new notification({ ...notificationText(entry), timeoutType: 'never' });
      n.on('click', () => {
        window.showContract(entry);
        const i = live.indexOf(n);
        if (i >= 0) live.splice(i, 1);
      });
      live.push(n);
      if (live.length > 20) live.shift();
      n.show();
    },
  };
}

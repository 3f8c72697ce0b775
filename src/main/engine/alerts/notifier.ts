// How a firing reaches the trader, whichever host runs the engine. The engine calls a Notifier;
// the Electron host's adapter shows an OS notification (host/electron-notify.ts), the server host
// pushes it to browser clients (toast + Web Notification) and the SSE stream. Runtime: std.
import type { AlertLogEntry, AlertRule, AlertsSummary } from '../../../shared/alerts.ts';

export interface Notifier {
  /** Called once per firing, after it is in the alert log; must not throw for a delivery failure it can report itself. */
  notify(entry: AlertLogEntry, rule: AlertRule): void;
}

/**
 * What the tray shows and does about alerts (the Electron host's tray menu and tooltip read this):
 * the armed rule count, the last 5 alerts, pause / resume, and whether a firing is unseen
 * (the tray icon changes until markSeen()).
 */
export interface AlertsTrayModel {
  summary(): AlertsSummary;
  /** Called whenever the summary changes; returns the unsubscribe function. */
  onSummary(listener: (summary: AlertsSummary) => void): () => void;
  setPaused(paused: boolean): AlertsSummary;
  markSeen(): AlertsSummary;
}

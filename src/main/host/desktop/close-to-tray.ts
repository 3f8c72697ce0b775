// Closing the window hides it to the tray while the engine runs on; the first time, one
// notification says so. Quit (tray, app menu, Cmd+Q) really closes. A setting turns it off.

export interface CloseToTrayDeps {
  /** The close_to_tray setting, read at each close. */
  enabled(): boolean;
  /** Quit was asked for (before-quit fired): closing must not be stopped. */
  quitting(): boolean;
  noticeShown(): boolean;
  markNoticeShown(): void;
  notify(title: string, body: string): void;
}

export interface ClosingWindow {
  hide(): void;
}

export const STILL_RUNNING = Object.freeze({
  title: 'Optick is still running',
  body: 'The feeds, recording and alerts go on in the background. Open Optick from the tray icon; Quit is in its menu.',
});

/** Handles a window 'close' event: 'hidden' (the close was stopped) or 'closed'. */
export function onWindowClose(event: { preventDefault(): void }, win: ClosingWindow, deps: CloseToTrayDeps): 'hidden' | 'closed' {
  if (deps.quitting() || !deps.enabled()) return 'closed';
  event.preventDefault();
  win.hide();
  if (!deps.noticeShown()) {
    deps.markNoticeShown();
    deps.notify(STILL_RUNNING.title, STILL_RUNNING.body);
  }
  return 'hidden';
}

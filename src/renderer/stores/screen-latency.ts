// What the status bar's latency figure is made of: for every grid update that showed new ticks,
// socket → applied (the grid's DOM written) and socket → painted (the first task after the
// browser painted that frame), and tick time → painted for comparison, over the last minute.
// The receive time comes with the delta (oldest_receive, the engine's monoNow()); this side
// reads the same clock (shared/latency.ts), so the figure includes the engine, the transport
// (WebSocket or Electron IPC) and the renderer. The page's own part, delta sent → painted
// (the engine's sent_at on the same clock), is kept over the last 5 s too, with the age of the
// oldest delta noted and not yet shown: the page falling behind is told apart from the engine
// falling behind. Pure: the session gives it the times.
import type { ChainDelta } from '../../shared/delta.ts';
import { LatencyWindow, type LatencySummary } from '../../shared/latency.ts';

/** The window of the page's own part (sent → painted): what "the page is behind" is judged on. */
export const PAGE_WINDOW_MS = 5000;

export interface ScreenLatencyFigures {
  socket_to_painted: LatencySummary;
  socket_to_applied: LatencySummary;
  tick_to_painted: LatencySummary;
  /** Delta sent by the engine → painted, over the last PAGE_WINDOW_MS: transport + renderer only. */
  sent_to_painted_recent: LatencySummary;
  /** How long the oldest delta noted and not yet taken for the grid has waited (sent → now), ms; null when none waits. */
  oldest_waiting_ms: number | null;
}

export interface PendingReceive {
  receive: number;
  exchangeTs: number | null;
  /** The earliest engine send time (sent_at) of the deltas noted; null when none carried one. */
  sentAt: number | null;
}

export class ScreenLatency {
  #painted = new LatencyWindow();
  #applied = new LatencyWindow();
  #tick = new LatencyWindow();
  #page = new LatencyWindow(PAGE_WINDOW_MS);
  #pending: PendingReceive | null = null;
  #pendingSent: number | null = null;

  /** Deltas of the shown chain arrived: the oldest receive time waiting for the screen is kept. */
  note(deltas: readonly ChainDelta[], chain: string): void {
    for (const d of deltas) {
      if (d.chain !== chain) continue;
      if (d.sent_at !== undefined && (this.#pendingSent === null || d.sent_at < this.#pendingSent)) this.#pendingSent = d.sent_at;
      if (d.oldest_receive === undefined) continue;
      if (this.#pending === null || d.oldest_receive < this.#pending.receive) this.#pending = { receive: d.oldest_receive, exchangeTs: d.oldest_exchange_ts ?? null, sentAt: null };
    }
  }

  /** The grid is about to show everything noted: what it is showing (null if nothing new came from a socket). */
  take(): PendingReceive | null {
    const p = this.#pending;
    if (p) p.sentAt = this.#pendingSent;
    this.#pending = null;
    this.#pendingSent = null;
    return p;
  }

  /** A different chain is shown: what was waiting belongs to the old one. */
  forget(): void {
    this.#pending = null;
    this.#pendingSent = null;
  }

  applied(p: PendingReceive, mono: number): void {
    this.#applied.add(mono - p.receive, mono);
  }

  /** `wall` is Date.now() at the paint (tick times are exchange wall-clock times). */
  painted(p: PendingReceive, mono: number, wall: number): void {
    this.#painted.add(mono - p.receive, mono);
    if (p.sentAt !== null) this.#page.add(mono - p.sentAt, mono);
    if (p.exchangeTs !== null) this.#tick.add(wall - p.exchangeTs, mono);
  }

  summary(mono: number): ScreenLatencyFigures {
    return {
      socket_to_painted: this.#painted.summary(mono), socket_to_applied: this.#applied.summary(mono), tick_to_painted: this.#tick.summary(mono),
      sent_to_painted_recent: this.#page.summary(mono), oldest_waiting_ms: this.#pendingSent === null ? null : Math.max(0, mono - this.#pendingSent),
    };
  }

  /** Raw values of the last minute (benchmarks read them). */
  values(mono: number): { socket_to_painted: number[]; socket_to_applied: number[]; tick_to_painted: number[] } {
    return { socket_to_painted: this.#painted.values(mono), socket_to_applied: this.#applied.values(mono), tick_to_painted: this.#tick.values(mono) };
  }

  /** Starts the windows afresh (benchmarks, after their warm-up). */
  reset(): void {
    this.#painted = new LatencyWindow();
    this.#applied = new LatencyWindow();
    this.#tick = new LatencyWindow();
    this.#page = new LatencyWindow(PAGE_WINDOW_MS);
  }
}

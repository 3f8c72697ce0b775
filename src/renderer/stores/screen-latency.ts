// What the status bar's latency figure is made of: for every grid update that showed new ticks,
// socket → applied (the grid's DOM written) and socket → painted (the first task after the
// browser painted that frame), and tick time → painted for comparison, over the last minute.
// The receive time comes with the delta (oldest_receive, the engine's monoNow()); this side
// reads the same clock (shared/latency.ts), so the figure includes the engine, the transport
// (WebSocket or Electron IPC) and the renderer. The page's own part, delta sent → painted
// (the engine's sent_at on the same clock), is kept over the last 5 s too, with the age of the
// oldest delta noted and not yet shown: the page falling behind is told apart from the engine
// falling behind. Where the time of each update went is kept too, stage by stage, for the
// benchmarks (stages below). Pure: the session gives it the times.
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
  /** The stages of the delta that carried the oldest receive: its sent_at, when it reached the page, the frame that took it, when the grid had it. */
  oldestSent?: number | null;
  noted?: number | null;
  frame?: number | null;
  appliedAt?: number | null;
}

/** One update's time, stage by stage (ms): socket → delta sent (engine), → reached the page (transport), → the frame began (waiting for the display), → grid written (apply), → painted (style, layout, paint). */
export const STAGES = ['engine', 'transport', 'to_frame', 'apply', 'render'] as const;
export type Stage = (typeof STAGES)[number];

export class ScreenLatency {
  #painted = new LatencyWindow();
  #applied = new LatencyWindow();
  #tick = new LatencyWindow();
  #page = new LatencyWindow(PAGE_WINDOW_MS);
  #stages = newStageWindows();
  #pending: PendingReceive | null = null;
  #pendingSent: number | null = null;

  /** Deltas of the shown chain arrived (at `mono`, when given): the oldest receive time waiting for the screen is kept. */
  note(deltas: readonly ChainDelta[], chain: string, mono?: number): void {
    for (const d of deltas) {
      if (d.chain !== chain) continue;
      if (d.sent_at !== undefined && (this.#pendingSent === null || d.sent_at < this.#pendingSent)) this.#pendingSent = d.sent_at;
      if (d.oldest_receive === undefined) continue;
      if (this.#pending === null || d.oldest_receive < this.#pending.receive) {
        this.#pending = { receive: d.oldest_receive, exchangeTs: d.oldest_exchange_ts ?? null, sentAt: null, oldestSent: d.sent_at ?? null, noted: mono ?? null };
      }
    }
  }

  /** The grid is about to show everything noted: what it is showing (null if nothing new came from a socket). */
  take(mono?: number): PendingReceive | null {
    const p = this.#pending;
    if (p) { p.sentAt = this.#pendingSent; p.frame = mono ?? null; }
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
    p.appliedAt = mono;
  }

  /** `wall` is Date.now() at the paint (tick times are exchange wall-clock times). */
  painted(p: PendingReceive, mono: number, wall: number): void {
    this.#painted.add(mono - p.receive, mono);
    if (p.sentAt !== null) this.#page.add(mono - p.sentAt, mono);
    if (p.exchangeTs !== null) this.#tick.add(wall - p.exchangeTs, mono);
    const { oldestSent: sent, noted, frame, appliedAt } = p;
    if (sent == null || noted == null || frame == null || appliedAt == null) return;
    // All five or none, so the windows stay aligned sample by sample.
    const parts: Record<Stage, number> = { engine: sent - p.receive, transport: noted - sent, to_frame: frame - noted, apply: appliedAt - frame, render: mono - appliedAt };
    for (const stage of STAGES) this.#stages[stage].add(parts[stage], mono);
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

  /** The last minute's updates stage by stage: `stages[s][i]` is update i's time in stage s (the same i across stages). */
  stages(mono: number): Record<Stage, number[]> {
    return Object.fromEntries(STAGES.map((s) => [s, this.#stages[s].values(mono)])) as Record<Stage, number[]>;
  }

  /** Starts the windows afresh (benchmarks, after their warm-up). */
  reset(): void {
    this.#painted = new LatencyWindow();
    this.#applied = new LatencyWindow();
    this.#tick = new LatencyWindow();
    this.#page = new LatencyWindow(PAGE_WINDOW_MS);
    this.#stages = newStageWindows();
  }
}

function newStageWindows(): Record<Stage, LatencyWindow> {
  return Object.fromEntries(STAGES.map((s) => [s, new LatencyWindow()])) as Record<Stage, LatencyWindow>;
}

// Messages between the engine-side export pool and an export worker. CSV bytes cross the thread
// boundary as transferred chunks; the worker sends the next chunk only after the previous one was
// acknowledged (the sink took it without back-pressure, or drained), so memory is bounded by one
// chunk in flight plus the worker's stream buffer, whatever the range.
import type { ExportProgress, ExportRequest } from '../../../shared/history.ts';
import type { SessionSpec } from '../candles/session.ts';

export interface ExportJobSpec {
  /** The SQLite file to read (read-only connection in the worker). */
  file: string;
  session: SessionSpec;
  req: ExportRequest;
  progressEvery: number;
}

export type ToExportWorker =
  | { type: 'run'; job: number; spec: ExportJobSpec }
  | { type: 'ack'; job: number }
  | { type: 'cancel'; job: number };

export type FromExportWorker =
  | { type: 'chunk'; job: number; data: Uint8Array }
  | { type: 'progress'; job: number; progress: ExportProgress }
  | { type: 'done'; job: number; progress: ExportProgress }
  | { type: 'error'; job: number; name: string; message: string };

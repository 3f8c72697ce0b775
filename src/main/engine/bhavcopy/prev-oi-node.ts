// At start-up, and again whenever `optick import bhavcopy` replaces its file while the app runs:
// the previous close's OI for ΔOI and buildup — Optick's own history of the previous session,
// else the imported bhavcopy of that session — handed to the engine. Runtime: node.
import type { Engine } from '../engine.ts';
import type { HistoryService } from '../history/history-service.ts';
import { zonedDate, zonedEpochMs } from '../instruments/expiry-calendar.ts';
import type { Logger } from '../log.ts';
import { bhavcopyBaseline, chooseBaseline, historyBaseline } from './baseline.ts';
import { unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import { BHAVCOPY_FILE, loadBhavcopy, previousSession } from './store-node.ts';

const NOTICE = 'prev-oi:bhavcopy';

/** Sets the engine's previous-close OI (or none) and says where it came from; a problem becomes a notice. */
export function applyPrevOi(opts: { dataDir: string; engine: Engine; history: HistoryService | null; log: Logger; now?: number }): void {
  const { dataDir, engine, history, log } = opts;
  const today = zonedDate(opts.now ?? Date.now());
  const prev = previousSession(today);
  const rows = history ? engine.registry.underlyings().flatMap((u) => history.lastOiBefore(u.name, zonedEpochMs(today, '00:00'))) : [];
  const own = historyBaseline(rows, (ms) => zonedDate(ms));
  let imported = null;
  try {
    const saved = loadBhavcopy(dataDir);
    if (saved) imported = { saved, baseline: bhavcopyBaseline(saved, engine.registry) };
  } catch (err) {
    engine.notices.add({ id: NOTICE, severity: 'warning', source: 'ΔOI', message: (err as Error).message, action: 'optick import bhavcopy FILE.csv' });
  }
  const choice = chooseBaseline(own, imported, prev);
  if (choice.problem) engine.notices.add({ id: NOTICE, severity: 'warning', source: 'ΔOI', message: choice.problem, action: `optick import bhavcopy <the F&O bhavcopy of ${prev}>` });
  else if (imported) engine.notices.clear(NOTICE);
  engine.setPrevOi(choice.baseline);
  const b = choice.baseline;
  log('info', b ? `ΔOI against the ${b.source === 'history' ? "previous session's recorded" : 'imported bhavcopy'} OI of ${b.date} (${b.oi.size} options)` : `ΔOI: no previous-close OI for ${prev} (no history of it; optick import bhavcopy FILE.csv)`);
}

/** How often the running app looks at the bhavcopy file's time stamp (a stat; the import takes effect within this). */
export const BHAVCOPY_POLL_MS = 1000;

/**
 * Applies the previous-close OI again each time the imported bhavcopy file changes (an import
 * into the data dir of the running app takes effect without a restart). Returns the stop function.
 */
export function watchBhavcopy(opts: Parameters<typeof applyPrevOi>[0], pollMs = BHAVCOPY_POLL_MS): () => void {
  const file = join(opts.dataDir, BHAVCOPY_FILE);
  const onChange = (now: { mtimeMs: number }, before: { mtimeMs: number }) => {
    if (now.mtimeMs === before.mtimeMs) return;
    opts.log('info', `${file} changed: applying the previous-close OI again`);
    try {
      applyPrevOi({ ...opts, now: undefined });
    } catch (err) {
      opts.log('error', `applying the imported bhavcopy failed: ${(err as Error).message}`);
    }
  };
  watchFile(file, { interval: pollMs, persistent: false }, onChange);
  return () => unwatchFile(file, onChange);
}

// At start-up: the previous close's OI for ΔOI and buildup — Optick's own history of the previous
// session, else the imported bhavcopy of that session — handed to the engine. Runtime: node.
import type { Engine } from '../engine.ts';
import type { HistoryService } from '../history/history-service.ts';
import { zonedDate, zonedEpochMs } from '../instruments/expiry-calendar.ts';
import type { Logger } from '../log.ts';
import { bhavcopyBaseline, chooseBaseline, historyBaseline } from './baseline.ts';
import { loadBhavcopy, previousSession } from './store-node.ts';

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

// The positions.* and alerts.* contract methods, for the one dispatcher both hosts use.
import { ApiError, type ApiMethods } from '../../../shared/api.ts';
import type { AlertsMethods } from '../../../shared/alerts.ts';
import type { AlertService } from './alert-service.ts';
import { paperFilter } from './validate.ts';

type AlertHandlers = { [M in keyof AlertsMethods]: (client: string, req: ApiMethods[M]['req']) => ApiMethods[M]['res'] | Promise<ApiMethods[M]['res']> };

const ids = (req: unknown): string[] | undefined => {
  const v = (req as { ids?: unknown } | null)?.ids;
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ApiError('bad_request', "'ids' must be a list of position ids");
  return v as string[];
};
const idOf = (req: unknown): unknown => (req as { id?: unknown } | null)?.id;

export function alertHandlers(alerts: AlertService | null): AlertHandlers {
  const a = (): AlertService => {
    if (!alerts) throw new ApiError('unavailable', 'alerts do not run in this host (a replay never fires the trader\'s alerts)');
    return alerts;
  };
  return {
    'positions.list': (_c, req) => a().positions(paperFilter((req as { paper?: unknown } | null)?.paper)),
    'positions.book': (_c, req) => a().book(ids(req)),
    'positions.add': (_c, req) => a().addPosition(req),
    'positions.update': (_c, req) => a().updatePosition(req),
    'positions.remove': (_c, req) => { a().removePosition(idOf(req)); return {}; },
    'positions.import_csv': (_c, req) => a().importCsv((req as { csv?: unknown } | null)?.csv),
    'positions.payoff': (_c, req) => a().payoff(ids(req), (req as { underlying?: unknown } | null)?.underlying),
    'alerts.rules': () => a().rules(),
    'alerts.add_rule': (_c, req) => a().addRule(req),
    'alerts.update_rule': (_c, req) => a().updateRule(req),
    'alerts.remove_rule': (_c, req) => { a().removeRule(idOf(req)); return {}; },
    'alerts.log': (_c, req) => a().log((req as { limit?: unknown } | null)?.limit),
    'alerts.log_csv': () => a().logCsv(),
    'alerts.summary': () => a().summary(),
    'alerts.pause': (_c, req) => a().setPaused((req as { paused?: unknown } | null)?.paused),
    'alerts.mark_seen': () => a().markSeen(),
    'alerts.contract': (_c, req) => a().contract((req as { symbol?: unknown } | null)?.symbol),
    'alerts.symbols': (_c, req) => a().symbols((req as { query?: unknown } | null)?.query, (req as { limit?: unknown } | null)?.limit),
  };
}

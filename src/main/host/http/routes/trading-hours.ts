// REST routes of trading hours over the engine's typed TradingHoursApi. Validation failures
// are 400 with { ok: false, errors: [{ field, message }] }, as the contract methods answer.
import type { TradingHoursResult } from '../../../../shared/trading-hours.ts';
import type { Reply, Router } from '../router.ts';
import type { RouteDeps } from './deps.ts';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const result = (r: TradingHoursResult): Reply => ({ status: r.ok ? 200 : 400, body: r });
const mismatch = (field: string, message: string): Reply => result({ ok: false, errors: [{ field, message }] });

export function tradingHoursRoutes(r: Router, { hours }: Pick<RouteDeps, 'hours'>): void {
  const base = '/api/trading-hours';
  r.get(base, () => ({ status: 200, body: hours.list() }));
  r.get(`${base}/status`, () => ({ status: 200, body: hours.status() }));
  r.get(`${base}/export`, () => ({ status: 200, body: hours.export() }));
  r.put(base, { body: 'json' }, (q) => result(hours.put(q.body)));
  r.put(`${base}/:id`, { body: 'json' }, (q) => {
    const id = q.params.id!;
    const t = isObj(q.body) && 'template' in q.body ? q.body.template : q.body;
    if (isObj(t) && t.id !== undefined && t.id !== id) return mismatch('id', `'${String(t.id)}' does not match the path's '${id}'`);
    return result(hours.put(isObj(t) ? { ...t, id } : t));
  });
  r.delete(`${base}/:id`, (q) => result(hours.remove({ template_id: q.params.id })));
  r.post(`${base}/activate`, { body: 'json' }, (q) => result(hours.activate(q.body)));
  r.post(`${base}/force`, { body: 'json' }, (q) => result(hours.force(q.body)));
  r.post(`${base}/import`, { body: 'json' }, (q) => result(hours.import(typeof q.body === 'string' ? { json: q.body } : q.body)));
  r.post(`${base}/holidays-csv`, { body: 'json' }, (q) => {
    const parsed = hours.parseHolidaysCsv(q.body);
    return { status: parsed.errors.length > 0 ? 400 : 200, body: parsed };
  });
  const notOurs = (q: { method: string; path: string }): Reply => ({
    status: 405, body: { ok: false, errors: [{ field: '', message: `${q.method} ${q.path.replace(/\/+$/, '')} is not a trading-hours route` }] },
  });
  r.other(base, notOurs);
  r.other(`${base}/:sub`, notOurs);
}

// Signals on options flow for scripts:
//   GET /api/signals?underlying=&type=&since=&limit=   newest first: {id, type, symbol, time, direction, figures, message, …}
//   GET /api/signals.csv?…                             the same, oldest first, as CSV
//   GET /api/signals/thresholds, PUT /api/signals/thresholds/:underlying {field: number, …}
//   POST /api/signals/:id/alert-rule                   an alert rule made from the signal (201)
// The live stream is `event: signal` on GET /api/events (routes/alerts.ts).
import { ApiError } from '../../../../shared/api.ts';
import { signalsOf, type SignalService } from '../../../engine/signals/signal-service.ts';
import { COMMON_HEADERS } from '../respond.ts';
import type { RouteRequest, Router } from '../router.ts';
import type { RouteDeps } from './deps.ts';
import { fieldReply } from './field-reply.ts';

export function signalRoutes(r: Router, { engine }: RouteDeps): void {
  const s = (): SignalService => {
    const svc = signalsOf(engine);
    if (!svc) throw new ApiError('unavailable', 'signals do not run in this host');
    return svc;
  };

  const query = (q: RouteRequest) => Object.fromEntries(['underlying', 'type', 'since', 'limit'].flatMap((k) => (q.query.has(k) ? [[k, q.query.get(k)]] : [])));

  r.get('/api/signals', (q) => fieldReply(200, () => s().list(query(q))));
  r.get('/api/signals.csv', (q) => {
    const { filename, csv } = s().exportCsv(query(q));
    q.res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'text/csv; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${filename}"` });
    q.res.end(csv);
  });
  r.get('/api/signals/thresholds', () => fieldReply(200, () => s().thresholds()));
  r.put('/api/signals/thresholds/:underlying', { body: 'object' }, (q) => fieldReply(200, () => s().setThresholds({ underlying: q.params.underlying, thresholds: q.body })));
  r.post('/api/signals/:id/alert-rule', (q) => fieldReply(201, () => s().toAlertRule({ id: Number(q.params.id) })));
}

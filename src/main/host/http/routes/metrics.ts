// Intraday chain-metric history:
//   GET /api/metrics?underlying=NIFTY&expiry=YYYY-MM-DD&from=…&to=…      → MetricsPoint[] (JSON)
//   GET /api/metrics.csv?underlying=…&expiry=…&from=…&to=…               → the same as CSV
// Range over 31 days → 400; unknown underlying/expiry → 404 (the contract method's errors).
import type { MetricsPoint } from '../../../../shared/metrics.ts';
import { metricsCsv } from '../../../engine/history/metrics-history.ts';
import { COMMON_HEADERS } from '../respond.ts';
import type { RouteRequest, Router } from '../router.ts';
import type { RouteDeps } from './deps.ts';

export function metricsRoutes(r: Router, { call }: RouteDeps): void {
  const points = (q: RouteRequest) => {
    const p = q.query;
    return call('history.metrics', { underlying: p.get('underlying') ?? undefined, expiry: p.get('expiry') ?? undefined, from: p.get('from') ?? undefined, to: p.get('to') ?? undefined }) as Promise<MetricsPoint[]>;
  };
  r.get('/api/metrics', async (q) => ({ status: 200, body: await points(q) }));
  r.get('/api/metrics.csv', async (q) => {
    const body = metricsCsv((q.query.get('underlying') ?? '').toUpperCase(), q.query.get('expiry') ?? '', await points(q));
    q.res.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="optick-metrics-${q.query.get('underlying')}-${q.query.get('expiry')}.csv"`,
      'Cache-Control': 'no-store',
    });
    q.res.end(body);
  });
}

// Positions, alert rules, the alert log and the event stream for scripts:
//   GET/POST /api/positions (GET ?paper=true|false: paper or real ones only), GET/PUT/DELETE /api/positions/:id, POST /api/positions/import (CSV),
//   GET /api/positions/book, GET /api/positions/payoff?ids=a,b&underlying=NIFTY
//   GET/POST /api/alerts/rules, GET/PUT/DELETE /api/alerts/rules/:id
//   GET /api/alerts/log[?limit=500], GET /api/alerts/log.csv, GET /api/alerts/summary, POST /api/alerts/pause
//   GET /api/events — Server-Sent Events: `event: alert` (data: the log entry), `event: status`
//   (the engine/chain status, once a second), `event: summary` on connect and on change.
// A field the service refuses is a 400 naming it: {error: {code: 'bad_request', message, field}}.
import type { ServerResponse } from 'node:http';
import { ApiError } from '../../../../shared/api.ts';
import { alertsOf, type AlertService } from '../../../engine/alerts/alert-service.ts';
import { AlertInputError, paperFilter } from '../../../engine/alerts/validate.ts';
import { signalsOf } from '../../../engine/signals/signal-service.ts';
import type { Engine } from '../../../engine/engine.ts';
import { COMMON_HEADERS } from '../respond.ts';
import type { Reply, RouteRequest, Router } from '../router.ts';
import type { RouteDeps } from './deps.ts';

/** An SSE client this far behind is dropped (EventSource reconnects by itself). */
const MAX_SSE_BUFFER = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export function alertRoutes(r: Router, { engine }: RouteDeps): void {
  const a = (): AlertService => {
    const s = alertsOf(engine);
    if (!s) throw new ApiError('unavailable', 'alerts do not run in this host (a replay never fires the trader\'s alerts)');
    return s;
  };
  /** Runs a service call; a refused field answers 400 with the field named. */
  const reply = (status: number, run: () => unknown): Reply => {
    try {
      return { status, body: run() };
    } catch (err) {
      if (err instanceof AlertInputError) return { status: 400, body: { error: { code: 'bad_request', message: err.message, field: err.field } } };
      throw err;
    }
  };
  const withId = (q: RouteRequest) => ({ ...(q.body as Record<string, unknown>), id: q.params.id });
  const idsOf = (q: RouteRequest) => q.query.get('ids')?.split(',').filter(Boolean);

  r.get('/api/positions', (q) => reply(200, () => a().positions(paperFilter(q.query.get('paper') ?? undefined))));
  r.post('/api/positions', { body: 'object' }, (q) => reply(201, () => a().addPosition(q.body)));
  r.get('/api/positions/book', (q) => reply(200, () => a().book(idsOf(q))));
  r.get('/api/positions/payoff', (q) => reply(200, () => a().payoff(idsOf(q), q.query.get('underlying') ?? undefined)));
  r.post('/api/positions/import', { body: 'json' }, (q) => {
    const csv = typeof q.body === 'string' ? q.body : (q.body as { csv?: unknown } | null)?.csv;
    const result = a().importCsv(csv);
    return { status: result.errors.length ? 400 : 200, body: result };
  });
  r.get('/api/positions/:id', (q) => {
    const p = a().positions().find((x) => x.id === q.params.id);
    if (!p) throw new ApiError('not_found', `no position '${q.params.id}'`);
    return { status: 200, body: p };
  });
  r.put('/api/positions/:id', { body: 'object' }, (q) => reply(200, () => a().updatePosition(withId(q))));
  r.delete('/api/positions/:id', (q) => reply(200, () => { a().removePosition(q.params.id); return {}; }));

  r.get('/api/alerts/rules', () => reply(200, () => a().rules()));
  r.post('/api/alerts/rules', { body: 'object' }, (q) => reply(201, () => a().addRule(q.body)));
  r.get('/api/alerts/rules/:id', (q) => {
    const rule = a().rules().find((x) => x.id === q.params.id);
    if (!rule) throw new ApiError('not_found', `no rule '${q.params.id}'`);
    return { status: 200, body: rule };
  });
  r.put('/api/alerts/rules/:id', { body: 'object' }, (q) => reply(200, () => a().updateRule(withId(q))));
  r.delete('/api/alerts/rules/:id', (q) => reply(200, () => { a().removeRule(q.params.id); return {}; }));

  r.get('/api/alerts/log', (q) => reply(200, () => a().log(q.query.get('limit') ?? undefined)));
  r.get('/api/alerts/log.csv', (q) => {
    const { filename, csv } = a().logCsv();
    q.res.writeHead(200, {
      ...COMMON_HEADERS, 'Content-Type': 'text/csv; charset=utf-8', 'Cache-Control': 'no-store',
      'Content-Disposition': `attachment; filename="${filename}"`,
    });
    q.res.end(csv);
  });
  r.get('/api/alerts/summary', () => reply(200, () => a().summary()));
  r.post('/api/alerts/pause', { body: 'object' }, (q) => reply(200, () => a().setPaused((q.body as { paused?: unknown }).paused)));

  r.get('/api/events', { auth: 'token-or-query' }, (q) => { streamEvents(engine, a(), q.res); });
}

/** The SSE stream of one client until it goes away. */
function streamEvents(engine: Engine, alerts: AlertService, res: ServerResponse): void {
  res.writeHead(200, {
    ...COMMON_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no',
  });
  res.socket?.setNoDelay(true);
  const offs: (() => void)[] = [];
  const close = (): void => { for (const off of offs.splice(0)) off(); };
  const send = (event: string, data: unknown): void => {
    if (res.writableEnded || res.destroyed) { close(); return; }
    if (res.writableLength > MAX_SSE_BUFFER) { close(); res.end(); return; }
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  res.write('retry: 2000\n\n');
  send('summary', alerts.summary());
  offs.push(alerts.onAlert((entry) => send('alert', entry)));
  offs.push(alerts.onSummary((summary) => send('summary', summary)));
  offs.push(engine.onStatus((status) => send('status', status)));
  const signals = signalsOf(engine); // issue 16: `event: signal` (data: the signal)
  if (signals) offs.push(signals.onSignal((signal) => send('signal', signal)));
  const beat = setInterval(() => { if (!res.writableEnded) res.write(': heartbeat\n\n'); }, HEARTBEAT_MS);
  beat.unref?.();
  offs.push(() => clearInterval(beat));
  res.on('close', close);
}

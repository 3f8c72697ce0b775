// Tick-history routes:
//   GET /api/candles?symbol=NIFTY&interval=1m&from=…&to=…   → [{time, open, high, low, close, volume, oi}]
//   GET /api/export/{ticks|candles|chain}.csv?from&to&(symbols=…|underlying=…[&expiry=…])[&interval=1m]
// Exports stream with backpressure and stop when the client goes away.
import { ApiError } from '../../../../shared/api.ts';
import type { ExportJobRequest } from '../../../../shared/replay.ts';
import type { HistoryService } from '../../../engine/history/history-service.ts';
import { COMMON_HEADERS, sendJson } from '../respond.ts';
import type { RouteRequest, Router } from '../router.ts';
import type { RouteDeps } from './deps.ts';

const KINDS = new Set<ExportJobRequest['kind']>(['ticks', 'candles', 'chain']);

export function historyRoutes(r: Router, { history }: RouteDeps): void {
  const h = (): HistoryService => {
    if (!history) throw new ApiError('unavailable', 'tick history is not running in this host');
    return history;
  };
  r.get('/api/candles', (q) => {
    const p = q.query;
    const bars = h().candles({ symbol: p.get('symbol') ?? '', interval: p.get('interval') as never, from: p.get('from') as never, to: p.get('to') as never });
    sendJson(q.res, 200, bars);
  });
  r.get('/api/export/:file', (q) => {
    const kind = /^(ticks|candles|chain)\.csv$/.exec(q.params.file!)?.[1] as ExportJobRequest['kind'] | undefined;
    if (!kind || !KINDS.has(kind)) throw new ApiError('not_found', `no export '${q.params.file}': use ticks.csv, candles.csv or chain.csv`);
    return exportCsv(h(), kind, q);
  });
}

async function exportCsv(history: HistoryService, kind: ExportJobRequest['kind'], { query: p, res }: RouteRequest): Promise<void> {
  const opt = (name: string): string | undefined => p.get(name) ?? undefined;
  const job: ExportJobRequest = { kind, from: p.get('from') as never, to: p.get('to') as never };
  const symbols = opt('symbols') ?? opt('symbol');
  if (symbols) job.symbols = symbols.split(',');
  const underlying = opt('underlying');
  if (underlying) job.underlying = underlying;
  const expiry = opt('expiry');
  if (expiry) job.expiry = expiry;
  const interval = opt('interval');
  if (interval) job.interval = interval as never;
  const request = history.exportRequest(job);
  const name = `optick-${request.kind}${request.interval ? `-${request.interval}` : ''}-${request.from}-${request.to}.csv`;
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
  const abort = new AbortController();
  const gone = (): void => { if (!res.writableFinished) abort.abort(new Error('client went away')); };
  res.on('close', gone);
  try {
    await history.streamCsv(request, res, { signal: abort.signal });
  } catch (err) {
    if (abort.signal.aborted) return; // the client left: nothing to answer
    throw err;
  } finally {
    res.off('close', gone);
  }
}

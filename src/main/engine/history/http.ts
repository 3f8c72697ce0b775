// HTTP routes of tick history on the server host (token and Host checks happen before):
//   GET /api/candles?symbol=NIFTY&interval=1m&from=…&to=…   → [{time, open, high, low, close, volume, oi}]
//   GET /api/export/{ticks|candles|chain}.csv?from&to&(symbols=…|underlying=…[&expiry=…])[&interval=1m]
// Exports stream with backpressure and stop when the client goes away.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExportJobRequest } from '../../../shared/replay.ts';
import { ApiError } from '../../../shared/api.ts';
import type { HistoryService } from './history-service.ts';

const EXPORT = /^\/api\/export\/(ticks|candles|chain)\.csv$/;

/** Serves the route when it is a history route (returns its promise), else null. */
export function routeHistory(history: HistoryService | null, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> | null {
  const exportKind = EXPORT.exec(url.pathname)?.[1];
  if (url.pathname !== '/api/candles' && !exportKind) return null;
  return (async () => {
    if (req.method !== 'GET') throw new ApiError('bad_request', `${req.method} not allowed on ${url.pathname} (GET only)`);
    if (!history) throw new ApiError('unavailable', 'tick history is not running in this host');
    const q = url.searchParams;
    const opt = (name: string): string | undefined => q.get(name) ?? undefined;
    if (!exportKind) {
      const bars = history.candles({ symbol: q.get('symbol') ?? '', interval: q.get('interval') as never, from: q.get('from') as never, to: q.get('to') as never });
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(JSON.stringify(bars));
      return;
    }
    const job: ExportJobRequest = { kind: exportKind as ExportJobRequest['kind'], from: q.get('from') as never, to: q.get('to') as never };
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
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
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
  })();
}

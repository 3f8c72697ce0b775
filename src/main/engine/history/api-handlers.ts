// The history.* and replay.* contract methods, for the one dispatcher both hosts use.
import { ApiError, type ApiMethods } from '../../../shared/api.ts';
import type { HistoryMethods, ReplayControl } from '../../../shared/replay.ts';
import { ReplayError } from '../feeds/replay/replay-feed.ts';
import type { HistoryService } from './history-service.ts';

type HistoryHandlers = { [M in keyof HistoryMethods]: (client: string, req: ApiMethods[M]['req']) => ApiMethods[M]['res'] | Promise<ApiMethods[M]['res']> };

export function historyHandlers(history: HistoryService | null): HistoryHandlers {
  const h = (): HistoryService => {
    if (!history) throw new ApiError('unavailable', 'tick history is not running in this host');
    return history;
  };
  const replay = () => {
    const feed = h().replay;
    if (!feed) throw new ApiError('not_found', 'no replay is running (start one with: optick serve --replay FROM..TO)');
    return feed;
  };
  return {
    'history.candles': (_c, req) => h().candles(req),
    'history.watch_candles': (client, req) => h().watch(client, req),
    'history.unwatch_candles': (client, req) => { h().unwatch(client, req); return {}; },
    'history.status': () => h().status(),
    'history.new_store': () => h().newStore(),
    'history.metrics': (_c, req) => h().metrics(req),
    'history.export': (client, req) => h().startExport(client, req),
    'history.export_cancel': (_c, req) => {
      if (typeof req?.id !== 'string') throw new ApiError('bad_request', "'id' must be the export id history.export returned");
      h().cancelExport(req.id);
      return {};
    },
    'replay.status': () => replay().replayStatus(),
    'replay.control': (_c, req) => {
      try {
        return replay().control(req as ReplayControl);
      } catch (err) {
        throw err instanceof ReplayError ? new ApiError('bad_request', err.message) : err;
      }
    },
  };
}

// What route modules may use: the engine's typed services, never a socket of their own.
// A new module that needs another service adds an (optional) field here and the host
// passes it in server.ts.
import type { Engine } from '../../../engine/engine.ts';
import type { UpstoxAccount } from '../../../engine/feeds/upstox/account-node.ts';
import type { HistoryService } from '../../../engine/history/history-service.ts';
import type { Logger } from '../../../engine/log.ts';
import type { TradingHoursApi } from '../../../engine/schedule/api.ts';

export interface RouteDeps {
  engine: Engine;
  hours: TradingHoursApi;
  /** Tick history; null when this host runs without it (its routes answer 503). */
  history: HistoryService | null;
  /** Upstox account; without it the /api/upstox routes and the callback are not mounted. */
  upstox?: UpstoxAccount;
  /** A contract method (src/shared/api.ts), validated as over WebSocket/IPC. */
  call(method: string, req: unknown): Promise<unknown>;
  log: Logger;
}

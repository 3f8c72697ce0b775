// Every route module of the server host, in one list: add yours here (see router.ts).
import { Router } from '../router.ts';
import { alertRoutes } from './alerts.ts';
import { chainRoutes } from './chain.ts';
import type { RouteDeps } from './deps.ts';
import { healthRoutes } from './health.ts';
import { historyRoutes } from './history.ts';
import { marketRoutes } from './market.ts';
import { metricsRoutes } from './metrics.ts';
import { signalRoutes } from './signals.ts';
import { ticketRoutes } from './ticket.ts';
import { tradingHoursRoutes } from './trading-hours.ts';
import { upstoxRoutes } from './upstox.ts';

export type { RouteDeps } from './deps.ts';
export type RouteModule = (r: Router, deps: RouteDeps) => void;

export function buildRouter(deps: RouteDeps, extra: RouteModule[] = []): Router {
  const r = new Router();
  healthRoutes(r);
  chainRoutes(r, deps);
  marketRoutes(r, deps);
  tradingHoursRoutes(r, deps);
  historyRoutes(r, deps);
  metricsRoutes(r, deps);
  alertRoutes(r, deps);
  signalRoutes(r, deps);
  ticketRoutes(r, deps);
  if (deps.upstox) upstoxRoutes(r, deps.upstox);
  for (const module of extra) module(r, deps);
  return r;
}

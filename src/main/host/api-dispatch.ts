// Routes contract calls (src/shared/api.ts) to the engine. Both hosts use this one
// dispatcher, so the renderer sees the same behaviour over IPC and over WebSocket.
import { ApiError, type ApiMethod, type ApiMethods } from '../../shared/api.ts';
import type { AtmReference } from '../../shared/chain.ts';
import type { CalculatorResult } from '../../shared/pricing.ts';
import type { DesktopState } from '../../shared/desktop.ts';
import type { Engine } from '../engine/engine.ts';
import { priceCases } from '../engine/pricing/calculator.ts';
import type { TradingHoursApi } from '../engine/schedule/api.ts';
import type { UpstoxAccount } from '../engine/feeds/upstox/account-node.ts';
import { historyHandlers } from '../engine/history/api-handlers.ts';
import { historyOf, type HistoryService } from '../engine/history/history-service.ts';
import { alertHandlers } from '../engine/alerts/api-handlers.ts';
import { alertsOf } from '../engine/alerts/alert-service.ts';
import { signalHandlers } from '../engine/signals/api-handlers.ts';
import { signalsOf } from '../engine/signals/signal-service.ts';
import { ticketOf, type TicketService } from '../engine/ticket/ticket-service.ts';
import { toApiError } from './boundary.ts';

type Handlers = { [M in ApiMethod]: (client: string, req: ApiMethods[M]['req']) => ApiMethods[M]['res'] | Promise<ApiMethods[M]['res']> };

const EXPIRY = /^\d{4}-\d{2}-\d{2}$/;

function str(req: unknown, field: string, optional = false): string | undefined {
  const v = (req as Record<string, unknown> | null)?.[field];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new ApiError('bad_request', `'${field}' must be a non-empty string`);
  return v;
}

function num(req: unknown, field: string): number {
  const v = (req as Record<string, unknown> | null)?.[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ApiError('bad_request', `'${field}' must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

function expiryOf(req: unknown, optional: boolean): string | undefined {
  const e = str(req, 'expiry', optional);
  if (e !== undefined && !EXPIRY.test(e)) throw new ApiError('bad_request', `'expiry' must be YYYY-MM-DD, got '${e}'`);
  return e;
}

function desktopOnly<T>(desktop: T | undefined): T {
  if (!desktop) throw new ApiError('unavailable', 'desktop settings exist only in the desktop app');
  return desktop;
}

export type Dispatch = (client: string, method: string, req: unknown) => Promise<unknown>;

export interface DispatchDeps {
  engine: Engine;
  hours: TradingHoursApi;
  /** Upstox account (upstox.* methods); without it they answer 'unavailable'. */
  upstox?: UpstoxAccount;
  /** Tick history; defaults to the one running on `engine`. */
  history?: HistoryService | null;
  /** The desktop app's settings and local API (desktop.*): only the Electron host's own window has them. */
  desktop?: { state(): DesktopState; set(patch: unknown): Promise<DesktopState> };
}

/** Prices calculator cases; with `want`, a case lacking sigma (greeks) or price (iv) gets a per-case error. */
export function calculate(cases: unknown, want?: 'greeks' | 'iv'): CalculatorResult[] {
  const results = priceCases(cases);
  if (!want) return results;
  const need = want === 'greeks' ? 'sigma' : 'price';
  return results.map((r) => {
    if (!r.ok || r.input[need] !== undefined) return r;
    return { index: r.index, ok: false, error: { field: need, message: `case ${r.index}: ${need} is required for ${want === 'greeks' ? 'Greeks' : 'implied volatility'}` } };
  });
}

export function createDispatcher({ engine, hours, history, upstox, desktop }: DispatchDeps): Dispatch {
  const upstoxMethod = (method: string) => (_c: string, req: unknown) => {
    if (!upstox) throw new ApiError('unavailable', 'this host runs without the Upstox account service');
    return upstox.call(method, req) as never;
  };
  const ticket = (): TicketService => {
    const t = ticketOf(engine);
    if (!t) throw new ApiError('unavailable', 'the order ticket does not run in this host');
    return t;
  };
  const hoursMethod = (method: string) => (_c: string, req: unknown) => hours.call(method, req) as never;
  const handlers: Handlers = {
    'meta.underlyings': () => engine.underlyings(),
    'chain.expiries': (_c, req) => engine.expiries(str(req, 'underlying')!),
    'chain.get': (_c, req) => engine.chain(str(req, 'underlying')!, expiryOf(req, true)),
    'chain.watch': (client, req) => engine.watch(client, str(req, 'underlying')!, expiryOf(req, true)),
    'chain.unwatch': (client, req) => { engine.unwatch(client, str(req, 'underlying')!, expiryOf(req, false)!); return {}; },
    'status.get': () => engine.status(),
    'chain.frame_clock': (_c, req) => { engine.setFrameClock({ frame_at_ms: num(req, 'frame_at_ms'), frame_every_ms: num(req, 'frame_every_ms') }); return {}; },
    'market.price': (_c, req) => engine.price(str(req, 'symbol')!),
    'chain.atm_reference': () => ({ reference: engine.atmReference }),
    'chain.set_atm_reference': (_c, req) => ({ reference: engine.setAtmReference((req as { reference?: unknown } | null)?.reference as AtmReference) }),
    'pricing.calc': (_c, req) => {
      const want = (req as { want?: unknown } | null)?.want;
      if (want !== undefined && want !== 'greeks' && want !== 'iv') throw new ApiError('bad_request', `'want' must be 'greeks' or 'iv', got ${JSON.stringify(want)}`);
      return calculate((req as { cases?: unknown } | null)?.cases, want);
    },
    'hours.list': hoursMethod('hours.list'),
    'hours.status': hoursMethod('hours.status'),
    'hours.put': hoursMethod('hours.put'),
    'hours.remove': hoursMethod('hours.remove'),
    'hours.activate': hoursMethod('hours.activate'),
    'hours.force': hoursMethod('hours.force'),
    'hours.import': hoursMethod('hours.import'),
    'hours.parse_holidays_csv': hoursMethod('hours.parse_holidays_csv'),
    'upstox.status': upstoxMethod('upstox.status'),
    'upstox.get_settings': upstoxMethod('upstox.get_settings'),
    'upstox.put_settings': upstoxMethod('upstox.put_settings'),
    'upstox.login': upstoxMethod('upstox.login'),
    'upstox.logout': upstoxMethod('upstox.logout'),
    ...historyHandlers(history ?? historyOf(engine)),
    ...alertHandlers(alertsOf(engine)),
    ...signalHandlers(signalsOf(engine)),
    'ticket.quote': (client, req) => ticket().quote(client, req),
    'ticket.paper': (client, req) => ticket().paper(client, req),
    'ticket.close': (client) => { ticket().close(client); return {}; },
    'desktop.get': () => desktopOnly(desktop).state(),
    'desktop.set': (_c, req) => desktopOnly(desktop).set(req),
  };
  // Own properties only: 'constructor', 'toString' or '__proto__' are not methods of ours.
  const table = new Map<string, (c: string, r: unknown) => unknown>(Object.entries(handlers) as [string, (c: string, r: unknown) => unknown][]);
  return async (client, method, req) => {
    const handler = table.get(method);
    if (!handler) throw new ApiError('bad_request', `unknown method ${JSON.stringify(method)} (the methods are in src/shared/api.ts)`);
    // Every request of the contract is an object: null, arrays and primitives stop here, as HTTP bodies do.
    if (req === undefined) req = {};
    else if (typeof req !== 'object' || req === null || Array.isArray(req)) {
      throw new ApiError('bad_request', `the request of ${method} must be an object, got ${req === null ? 'null' : Array.isArray(req) ? 'an array' : `a ${typeof req}`}`);
    }
    try {
      return await handler(client, req);
    } catch (err) {
      throw toApiError(err);
    }
  };
}

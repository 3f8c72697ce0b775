// The one typed contract between the renderer and whichever host runs the engine.
// The Electron host (MessagePort over IPC) and the server host (WebSocket) both carry
// exactly these frames; the renderer imports this file, never a host.
import type { AtmReference, OptionChainModel } from './chain.ts';
import type { ChainDelta } from './delta.ts';
import type { PriceView, UnderlyingInfo } from './market.ts';
import type { CalculatorResult } from './pricing.ts';
import type { FrameClockReport } from './latency.ts';
import type { EngineStatus } from './status.ts';
import type { TradingHoursMethods } from './trading-hours.ts';
import type { UpstoxMethods } from './upstox.ts';
import type { HistoryMethods, HistoryPushEvent } from './replay.ts';
import type { DesktopMethods } from './desktop.ts';
import type { AlertPushEvent, AlertsMethods } from './alerts.ts';
import type { SignalPushEvent, SignalsMethods } from './signals.ts';
import type { TicketMethods } from './ticket.ts';

export interface ChainRef {
  underlying: string;
  /** 'YYYY-MM-DD'; the nearest expiry when omitted. */
  expiry?: string;
}

/** Request and response types of every method the renderer may call. */
export interface ApiMethods extends TradingHoursMethods, HistoryMethods, UpstoxMethods, AlertsMethods, SignalsMethods, TicketMethods, DesktopMethods {
  'meta.underlyings': { req: Record<string, never>; res: UnderlyingInfo[] };
  'chain.expiries': { req: { underlying: string }; res: string[] };
  'chain.get': { req: ChainRef; res: OptionChainModel };
  /** Returns a snapshot; from then on this client receives the chain's deltas. */
  'chain.watch': { req: ChainRef; res: OptionChainModel };
  'chain.unwatch': { req: { underlying: string; expiry: string }; res: Record<string, never> };
  'status.get': { req: Record<string, never>; res: EngineStatus };
  /** This screen's display frames: the engine times steady-stream deltas to arrive just before its next frame. */
  'chain.frame_clock': { req: FrameClockReport; res: Record<string, never> };
  /** The engine's ATM reference: every chain's atm_strike is the strike nearest the spot (default) or the forward. */
  'chain.atm_reference': { req: Record<string, never>; res: { reference: AtmReference } };
  /** Switches the ATM reference for every chain (Greeks stay on the forward); chains re-centre and push deltas. */
  'chain.set_atm_reference': { req: { reference: AtmReference }; res: { reference: AtmReference } };
  /**
   * Option calculator: price + Greeks for cases with sigma ('greeks'), IV (+ Greeks at it) for
   * cases with price ('iv'); either when `want` is omitted. One result per case, in order.
   */
  'pricing.calc': { req: { cases: unknown[]; want?: 'greeks' | 'iv' }; res: CalculatorResult[] };
  /** A symbol's price view: latest quote and last trades (for symbols with no option chain, e.g. BTC-PERP). */
  'market.price': { req: { symbol: string }; res: PriceView };
}
export type ApiMethod = keyof ApiMethods;
export type ApiRequest<M extends ApiMethod> = ApiMethods[M]['req'];
export type ApiResponse<M extends ApiMethod> = ApiMethods[M]['res'];

/** Events the host pushes without being asked. */
export type PushEvent =
  | { type: 'chain.delta'; seq: number; deltas: ChainDelta[] }
  | { type: 'status'; status: EngineStatus }
  | HistoryPushEvent
  | AlertPushEvent
  | SignalPushEvent;

export type ApiErrorCode = 'bad_request' | 'not_found' | 'unauthorized' | 'unavailable' | 'internal';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
}

/** Error raised by a host for a failed call; carries a code the renderer can branch on. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** Frames on the wire (WebSocket text frames as JSON, or MessagePort messages). */
export interface CallFrame { id: number; method: ApiMethod; req: unknown }
export type ReplyFrame =
  | { id: number; ok: true; res: unknown }
  | { id: number; ok: false; error: ApiErrorBody };
export interface PushFrame { push: PushEvent }
export type HostFrame = ReplyFrame | PushFrame;

/** What the renderer programs against; implemented by the IPC and the WebSocket transports. */
export interface OptickApi {
  readonly host: 'electron' | 'browser';
  call<M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>>;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: PushEvent) => void): () => void;
}

/** Name under which the preload script exposes the Electron bridge on `window`. */
export const ELECTRON_BRIDGE = 'optickBridge';

/** What the preload script exposes as `window[ELECTRON_BRIDGE]` (it owns the MessagePort to the engine). */
export interface ElectronBridge {
  call(method: ApiMethod, req: unknown): Promise<unknown>;
  onPush(listener: (event: PushEvent) => void): () => void;
}

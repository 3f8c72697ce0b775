// JSON price-stream settings (DATA_DIR/jsonstream.json). 'simulator' (the default url) is the
// built-in simulator's Bluefin-shaped stream; Bluefin Pro's public market stream is
// wss://stream.api.sui-prod.bluefin.io/ws/market (no account needed for market data).
// Runtime: node.
import { join } from 'node:path';
import { is, readSettingsFile, type SettingsRead } from '../common/settings-file.ts';
import { BLUEFIN_SUBSCRIBE, DEFAULT_QTY_STEP } from './json-stream-feed.ts';

export const JSON_STREAM_SETTINGS_FILE = 'jsonstream.json';
export const SIMULATOR = 'simulator';

export interface JsonStreamSettings {
  url: string;
  /** One message per symbol; {method} is Subscribe or Unsubscribe, {symbol} the symbol. */
  subscribe_template: string;
  /** An application-level heartbeat sent every ping_ms, or null (WebSocket pings from the server are answered anyway). */
  ping_message: string | null;
  ping_ms: number;
  stall_ms: number;
  /** Quantity step of the symbols (Bluefin BTC-PERP/ETH-PERP: 0.001): quantities travel as whole steps. */
  qty_step: number;
}

export const JSON_STREAM_DEFAULTS: JsonStreamSettings = { url: SIMULATOR, subscribe_template: BLUEFIN_SUBSCRIBE, ping_message: null, ping_ms: 15_000, stall_ms: 30_000, qty_step: DEFAULT_QTY_STEP };

export function readJsonStreamSettings(dataDir: string): SettingsRead<JsonStreamSettings> {
  return readSettingsFile(join(dataDir, JSON_STREAM_SETTINGS_FILE), JSON_STREAM_DEFAULTS, {
    url: is.url(['ws:', 'wss:'], SIMULATOR),
    subscribe_template: (v) => is.text(v) ?? (String(v).includes('{symbol}') ? null : 'must contain {symbol}'),
    ping_message: is.textOrNull, ping_ms: is.int(1000, 600_000), stall_ms: is.int(100, 600_000),
    qty_step: (v) => (typeof v === 'number' && v > 0 && v <= 1 ? null : 'must be a number in (0, 1]'),
  });
}

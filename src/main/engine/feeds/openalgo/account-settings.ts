// OpenAlgo connection settings (<dataDir>/openalgo.json): the server's REST host and proxy
// WebSocket URL, further servers/accounts for failover in priority order, failover and limit
// settings. API keys are never in this file: each endpoint's key lives in the SecretStore under
// openAlgoKeyName(i), write-only. Validation names the field. Runtime: std.
import type { FailoverOptions } from '../common/feed-connection.ts';

export const OPENALGO_SETTINGS_FILE = 'openalgo.json';

export interface OpenAlgoServerSettings {
  /** REST base, e.g. http://127.0.0.1:5000 (OpenAlgo's default). */
  host_url: string;
  /** The WebSocket proxy, e.g. ws://127.0.0.1:8765 (OpenAlgo's default) or wss://<domain>/ws. */
  ws_url: string;
  /** What status calls this endpoint; default the WebSocket URL. */
  label?: string;
}

export interface OpenAlgoSettings {
  /** The primary first, then the failover endpoints. */
  servers: OpenAlgoServerSettings[];
  /** Failed connections within failover_within_ms that move to the next server. */
  failover_reconnects: number;
  failover_within_ms: number;
  /** Move back to the primary once it answers again. */
  switch_back: boolean;
  /** Symbols the broker behind the server streams at most. */
  max_symbols: number;
  stall_ms: number;
}

export const OPENALGO_DEFAULTS: OpenAlgoSettings = {
  servers: [{ host_url: 'http://127.0.0.1:5000', ws_url: 'ws://127.0.0.1:8765' }],
  failover_reconnects: 3, failover_within_ms: 60_000, switch_back: false, max_symbols: 3000, stall_ms: 30_000,
};

/** SecretStore name of endpoint i's API key ('openalgo.api_key' for the primary). */
export const openAlgoKeyName = (i: number): string => (i === 0 ? 'openalgo.api_key' : `openalgo.api_key.${i}`);

export class OpenAlgoSettingsError extends Error {
  override name = 'OpenAlgoSettingsError';
}

const isUrl = (v: unknown, schemes: readonly string[]): v is string => {
  if (typeof v !== 'string') return false;
  try { return schemes.includes(new URL(v).protocol); } catch { return false; }
};

/** The settings a parsed file gives (defaults for what it leaves out); throws naming the bad field. */
export function parseOpenAlgoSettings(raw: unknown, file: string): OpenAlgoSettings {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new OpenAlgoSettingsError(`${file} is not a JSON object`);
  const r = raw as Record<string, unknown>;
  const out: OpenAlgoSettings = { ...OPENALGO_DEFAULTS };
  if (r.servers !== undefined) {
    if (!Array.isArray(r.servers) || r.servers.length === 0) throw new OpenAlgoSettingsError(`${file}: servers must be a non-empty list`);
    out.servers = r.servers.map((s: unknown, i) => {
      const e = (s ?? {}) as Record<string, unknown>;
      if (!isUrl(e.host_url, ['http:', 'https:'])) throw new OpenAlgoSettingsError(`${file}: servers[${i}].host_url must be an http(s) URL, got ${JSON.stringify(e.host_url)}`);
      if (!isUrl(e.ws_url, ['ws:', 'wss:'])) throw new OpenAlgoSettingsError(`${file}: servers[${i}].ws_url must be a ws(s) URL, got ${JSON.stringify(e.ws_url)}`);
      if (e.label !== undefined && typeof e.label !== 'string') throw new OpenAlgoSettingsError(`${file}: servers[${i}].label must be text`);
      if ('api_key' in e) throw new OpenAlgoSettingsError(`${file}: servers[${i}].api_key does not belong in this file; API keys are kept in the secret store`);
      return { host_url: e.host_url, ws_url: e.ws_url, ...(typeof e.label === 'string' && { label: e.label }) };
    });
  }
  const int = (k: 'failover_reconnects' | 'failover_within_ms' | 'max_symbols' | 'stall_ms', min: number): void => {
    if (r[k] === undefined) return;
    if (!Number.isInteger(r[k]) || (r[k] as number) < min) throw new OpenAlgoSettingsError(`${file}: ${k} must be an integer >= ${min}, got ${JSON.stringify(r[k])}`);
    out[k] = r[k] as number;
  };
  int('failover_reconnects', 1); int('failover_within_ms', 1000); int('max_symbols', 1); int('stall_ms', 1000);
  if (r.switch_back !== undefined) {
    if (typeof r.switch_back !== 'boolean') throw new OpenAlgoSettingsError(`${file}: switch_back must be true or false`);
    out.switch_back = r.switch_back;
  }
  return out;
}

export function failoverOf(s: OpenAlgoSettings): Partial<FailoverOptions> {
  return { reconnects: s.failover_reconnects, withinMs: s.failover_within_ms, switchBack: s.switch_back };
}

// The OpenAlgo account of this data directory: openalgo.json (servers, failover, limits; an
// unusable file is an error naming it, never silently replaced) and each server's API key in the
// SecretStore — write-only: it can be set or deleted, never read back out through Optick.
// Runtime: node.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../common/secret-store.ts';
import type { OpenAlgoEndpoint } from './openalgo-feed.ts';
import { OPENALGO_DEFAULTS, OPENALGO_SETTINGS_FILE, openAlgoKeyName, OpenAlgoSettingsError, parseOpenAlgoSettings, type OpenAlgoSettings } from './account-settings.ts';

export interface OpenAlgoEndpointConfig extends OpenAlgoEndpoint {
  hostUrl: string;
}

export class OpenAlgoAccount {
  readonly path: string;
  readonly #secrets: SecretStore;
  readonly settings: OpenAlgoSettings;
  /** False when no openalgo.json exists (the defaults are in use). */
  readonly fromFile: boolean;

  constructor(dataDir: string, secrets: SecretStore) {
    this.path = join(dataDir, OPENALGO_SETTINGS_FILE);
    this.#secrets = secrets;
    this.fromFile = existsSync(this.path);
    if (!this.fromFile) { this.settings = OPENALGO_DEFAULTS; return; }
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (err) {
      throw new OpenAlgoSettingsError(`${this.path} is not readable JSON (${(err as Error).message}); fix or delete it`);
    }
    this.settings = parseOpenAlgoSettings(raw, this.path);
  }

  /** Stores (or with '' deletes) the API key of server `index` (0 = primary). */
  setApiKey(index: number, key: string): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.settings.servers.length) {
      throw new OpenAlgoSettingsError(`no OpenAlgo server ${index} in ${this.path} (have ${this.settings.servers.length})`);
    }
    if (key === '') this.#secrets.delete(openAlgoKeyName(index));
    else this.#secrets.set(openAlgoKeyName(index), key.trim());
  }

  /** Whether server `index` has a key stored (the key itself is never returned to a caller outside the feed). */
  hasApiKey(index: number): boolean {
    return this.#secrets.get(openAlgoKeyName(index)) !== null;
  }

  /** True when at least the primary has an API key: the account is set up. */
  configured(): boolean {
    return this.hasApiKey(0);
  }

  /** The servers in priority order with their keys, for the feed (servers without a key are left out). */
  endpoints(): OpenAlgoEndpointConfig[] {
    return this.settings.servers.flatMap((s, i) => {
      const apiKey = this.#secrets.get(openAlgoKeyName(i));
      return apiKey ? [{ label: s.label ?? s.ws_url, wsUrl: s.ws_url, hostUrl: s.host_url, apiKey }] : [];
    });
  }
}

// Massive connection settings (DATA_DIR/massive.json) and where its API key lives. 'simulator'
// (the default) for ws_base/rest_base means the built-in simulator, so `--feed massive` runs with
// no account. The API key is a secret: the SecretStore under 'massive.api_key', or the
// OPTICK_MASSIVE_API_KEY environment variable; never in the settings file. Runtime: node.
import { join } from 'node:path';
import { is, readSettingsFile, type SettingsRead } from '../common/settings-file.ts';

export const MASSIVE_SETTINGS_FILE = 'massive.json';
export const MASSIVE_API_KEY_SECRET = 'massive.api_key';
export const MASSIVE_API_KEY_ENV = 'OPTICK_MASSIVE_API_KEY';
export const SIMULATOR = 'simulator';

export interface MassiveSettings {
  /** wss://socket.massive.com (real time), wss://delayed.massive.com (15 min), or 'simulator'. */
  ws_base: string;
  /** https://api.massive.com, or 'simulator'. */
  rest_base: string;
  /** Subscribe FMV (Massive's Business plan) for contracts with a book. */
  fmv: boolean;
  stall_ms: number;
}

export const MASSIVE_DEFAULTS: MassiveSettings = { ws_base: SIMULATOR, rest_base: SIMULATOR, fmv: true, stall_ms: 30_000 };

export function readMassiveSettings(dataDir: string): SettingsRead<MassiveSettings> {
  return readSettingsFile(join(dataDir, MASSIVE_SETTINGS_FILE), MASSIVE_DEFAULTS, {
    ws_base: is.url(['ws:', 'wss:'], SIMULATOR), rest_base: is.url(['http:', 'https:'], SIMULATOR), fmv: is.bool, stall_ms: is.int(100, 600_000),
  });
}

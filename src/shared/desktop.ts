// The desktop app's own settings and its local API, as the Settings sheet shows them. Only the
// Electron host answers these methods; the server host (`optick serve`) has no desktop.

export interface DesktopSettings {
  /** Closing the window hides it to the tray; the engine runs until Quit. */
  close_to_tray: boolean;
  /** Start Optick when the user logs in (off by default). */
  start_at_login: boolean;
  /** The local HTTP/WebSocket API (the one `optick serve` has) while the app runs. */
  api_enabled: boolean;
  /** Its port on 127.0.0.1 (default as `optick serve`). */
  api_port: number;
}

export type LocalApiState = 'off' | 'running' | 'failed';

export interface LocalApiStatus {
  state: LocalApiState;
  port: number;
  /** http://127.0.0.1:PORT while running. */
  url: string | null;
  /** The API token (from the data directory), for the Settings copy button. */
  token: string | null;
  token_file: string;
  /** Why the API is not running (e.g. the port is in use), in words. */
  error: string | null;
}

export interface DesktopState {
  settings: DesktopSettings;
  api: LocalApiStatus;
  version: string;
  data_dir: string;
  /** Whether this OS supports start-at-login. */
  login_item_supported: boolean;
}

export interface DesktopMethods {
  'desktop.get': { req: Record<string, never>; res: DesktopState };
  /** Changes some settings and applies them at once (login item, API restarted on its new port). */
  'desktop.set': { req: Partial<DesktopSettings>; res: DesktopState };
}

export const DEFAULT_API_PORT = 7373;

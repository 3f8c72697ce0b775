// The local API inside the desktop app: the server host `optick serve` runs (HTTP + WebSocket
// on 127.0.0.1, same router, same token file), started and stopped as the settings say. A port
// in use is not fatal: the app runs without its API and Settings says why.
import type { LocalApiStatus } from '../../../shared/desktop.ts';
import type { Logger } from '../../engine/log.ts';

export interface RunningApi { port: number; url: string; close(): Promise<void> }

export interface LocalApiDeps {
  /** Starts the server host on 127.0.0.1:port (startServerHost with the app's engine). */
  start(port: number): Promise<RunningApi>;
  /** The API token (api-token.ts: OPTICK_API_TOKEN or <dataDir>/api-token). */
  token(): string;
  tokenFile: string;
  log: Logger;
}

/** Why a listen failed, in words a trader can act on. */
export function listenFailure(err: unknown, port: number): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return `port ${port} on 127.0.0.1 is in use by another program (another Optick or \`optick serve\`?); the app runs without its local API — choose another port here`;
  if (code === 'EACCES') return `not allowed to listen on port ${port} on 127.0.0.1; choose a port above 1024`;
  return `the local API could not start on port ${port}: ${(err as Error)?.message ?? String(err)}`;
}

export class LocalApi {
  #running: RunningApi | null = null;
  #status: LocalApiStatus;
  #queue: Promise<unknown> = Promise.resolve();

  readonly deps: LocalApiDeps;

  constructor(deps: LocalApiDeps) {
    this.deps = deps;
    this.#status = { state: 'off', port: 0, url: null, token: null, token_file: deps.tokenFile, error: null };
  }

  status(): LocalApiStatus {
    return { ...this.#status };
  }

  /** Starts, stops or moves the API to match the settings; resolves with the resulting status. Calls run one at a time. */
  apply(settings: { api_enabled: boolean; api_port: number }): Promise<LocalApiStatus> {
    const next = this.#queue.then(() => this.#apply(settings));
    this.#queue = next.catch(() => {});
    return next;
  }

  close(): Promise<LocalApiStatus> {
    return this.apply({ api_enabled: false, api_port: this.#status.port });
  }

  async #apply({ api_enabled, api_port }: { api_enabled: boolean; api_port: number }): Promise<LocalApiStatus> {
    if (api_enabled && this.#running && this.#status.port === api_port) return this.status();
    if (this.#running) {
      const r = this.#running;
      this.#running = null;
      await r.close();
      this.deps.log('info', `local API on port ${r.port} stopped`);
    }
    const token = this.#token();
    if (!api_enabled) {
      this.#status = { state: 'off', port: api_port, url: null, token, token_file: this.deps.tokenFile, error: null };
      return this.status();
    }
    try {
      const r = await this.deps.start(api_port);
      this.#running = r;
      this.#status = { state: 'running', port: r.port, url: r.url, token, token_file: this.deps.tokenFile, error: null };
      this.deps.log('info', `local API on ${r.url} (token in ${this.deps.tokenFile})`);
    } catch (err) {
      const error = listenFailure(err, api_port);
      this.#status = { state: 'failed', port: api_port, url: null, token, token_file: this.deps.tokenFile, error };
      this.deps.log('warn', `local API: ${error}`);
    }
    return this.status();
  }

  #token(): string | null {
    try {
      return this.deps.token();
    } catch (err) {
      this.deps.log('error', `local API token: ${(err as Error).message}`);
      return null;
    }
  }
}

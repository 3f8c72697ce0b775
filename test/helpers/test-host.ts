// One running Optick for a test file: the simulator in its worker, the engine and the server
// host on an ephemeral loopback port, with a temp data dir removed afterwards.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/main/engine/log.ts';
import { startRuntime, type OptickConfig, type OptickRuntime } from '../../src/main/host/runtime.ts';
import { startServerHost, type ServerHost } from '../../src/main/host/server.ts';

export interface TestHost {
  runtime: OptickRuntime;
  host: ServerHost;
  token: string;
  dataDir: string;
  /** GET with the token; other headers replace the Authorization header. */
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** GET expecting 200, parsed as JSON. */
  json<T>(path: string): Promise<T>;
  post(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startTestHost(token: string, config: Partial<OptickConfig> = {}): Promise<TestHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'optick-test-'));
  const runtime = await startRuntime({
    dataDir, feed: { kind: 'sim', seed: 7, rate: 1500 }, underlyings: ['NIFTY', 'BANKNIFTY'], pricingWorkers: 1, ...config,
  }, silentLogger);
  const host = await startServerHost({ engine: runtime.engine, hours: runtime.hours.api, token, port: 0, rendererDir: join(dataDir, 'no-renderer') });
  const get = (path: string, headers: Record<string, string> = { Authorization: `Bearer ${token}` }) => fetch(`${host.url}${path}`, { headers });
  return {
    runtime, host, token, dataDir, get,
    json: async <T>(path: string): Promise<T> => {
      const r = await get(path);
      assert.equal(r.status, 200, `${path} → ${r.status} ${await r.clone().text()}`);
      return (await r.json()) as T;
    },
    post: async (path, body) => {
      const r = await fetch(`${host.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as unknown };
    },
    close: async () => {
      await host.close();
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

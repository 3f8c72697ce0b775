// What `optick serve` checks before it starts anything (simulator, engine, pricing workers):
// the data directory can be created and written, and the port is free. Each failure is one
// line naming the directory or port and what to do (the CLI exits 2), never a stack trace.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A start-up condition the user must fix; the message is the whole story. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

const why = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/, '')}` : String(e.message ?? err);
};

/** Creates the data directory if missing (0700) and proves it writable with a probe file. */
export function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new StartupError(`cannot create the data directory ${dir} (${why(err)}); choose another with --data-dir DIR or OPTICK_DATA_DIR`);
  }
  const probe = join(dir, `.optick-write-probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    throw new StartupError(`the data directory ${dir} is not writable (${why(err)}); fix its permissions or choose another with --data-dir DIR`);
  }
}

export function portInUseMessage(port: number, host: string): string {
  return `port ${port} on ${host} is already in use (another Optick or another program); choose another with --port N (--port 0 picks a free one)`;
}

/** Resolves when `port` can be listened on at `host` (port 0 always can); else a StartupError. */
export async function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      reject(new StartupError(err.code === 'EADDRINUSE' ? portInUseMessage(port, host)
        : `cannot listen on port ${port} on ${host} (${why(err)}); choose another with --port N`));
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

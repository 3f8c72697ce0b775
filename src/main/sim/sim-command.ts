// `optick sim --port P [--token T] [--seed N] [--rate R] [--openalgo-port Q] [--openalgo-key K]`:
// the simulator alone, as a stand-in Upstox and OpenAlgo server for anyone's scripts. Runs until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startSimulator } from './simulator.ts';
import { startUsSimulator } from './us-sim.ts';

const USAGE = 'usage: sim [--port P] [--token T] [--seed N] [--rate TICKS_PER_S] [--host H] [--openalgo-port Q] [--openalgo-key K] [--us-port U]';

function numberArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number, got '${v}'`);
  return n;
}

/** One line saying why the server could not listen (a port in use names the port and what to do). */
function startProblem(e: NodeJS.ErrnoException, host: string, port: number | undefined): string {
  if (e.code === 'EADDRINUSE') return `port ${port ?? '?'} on ${host} is already in use (another optick sim or serve?); stop it or pick another with --port`;
  if (e.code === 'EACCES') return `no permission to listen on ${host}:${port ?? '?'}; pick a port above 1023 with --port`;
  return e.message;
}

/** Parses argv (without node and script), starts the simulator, prints one line, waits for a signal. Returns the exit code. */
export async function runSimCommand(argv: string[]): Promise<number> {
  let opts;
  let usPort: number | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, token: { type: 'string' }, seed: { type: 'string' }, rate: { type: 'string' }, host: { type: 'string' }, 'openalgo-port': { type: 'string' }, 'openalgo-key': { type: 'string' }, 'us-port': { type: 'string' } },
      strict: true,
    });
    const openalgoPort = numberArg('openalgo-port', values['openalgo-port']);
    usPort = numberArg('us-port', values['us-port']);
    opts = {
      host: values.host, port: numberArg('port', values.port), token: values.token, seed: numberArg('seed', values.seed), rate: numberArg('rate', values.rate),
      openalgo: { ...(openalgoPort !== undefined && { port: openalgoPort }), ...(values['openalgo-key'] !== undefined && { apiKey: values['openalgo-key'] }) },
    };
  } catch (e) {
    console.error(`sim: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  let sim;
  let us;
  try {
    sim = await startSimulator(opts);
  } catch (e) {
    console.error(`sim: cannot start: ${startProblem(e as NodeJS.ErrnoException, opts.host ?? '127.0.0.1', opts.port)}`);
    return 1;
  }
  try {
    us = await startUsSimulator({ host: opts.host, port: usPort, seed: opts.seed });
  } catch (e) {
    await sim.close();
    console.error(`sim: cannot start the US/crypto simulator: ${startProblem(e as NodeJS.ErrnoException, opts.host ?? '127.0.0.1', usPort)}`.replace('--port', '--us-port'));
    return 1;
  }
  console.log(`Optick simulator (Upstox V3) listening on ${sim.feedUrl} — token ${sim.token}`);
  const oa = sim.openalgo[0]!;
  console.log(`Optick simulator (OpenAlgo) REST ${oa.hostUrl}/api/v1/, WebSocket proxy ${oa.wsUrl} — API key ${oa.apiKey}`);
  console.log(`Optick simulator (Massive) REST ${us.baseUrl}, WebSocket ${us.massiveWsBase}/options and /stocks — API key ${us.apiKey}; (JSON price stream) ${us.jsonStreamUrl}`);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  console.error(`sim: ${signal}, closing`);
  await us.close();
  await sim.close();
  return 0;
}

// `optick <command>`: the one Node entry point (serve, sim, price, …).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { consoleLogger } from './engine/log.ts';
import { ApiTokenError, loadApiToken } from './host/api-token.ts';
import { assertPortFree, portInUseMessage, prepareDataDir, StartupError } from './host/startup-checks.ts';
import { claimDataDir } from './host/instance-lock.ts';
import { shutdown, shutdownRequested } from './host/shutdown.ts';
import { defaultDataDir, startRuntime, type LiveFeedConfig } from './host/runtime.ts';
import { assignUnderlyings, FeedOptionError, parseFeedList, type FeedAssignment } from '../shared/feeds.ts';
import { startServerHost } from './host/server.ts';
import { appLayout } from './app-paths.ts';
import { runPriceCommand } from './engine/pricing/cli-price.ts';
import { runSimCommand } from './sim/index.ts';
import { runBhavcopyImport } from './bhavcopy-cli.ts';
import { OPENALGO_KEY_HELP, runOpenAlgoKeyCommand } from './openalgo-cli.ts';
import { HISTORY_HELP, HistoryCliError, replayFeedOption, runExportCommand, runImportCommand } from './history-cli.ts';

const HELP = `usage: optick <command> [options]

commands:
  serve   start the simulator (or a configured broker feed), the engine and the
          browser UI + local API on 127.0.0.1
            --port N (7373)  --data-dir DIR  --seed N  --rate TICKS_PER_S
            --underlyings NIFTY,BANKNIFTY  --flush-ms N (16)
            --keep-days N (0 = no age limit)  --keep-gb N (8): tick history retention
            --new-store: when ticks.db is damaged (or was moved aside as
            ticks.db.corrupt-TIME), record into a new empty one; a healthy store is kept
            --no-backfill: on the simulator, do not store today's history up to its start
            --interest-rate R (0.065)  --time-basis calendar|trading: pricing conventions
            --feed sim|upstox|openalgo|massive|json[,…] (sim): upstox streams from your Upstox account
            (settings in DATA_DIR/upstox.json; log in from the UI or the printed URL);
            openalgo streams from your OpenAlgo server (DATA_DIR/openalgo.json and the
            API key stored with 'optick openalgo-key'; with no key: the simulator's);
            several at once: --feed upstox,openalgo --underlyings NIFTY@upstox,BANKNIFTY@openalgo
            (NAME@feed pins an underlying; unpinned ones go to the first feed)
            --replay FROM..TO [--speed 1|10|100|max]: play the tick store back
            instead (no simulator, no live feed, nothing re-stored)
  sim     run the market simulator alone as a stand-in Upstox V3 server
            --port N  --token T (sim-token)  --seed N  --rate R
  price   option calculator: premium and Greeks, or the IV of a premium
            --model black76|bsm --type call|put (--F F | --S S) --K K --T YEARS
            [--r RATE] [--q YIELD] (--sigma VOL | --price PREMIUM); prints JSON
${HISTORY_HELP}          optick import bhavcopy FILE.csv [--underlyings U,U] [--today YYYY-MM-DD] [--data-dir DIR]:
            the previous session's closing OI from an NSE F&O bhavcopy (UDiFF), for ΔOI
${OPENALGO_KEY_HELP}  help    this text
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'sim':
      return runSimCommand(rest);
    case 'price':
      return runPriceCommand(rest);
    case 'export':
      return runExportCommand(rest);
    case 'openalgo-key':
      return runOpenAlgoKeyCommand(rest);
    case 'import':
      return rest[0] === 'bhavcopy' ? runBhavcopyImport(rest.slice(1)) : runImportCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return 0;
    default:
      process.stderr.write(`optick: unknown command '${command}'\n\n${HELP}`);
      return 2;
  }
}

async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '7373' },
      'data-dir': { type: 'string' },
      seed: { type: 'string', default: '1' },
      rate: { type: 'string' },
      underlyings: { type: 'string' },
      'flush-ms': { type: 'string' },
      replay: { type: 'string' },
      speed: { type: 'string' },
      feed: { type: 'string', default: 'sim' },
      'interest-rate': { type: 'string' },
      'time-basis': { type: 'string', default: 'calendar' },
      'keep-days': { type: 'string' },
      'keep-gb': { type: 'string' },
      'new-store': { type: 'boolean' },
      'no-backfill': { type: 'boolean' },
    },
    strict: true,
  });
  const interestRate = values['interest-rate'] === undefined ? undefined : Number(values['interest-rate']);
  if (interestRate !== undefined && !(Number.isFinite(interestRate) && Math.abs(interestRate) <= 1)) throw new UsageError(`--interest-rate is a decimal (0.065 = 6.5 %), got '${values['interest-rate']}'`);
  const timeBasis = values['time-basis'];
  if (timeBasis !== 'calendar' && timeBasis !== 'trading') throw new UsageError(`--time-basis must be calendar or trading, got '${timeBasis}'`);
  const retention = {
    ...(values['keep-days'] !== undefined ? { tickDays: intOption('--keep-days', values['keep-days'], 0, 100_000) } : {}),
    ...(values['keep-gb'] !== undefined ? { maxBytes: intOption('--keep-gb', values['keep-gb'], 0, 100_000) * 1024 ** 3 } : {}),
  };
  const port = intOption('--port', values.port!, 0, 65535);
  const seed = intOption('--seed', values.seed!, 0, 2 ** 31 - 1);
  const rate = values.rate === undefined ? undefined : intOption('--rate', values.rate, 1, 10_000_000);
  const flushMs = values['flush-ms'] === undefined ? undefined : intOption('--flush-ms', values['flush-ms'], 1, 10_000);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const log = consoleLogger('optick');
  let feeds: FeedAssignment[];
  try {
    feeds = assignUnderlyings(parseFeedList(values.feed!), values.underlyings ? values.underlyings.split(',') : null);
  } catch (err) {
    throw err instanceof FeedOptionError ? new UsageError(err.message) : err;
  }
  if (values.replay && feeds.length > 1) throw new UsageError('--replay plays the tick store alone: give no --feed list with it');
  // Before anything starts: a usable data directory, the API token, a free port.
  prepareDataDir(dataDir);
  const lock = claimDataDir(dataDir, { port: port || null, log });
  // Listen for a stop from the moment the lock is ours: a signal during startup (the simulator
  // spawning, the instrument master, the day's backfill) must shut down like one after it, not
  // end the process by the signal's default action with the lock left behind.
  const stopRequested = shutdownRequested();
  const token = loadApiToken(dataDir);
  await assertPortFree(port);
  const runtime = await startRuntime({
    dataDir,
    feed: values.replay ? replayFeedOption(values.replay, values.speed) : feeds.map((f) => liveFeed(f, seed, rate)),
    underlyings: feeds[0]!.underlyings,
    flushMs,
    history: { store: { retention }, newStore: values['new-store'] ?? false, backfill: !values['no-backfill'] },
    rate: interestRate,
    timeBasis,
    openUrl: (url) => { process.stdout.write(`To log in to Upstox, open: ${url}\n`); return false; },
  }, log);
  const host = await startServerHost({ engine: runtime.engine, hours: runtime.hours.api, upstox: runtime.upstox, token, port, rendererDir: appLayout().renderer, log }).catch(async (err: NodeJS.ErrnoException) => {
    await runtime.stop(); // taken in the moment since the check: still one line, nothing left running
    throw err.code === 'EADDRINUSE' ? new StartupError(portInUseMessage(port, '127.0.0.1')) : err;
  });
  lock.update({ port: host.port });
  process.stdout.write(`Optick is serving on ${host.url}/?token=${encodeURIComponent(token)}\n`);
  return shutdown({ host, runtime, lock }, await stopRequested, log);
}

class UsageError extends Error {}

/** One --feed entry as the runtime takes it. */
function liveFeed(f: FeedAssignment, seed: number, rate: number | undefined): LiveFeedConfig {
  switch (f.kind) {
    case 'sim': return { kind: 'sim', seed, rate, underlyings: f.underlyings };
    case 'upstox': return { kind: 'upstox', underlyings: f.underlyings };
    case 'openalgo': return { kind: 'openalgo', underlyings: f.underlyings };
    case 'massive': return { kind: 'massive', seed, underlyings: f.underlyings };
    case 'json': return { kind: 'json', seed, underlyings: f.underlyings };
  }
}

function intOption(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  return n;
}

export function reportFatal(err: unknown): number {
  if (err instanceof UsageError || err instanceof StartupError || (err as Error)?.name === 'OpenAlgoSettingsError' || (err as Error)?.name === 'OpenAlgoInstrumentError' || err instanceof ApiTokenError || err instanceof HistoryCliError || (err as Error)?.name === 'UnknownSymbolError' || (err as Error)?.name === 'BadRequestError' || (err as Error)?.name === 'ReplayError' || (err as Error)?.name === 'BhavcopyError' || (err as { code?: string })?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`optick: ${(err as Error).message}\n`);
    return 2;
  }
  process.stderr.write(`optick: ${(err as Error)?.stack ?? err}\n`);
  return 1;
}

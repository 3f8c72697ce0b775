// `optick openalgo-key [--server N] [--data-dir DIR]`: stores the API key of OpenAlgo server N
// (0 = the primary of DATA_DIR/openalgo.json) read from stdin, in the data directory's secret
// store — write-only: Optick never prints or serves it back. An empty line deletes it.
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { consoleLogger } from './engine/log.ts';
import { FileSecretStore, SECRETS_FILE } from './engine/feeds/common/secret-store-node.ts';
import { OpenAlgoAccount } from './engine/feeds/openalgo/account-node.ts';
import { defaultDataDir } from './host/runtime.ts';

export const OPENALGO_KEY_HELP = `  openalgo-key  store an OpenAlgo API key read from stdin (write-only; empty deletes)
            [--server N (0 = primary of DATA_DIR/openalgo.json)] [--data-dir DIR]
`;

async function readStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) { text += chunk as string; if (text.includes('\n')) break; }
  return text.split('\n')[0]!.trim();
}

export async function runOpenAlgoKeyCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { server: { type: 'string', default: '0' }, 'data-dir': { type: 'string' } }, strict: true });
  const server = Number(values.server);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const log = consoleLogger('optick');
  const account = new OpenAlgoAccount(dataDir, new FileSecretStore(join(dataDir, SECRETS_FILE), log));
  if (process.stdin.isTTY) process.stderr.write(`OpenAlgo API key for ${account.settings.servers[server]?.ws_url ?? `server ${server}`}: `);
  const key = await readStdin();
  account.setApiKey(server, key);
  process.stdout.write(key ? `stored the API key of OpenAlgo server ${server} (${account.settings.servers[server]!.ws_url}) in ${join(dataDir, SECRETS_FILE)}\n` : `deleted the API key of OpenAlgo server ${server}\n`);
  return 0;
}

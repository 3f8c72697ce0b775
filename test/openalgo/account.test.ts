// OpenAlgo settings and keys: openalgo.json holds servers (priority order), failover and limits,
// validated naming the field; API keys live only in the secret store (write-only), set with
// `optick openalgo-key` from stdin; a key in the settings file is refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FileSecretStore } from '../../src/main/engine/feeds/common/secret-store-node.ts';
import { OpenAlgoAccount } from '../../src/main/engine/feeds/openalgo/account-node.ts';
import { OPENALGO_DEFAULTS, parseOpenAlgoSettings } from '../../src/main/engine/feeds/openalgo/account-settings.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];
const temp = (): string => { const d = mkdtempSync(join(tmpdir(), 'optick-oa-acct-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

test('settings: defaults are OpenAlgo\'s local ports; bad fields are named; keys do not belong in the file', () => {
  assert.deepEqual(parseOpenAlgoSettings({}, 'f'), OPENALGO_DEFAULTS);
  assert.deepEqual(OPENALGO_DEFAULTS.servers, [{ host_url: 'http://127.0.0.1:5000', ws_url: 'ws://127.0.0.1:8765' }]);
  assert.throws(() => parseOpenAlgoSettings({ servers: [{ host_url: 'http://a', ws_url: 'http://b' }] }, 'f'), /servers\[0\]\.ws_url must be a ws\(s\) URL/);
  assert.throws(() => parseOpenAlgoSettings({ servers: [{ host_url: 'http://a', ws_url: 'ws://b', api_key: 'x' }] }, 'f'), /api_key does not belong in this file/);
  assert.throws(() => parseOpenAlgoSettings({ failover_reconnects: 0 }, 'f'), /failover_reconnects must be an integer >= 1/);
  assert.throws(() => parseOpenAlgoSettings({ switch_back: 'yes' }, 'f'), /switch_back must be true or false/);
  assert.throws(() => parseOpenAlgoSettings([], 'f'), /is not a JSON object/);
});

test('endpoints come in priority order with their stored keys; a server without a key is left out', () => {
  const dir = temp();
  writeFileSync(join(dir, 'openalgo.json'), JSON.stringify({ servers: [
    { host_url: 'http://a:5000', ws_url: 'wss://a/ws', label: 'main' }, { host_url: 'http://b:5000', ws_url: 'ws://b:8765' }, { host_url: 'http://c:5000', ws_url: 'ws://c:8765' },
  ], switch_back: true }));
  const secrets = new FileSecretStore(join(dir, 'secrets.json'), () => {});
  const account = new OpenAlgoAccount(dir, secrets);
  assert.equal(account.configured(), false);
  account.setApiKey(0, 'key-a');
  account.setApiKey(2, 'key-c');
  assert.deepEqual(account.endpoints(), [
    { label: 'main', wsUrl: 'wss://a/ws', hostUrl: 'http://a:5000', apiKey: 'key-a' },
    { label: 'ws://c:8765', wsUrl: 'ws://c:8765', hostUrl: 'http://c:5000', apiKey: 'key-c' },
  ]);
  assert.equal(account.settings.switch_back, true);
  assert.throws(() => account.setApiKey(3, 'x'), /no OpenAlgo server 3/);
  assert.doesNotMatch(readFileSync(join(dir, 'openalgo.json'), 'utf8'), /key-a/, 'keys never go to the settings file');
});

test('optick openalgo-key stores the key from stdin without printing it; an empty line deletes it', () => {
  const dir = temp();
  const run = (input: string) => spawnSync(join(ROOT, 'node_modules/.bin/node'), [join(ROOT, 'bin/optick.mjs'), 'openalgo-key', '--data-dir', dir], { input, encoding: 'utf8', timeout: 30_000 });
  let r = run('s3cret-key-value\n');
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /s3cret-key-value/);
  assert.equal(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))['openalgo.api_key'], 's3cret-key-value');
  r = run('\n');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))['openalgo.api_key'], undefined);
});

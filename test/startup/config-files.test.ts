// Corrupt config files are never silently dropped: a notice names the file and what to do, the
// file is kept, and the first save moves it aside (`<file>.corrupt-<time>`) before replacing it.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Notices } from '../../src/main/engine/notices.ts';
import { UpstoxAccount } from '../../src/main/engine/feeds/upstox/account-node.ts';
import { FileSecretStore } from '../../src/main/engine/feeds/common/secret-store-node.ts';
import { loadApiToken, ApiTokenError } from '../../src/main/host/api-token.ts';

const dirs: string[] = [];
const temp = () => { const d = mkdtempSync(join(tmpdir(), 'optick-cfg-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const quiet = () => {};

test('secrets.json with wrong-typed values: a notice naming the file and the keys, good values kept, file moved aside on save', () => {
  const dir = temp();
  const file = join(dir, 'secrets.json');
  const bad = JSON.stringify({ 'upstox.api_secret': 'good-secret', 'upstox.session': { access_token: 'x' } });
  writeFileSync(file, bad);
  const notices = new Notices(quiet, () => 5);
  const store = new FileSecretStore(file, quiet, { notices, now: () => 1234 });
  const [n] = notices.list();
  assert.equal(n?.source, 'secrets');
  assert.equal(n.file, file);
  assert.match(n.message, /upstox\.session \(object\)/);
  assert.equal(store.get('upstox.api_secret'), 'good-secret', 'the usable value is still used');
  assert.equal(store.get('upstox.session'), null);
  assert.equal(store.get('toString'), null, 'no inherited members');
  assert.equal(readFileSync(file, 'utf8'), bad, 'kept as it was until a save');
  store.set('upstox.session', '{"access_token":"new"}');
  assert.equal(readFileSync(`${file}.corrupt-1234`, 'utf8'), bad, 'moved aside, never deleted');
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { 'upstox.api_secret': 'good-secret', 'upstox.session': '{"access_token":"new"}' });
  assert.deepEqual(notices.list(), [], 'a good save clears the notice');
});

test('secrets.json that is not JSON or not an object: a notice, nothing silently reset', () => {
  for (const text of ['{oops', 'null', '[1]']) {
    const dir = temp();
    const file = join(dir, 'secrets.json');
    writeFileSync(file, text);
    const notices = new Notices(quiet);
    new FileSecretStore(file, quiet, { notices });
    assert.equal(notices.list().length, 1, text);
    assert.match(notices.list()[0]!.message, /not readable JSON|not a JSON object/);
    assert.equal(readFileSync(file, 'utf8'), text);
  }
});

test('upstox.json invalid: defaults used, a notice naming the file, moved aside before a save replaces it', () => {
  const dir = temp();
  const file = join(dir, 'upstox.json');
  const bad = '{"api_key": 42, "rest_base": "ftp://x"}';
  writeFileSync(file, bad);
  const notices = new Notices(quiet);
  const secrets = new FileSecretStore(join(dir, 'secrets.json'), quiet, { notices });
  const account = new UpstoxAccount({ dataDir: dir, secrets, log: quiet, notices, now: () => 777 });
  const [n] = notices.list();
  assert.equal(n?.id, 'upstox-settings:file');
  assert.equal(n.file, file);
  assert.match(n.message, /is invalid: api_key must be a string; rest_base must be a http: or https: URL/);
  assert.equal(account.settings().rest_base, 'https://api.upstox.com', 'the defaults are used');
  assert.equal(readFileSync(file, 'utf8'), bad);
  assert.equal(account.putSettings({ api_key: 'k' }).ok, true);
  assert.equal(readFileSync(`${file}.corrupt-777`, 'utf8'), bad);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).api_key, 'k');
  assert.deepEqual(notices.list(), []);
});

test('api-token: generated once when missing, refused (not replaced) when empty or junk', () => {
  const dir = temp();
  const t = loadApiToken(dir, {});
  assert.equal(loadApiToken(dir, {}), t, 'kept across restarts');
  writeFileSync(join(dir, 'api-token'), '  \n');
  assert.throws(() => loadApiToken(dir, {}), (e: unknown) => e instanceof ApiTokenError && e.file === join(dir, 'api-token') && /is empty/.test(e.message));
  assert.equal(readFileSync(join(dir, 'api-token'), 'utf8'), '  \n');
  assert.equal(loadApiToken(dir, { OPTICK_API_TOKEN: 'from-env-0123456789' }), 'from-env-0123456789', 'the environment wins');
  assert.deepEqual(readdirSync(dir), ['api-token']);
});

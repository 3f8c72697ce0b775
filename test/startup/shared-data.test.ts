// Tests on ../shared/data fail at once, naming the path, when the folder is absent (finding 7).
// test/store/csv.test.ts used to hang: it streamed a missing file into the importer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, SharedDataMissingError, sharedDataPath } from '../helpers/shared-data.ts';

test('sharedDataPath names the missing path', () => {
  assert.throws(() => sharedDataPath('no/such/file.json'), (e: unknown) => e instanceof SharedDataMissingError && e.message.includes(join('no', 'such', 'file.json')));
});

test('with OPTICK_SHARED_DATA pointing nowhere, the shared-data tests fail at once naming the path', () => {
  const missing = join(REPO_ROOT, 'no-shared-data-here');
  // A child `node --test` under a test runner reports to it instead of exiting: run it on its own.
  const { NODE_TEST_CONTEXT: _ctx, ...env } = process.env;
  for (const file of ['test/store/csv.test.ts', 'test/candles/nifty-real.test.ts', 'test/renderer/chain-book.test.ts']) {
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--test', '--test-timeout=60000', join(REPO_ROOT, file)], {
      cwd: REPO_ROOT, encoding: 'utf8', timeout: 90_000, env: { ...env, OPTICK_SHARED_DATA: missing },
    });
    assert.notEqual(r.status, 0, `${file} must fail without its data`);
    assert.equal(r.signal, null, `${file} must not hang`);
    assert.ok(Date.now() - started < 45_000, `${file} failed at once`);
    assert.match(`${r.stdout}${r.stderr}`, new RegExp(`shared market data not found at ${missing.replace(/[/\\.]/g, '\\$&')}`), file);
  }
});

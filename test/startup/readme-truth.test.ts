// The README says only what exists, with the real defaults (finding 7): the retention default,
// the Node the project needs (package.json engines, the CLI shim's check), no promised feeds.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/shared-data.ts';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; devEngines?: { runtime?: { name: string; version: string } } };

test('tick retention: the README states the real default (no age limit, --keep-days 0), not "30 days"', () => {
  assert.doesNotMatch(readme, /kept\s+\d+\s+days\s+by\s+default/);
  assert.match(readme, /no\s+age limit by default \(`--keep-days 0`\)/);
  const help = readFileSync(join(REPO_ROOT, 'src/main/cli.ts'), 'utf8');
  assert.match(help, /--keep-days N \(0 = no age limit\)/);
  assert.match(readFileSync(join(REPO_ROOT, 'src/main/engine/store/tick-store.ts'), 'utf8'), /DEFAULT_RETENTION: RetentionPolicy = \{ tickDays: 0,/);
});

test('the opening paragraph promises no feed that does not exist: OpenAlgo, Massive and the JSON price stream each have an adapter', () => {
  const opening = readme.split('\n## ')[0]!;
  const adapters: [RegExp, string][] = [
    [/OpenAlgo/, 'src/main/engine/feeds/openalgo/openalgo-feed.ts'],
    [/Massive|Polygon/, 'src/main/engine/feeds/massive/massive-feed.ts'],
    [/JSON price stream|Bluefin/, 'src/main/engine/feeds/json-stream/json-stream-feed.ts'],
  ];
  for (const [named, file] of adapters) {
    if (named.test(opening)) assert.ok(existsSync(join(REPO_ROOT, file)), `the README's opening names ${named.source}: ${file} must exist`);
  }
  assert.match(opening, /OpenAlgo/);
});

test('the Node the README names, package.json engines and the CLI shim agree (22.14)', () => {
  assert.equal(pkg.engines.node, '>=22.14');
  assert.match(readme, /Optick itself needs Node ≥ 22\.14/);
  // npm itself may be older (its scripts run on the node@24 devDependency): devEngines says so.
  assert.deepEqual(pkg.devEngines?.runtime && [pkg.devEngines.runtime.name, pkg.devEngines.runtime.version], ['node', '>=20']);
  assert.match(readme, /npm may run on any Node ≥ 20 \(`devEngines`\)/);
  const shim = readFileSync(join(REPO_ROOT, 'bin/optick.mjs'), 'utf8');
  assert.match(shim, /major < 22 \|\| \(major === 22 && minor < 14\)/);
});

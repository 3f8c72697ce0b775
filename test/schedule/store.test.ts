import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDocument, putTemplate, validateDocument } from '../../src/main/engine/schedule/document.ts';
import { TradingHoursFileStore } from '../../src/main/engine/schedule/store-node.ts';
import { crypto, nse, us } from './templates.ts';

const builtIns = [crypto, nse, us];
function tmp(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'optick-hours-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'trading-hours.json');
}
const renamed = (name: string) => ({ ...nse, id: 'nse-custom', name });
/** Saves the document with a custom template named `name`; returns what was saved. */
function saveEdit(store: TradingHoursFileStore, name: string) {
  const r = putTemplate(store.document(), renamed(name));
  assert.ok(r.ok);
  store.save(r.value);
  return r.value;
}

test('first start uses the built-ins and the default feed choices, writing nothing', (t) => {
  const file = tmp(t);
  const store = new TradingHoursFileStore(file, builtIns);
  assert.equal(store.loadError(), null);
  assert.deepEqual(store.document().templates.map((x) => x.id), ['crypto-24x7', 'nse-fo', 'us-options']);
  assert.equal(store.document().activeByFeed.upstox, 'nse-fo');
  assert.equal(store.document().activeByFeed.massive, 'us-options');
  assert.equal(existsSync(file), false);
  assert.ok(validateDocument(defaultDocument(builtIns)).ok);
});

test('save writes atomically, keeps the previous good file as .bak, and reloads the same document', (t) => {
  const file = tmp(t);
  const store = new TradingHoursFileStore(file, builtIns);
  saveEdit(store, 'first');
  assert.equal(existsSync(`${file}.bak`), false, 'no previous file to back up');
  const two = saveEdit(store, 'second');
  const bak = JSON.parse(readFileSync(`${file}.bak`, 'utf8'));
  assert.equal(bak.templates.find((x: { id: string }) => x.id === 'nse-custom').name, 'first');
  assert.deepEqual(new TradingHoursFileStore(file, builtIns).document(), two);
  assert.deepEqual(readdirSync(join(file, '..')).sort(), ['trading-hours.json', 'trading-hours.json.bak'], 'no temp file left');
});

test('a corrupt file is reported, the last good copy (.bak) is used, and the file is not reset', (t) => {
  const file = tmp(t);
  const store = new TradingHoursFileStore(file, builtIns);
  saveEdit(store, 'first');
  saveEdit(store, 'second');
  writeFileSync(file, '{"version":1,"activeByFeed":{}, "templates": [');
  const logs: string[] = [];
  const reopened = new TradingHoursFileStore(file, builtIns, { log: (l, m) => logs.push(`${l} ${m}`), now: () => 1_790_000_000_000 });
  assert.match(reopened.loadError() ?? '', /trading-hours\.json is corrupt or invalid: not readable JSON .*using the last good copy .*\.bak/);
  assert.equal(reopened.document().templates.find((x) => x.id === 'nse-custom')?.name, 'first');
  assert.equal(readFileSync(file, 'utf8'), '{"version":1,"activeByFeed":{}, "templates": [', 'corrupt file left as it was');
  assert.equal(logs.length, 1);
  // The next save keeps the corrupt file aside rather than destroying it.
  saveEdit(reopened, 'third');
  assert.equal(reopened.loadError(), null);
  assert.equal(readFileSync(`${file}.corrupt-1790000000000`, 'utf8'), '{"version":1,"activeByFeed":{}, "templates": [');
});

test('an invalid document names the field; without a backup the built-ins serve, in memory only', (t) => {
  const file = tmp(t);
  const doc = structuredClone(defaultDocument(builtIns)) as unknown as { templates: { week: { mon: { normal: { start: string } } } }[] };
  doc.templates[1]!.week.mon.normal.start = '9:15';
  const text = JSON.stringify(doc);
  writeFileSync(file, text);
  const store = new TradingHoursFileStore(file, builtIns);
  assert.match(store.loadError() ?? '', /templates\[1\]\.week\.mon\.normal\.start: must be a time 'HH:MM'.*"9:15".*no good backup, using the built-in templates/);
  assert.equal(store.document().templates.length, 3);
  assert.equal(readFileSync(file, 'utf8'), text);
});

test('reloading a file broken while running keeps the templates in use', (t) => {
  const file = tmp(t);
  const store = new TradingHoursFileStore(file, builtIns);
  const saved = saveEdit(store, 'mine');
  writeFileSync(file, JSON.stringify({ version: 2, activeByFeed: {}, templates: [] }));
  store.load();
  assert.match(store.loadError() ?? '', /version: must be 1, found 2; keeping the templates already loaded/);
  assert.deepEqual(store.document(), saved);
});

test('saving an invalid document is refused with the cause', (t) => {
  const store = new TradingHoursFileStore(tmp(t), builtIns);
  const doc = { ...store.document(), activeByFeed: { upstox: 'gone' } };
  assert.throws(() => store.save(doc), /activeByFeed\.upstox: names template 'gone', which is not in the document/);
});

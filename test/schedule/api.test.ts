import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BUILTIN_DIR } from '../../src/main/engine/schedule/builtins-node.ts';
import { openTradingHours } from '../../src/main/engine/schedule/service-node.ts';
import { Router, type Reply } from '../../src/main/host/http/router.ts';
import { tradingHoursRoutes } from '../../src/main/host/http/routes/trading-hours.ts';
import type { TradingHoursListing, TradingHoursStatus } from '../../src/shared/trading-hours.ts';
import { FakeTime, ist, RecordingFeed } from './fake-time.ts';
import { nse } from './templates.ts';

function rig(t: { after: (fn: () => void) => void }, start = ist('2026-11-20', '08:00')) {
  const dir = mkdtempSync(join(tmpdir(), 'optick-hours-api-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const time = new FakeTime(start);
  const hours = openTradingHours(dir, { clock: time, timers: time });
  const feed = new RecordingFeed(time);
  hours.addFeed('upstox', feed);
  hours.scheduler.start();
  const router = new Router();
  tradingHoursRoutes(router, { hours: hours.api });
  const http = (method: string, path: string, body: unknown) => router.invoke(method, path, body) as Reply | null;
  return { dir, time, hours, feed, http };
}

test('GET /api/trading-hours lists templates, feed choices and built-in ids', (t) => {
  const { http } = rig(t);
  const r = http('GET', '/api/trading-hours', undefined)!;
  assert.equal(r.status, 200);
  const body = r.body as TradingHoursListing;
  assert.deepEqual(body.builtin_ids, ['crypto-24x7', 'nse-fo', 'us-options']);
  assert.equal(body.activeByFeed.upstox, 'nse-fo');
  assert.equal(body.load_error, null);
  assert.equal(http('GET', '/api/option-chain', undefined), null, 'other paths are not ours');
});

test('GET /api/trading-hours/status: session now, next transition and connection plan per feed', (t) => {
  const { http, time } = rig(t);
  time.advanceTo(ist('2026-11-20', '14:18'));
  const s = http('GET', '/api/trading-hours/status', undefined)!.body as TradingHoursStatus;
  const f = s.feeds[0]!;
  assert.equal(f.feed, 'upstox');
  assert.equal(f.session.phase, 'normal');
  assert.deepEqual(f.session.next, { at: ist('2026-11-20', '15:30'), from: 'normal', to: 'closed' });
  assert.equal(f.session.next_open, ist('2026-11-23', '09:15'));
  assert.equal(f.session.today.length, 3);
  assert.equal(f.planned, 'active');
  assert.equal(f.applied, 'active');
  assert.deepEqual(f.next_action, { at: ist('2026-11-20', '16:05'), action: 'disconnect' });
});

test('PUT with validation errors is 400 with field names; a good PUT persists and re-plans the feed', (t) => {
  const { dir, http, feed, time } = rig(t);
  const broken = { ...structuredClone(nse), week: { ...structuredClone(nse.week), fri: { trades: true, normal: { start: '09:15', end: '08:00' } } } };
  const bad = http('PUT', '/api/trading-hours', broken)!;
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body, { ok: false, errors: [{ field: 'week.fri.normal.end', message: 'must be after start (09:15), found 08:00' }] });
  // Friday 20 Nov: the trader moves the open of the edited NSE template to 10:00.
  const edited = structuredClone(nse);
  edited.week.fri = { trades: true, normal: { start: '10:00', end: '15:30' } };
  assert.deepEqual(http('PUT', '/api/trading-hours/nse-fo', edited), { status: 200, body: { ok: true } });
  time.advanceTo(ist('2026-11-20', '10:00'));
  assert.deepEqual(feed.events.map((e) => [e.action, e.at]), [['connect', new Date(ist('2026-11-20', '09:55')).toISOString()], ['activate', new Date(ist('2026-11-20', '10:00')).toISOString()]]);
  // It survives a restart from the same data directory.
  const again = openTradingHours(dir, { clock: time, timers: time });
  assert.deepEqual(again.store.document().templates.find((x) => x.id === 'nse-fo')?.week.fri, edited.week.fri);
  assert.equal(http('PUT', '/api/trading-hours/other', edited)!.status, 400, 'path id must match the body');
});

test('activate, force and remove through the contract methods', (t) => {
  const { hours, feed } = rig(t, ist('2026-11-21', '12:00'));
  const call = hours.api.call;
  assert.deepEqual(call('hours.activate', { feed: 'upstox', template_id: 'nope' }), { ok: false, errors: [{ field: 'template_id', message: 'no template "nope" (have: crypto-24x7, nse-fo, us-options)' }] });
  assert.deepEqual(call('hours.activate', { feed: 'upstox', template_id: 'crypto-24x7' }), { ok: true });
  assert.deepEqual(feed.events.map((e) => e.action), ['connect', 'activate'], 'the feed follows the new template at once');
  assert.deepEqual(call('hours.remove', { template_id: 'crypto-24x7' }), { ok: false, errors: [{ field: 'template_id', message: "'crypto-24x7' is active for feed upstox, json; activate another template first" }] });
  assert.deepEqual(call('hours.activate', { feed: 'upstox', template_id: 'nse-fo' }), { ok: true });
  assert.equal(feed.events.at(-1)!.action, 'disconnect', 'Saturday: NSE is closed');
  assert.deepEqual(call('hours.force', { feed: 'upstox', mode: 'connect' }), { ok: true });
  assert.deepEqual(call('hours.force', { feed: 'kite', mode: 'connect' }), { ok: false, errors: [{ field: 'feed', message: 'no scheduled feed "kite" (have: upstox)' }] });
  assert.deepEqual(call('hours.force', { feed: 'upstox', mode: 'on' }), { ok: false, errors: [{ field: 'mode', message: "must be 'connect', 'disconnect' or null, found \"on\"" }] });
  assert.deepEqual(feed.events.slice(-2).map((e) => e.action), ['connect', 'activate']);
  assert.deepEqual(call('hours.remove', { template_id: 'us-options' }), { ok: false, errors: [{ field: 'template_id', message: "'us-options' is active for feed massive; activate another template first" }] });
  assert.throws(() => call('hours.nope', {}), /unknown trading-hours method 'hours.nope'/);
});

test('import JSON (template or document), export, and holiday CSV parsing', (t) => {
  const { http, hours } = rig(t);
  const exported = http('GET', '/api/trading-hours/export', undefined)!.body;
  const mine = { ...structuredClone(nse), id: 'nse-muhurat-evening', name: 'NSE (evening Muhurat)' };
  assert.equal(http('POST', '/api/trading-hours/import', JSON.stringify(mine))!.status, 200);
  assert.ok(hours.api.list().templates.some((x) => x.id === 'nse-muhurat-evening'));
  const badImport = http('POST', '/api/trading-hours/import', '{"templates": 3, "version": 1, "activeByFeed": {}}')!;
  assert.equal(badImport.status, 400);
  assert.deepEqual(badImport.body, { ok: false, errors: [{ field: 'templates', message: 'must be a list of templates' }] });
  assert.equal(http('POST', '/api/trading-hours/import', '{oops')!.status, 400);
  assert.equal(http('POST', '/api/trading-hours/import', JSON.stringify(exported))!.status, 200, 'an export imports back');
  const csv = http('POST', '/api/trading-hours/holidays-csv', { csv: 'date,description\n2027-01-26,Republic Day\n' })!;
  assert.deepEqual(csv, { status: 200, body: { holidays: [{ date: '2027-01-26', description: 'Republic Day', kind: 'full' }], errors: [] } });
  assert.equal(http('PATCH', '/api/trading-hours', {})!.status, 405);
});

test('a packaged copy of the built-ins directory loads the same templates', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'optick-builtins-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(DEFAULT_BUILTIN_DIR, join(dir, 'res'), { recursive: true });
  const time = new FakeTime(0);
  const h = openTradingHours(dir, { builtInDir: join(dir, 'res'), clock: time, timers: time });
  assert.deepEqual(h.api.list().builtin_ids, ['crypto-24x7', 'nse-fo', 'us-options']);
});

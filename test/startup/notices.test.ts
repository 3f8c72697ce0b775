// The notices owner: raise/replace/clear by id, logged once, ordered errors first; carried by
// the engine's status (GET /api/option-chain/status and the pushed status) the moment it changes.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import WebSocket from 'ws';
import type { HostFrame } from '../../src/shared/api.ts';
import type { EngineStatus } from '../../src/shared/status.ts';
import { Notices, noticeLine } from '../../src/main/engine/notices.ts';
import { startTestHost } from '../helpers/test-host.ts';

test('notices: add, replace by id, clear; each logged once; errors first', () => {
  const lines: string[] = [];
  let now = 1000;
  let changes = 0;
  const n = new Notices((level, msg) => lines.push(`${level} ${msg}`), () => now);
  n.onChange(() => changes++);
  n.add({ id: 'a', severity: 'info', source: 'history', message: 'history is off' });
  now = 2000;
  n.add({ id: 'b', severity: 'error', source: 'secrets', message: 'secrets file is not an object', file: '/d/secrets.json', action: 'log in again' });
  n.add({ id: 'b', severity: 'error', source: 'secrets', message: 'secrets file is not an object', file: '/d/secrets.json', action: 'log in again' });
  assert.deepEqual(lines, ['info history: history is off', 'error secrets: secrets file is not an object (/d/secrets.json) — log in again']);
  assert.equal(changes, 2, 'the same notice again is no change');
  assert.deepEqual(n.list().map((x) => x.id), ['b', 'a'], 'errors before info');
  now = 3000;
  n.add({ id: 'a', severity: 'warning', source: 'history', message: 'history is off: disk full' });
  assert.equal(n.get('a')!.since, 1000, 'a replaced notice keeps when it was first raised');
  assert.equal(n.get('a')!.severity, 'warning');
  assert.equal(lines.length, 3, 'a changed notice is logged again');
  n.add({ id: 'c', severity: 'error', source: 'trading-hours', message: 'already said', logged: true });
  assert.equal(lines.length, 3, 'an owner that logged the problem itself is not repeated');
  assert.equal(n.clear('b'), true);
  assert.equal(n.clear('b'), false);
  assert.deepEqual(n.list().map((x) => x.id), ['c', 'a']);
  const copy = n.list()[0]!;
  copy.message = 'mutated';
  assert.equal(n.get('c')!.message, 'already said', 'list() hands out copies');
});

test('noticeLine names the file once', () => {
  assert.equal(noticeLine({ source: 's', message: 'bad /x/f.json', file: '/x/f.json' }), 's: bad /x/f.json');
  assert.equal(noticeLine({ source: 's', message: 'bad', file: '/x/f.json', action: 'fix it' }), 's: bad (/x/f.json) — fix it');
});

test('the status endpoint and the pushed status carry notices; a change is pushed at once', async () => {
  const token = 'notices-token-0123456789';
  const t = await startTestHost(token);
  try {
    const first = await t.json<EngineStatus>('/api/option-chain/status');
    assert.deepEqual(first.notices, []);
    const ws = new WebSocket(`${t.host.url.replace('http', 'ws')}/ws?token=${token}`, { headers: { Origin: t.host.url } });
    const pushed: EngineStatus[] = [];
    ws.on('message', (d) => { const f = JSON.parse(String(d)) as HostFrame; if ('push' in f && f.push.type === 'status') pushed.push(f.push.status); });
    await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
    const at = Date.now();
    t.runtime.notices.add({ id: 'test:x', severity: 'warning', source: 'history', message: 'history is off', file: join(t.dataDir, 'ticks.db'), action: 'restart' });
    for (let i = 0; i < 200 && !pushed.some((s) => s.notices.length); i++) await new Promise((r) => setTimeout(r, 10));
    const got = pushed.find((s) => s.notices.length);
    assert.ok(got, 'a status with the notice was pushed');
    assert.ok(Date.now() - at < 900, 'pushed on the change, not a status tick later');
    assert.deepEqual(got.notices.map((n) => [n.id, n.severity, n.source, n.message, n.file, n.action]), [['test:x', 'warning', 'history', 'history is off', join(t.dataDir, 'ticks.db'), 'restart']]);
    assert.equal((await t.json<EngineStatus>('/api/option-chain/status')).notices[0]!.id, 'test:x');
    t.runtime.engine.notices.clear('test:x');
    assert.deepEqual((await t.json<EngineStatus>('/api/option-chain/status')).notices, []);
    ws.close();
  } finally {
    await t.close();
  }
});

test('a corrupt trading-hours file is a notice naming it until a save replaces it', async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dataDir = mkdtempSync(join(tmpdir(), 'optick-notice-'));
  writeFileSync(join(dataDir, 'trading-hours.json'), '{ not json');
  const t = await startTestHost('notices-token-0123456789', { dataDir });
  try {
    const [n] = t.runtime.notices.list();
    assert.equal(n?.id, 'trading-hours:file');
    assert.equal(n.source, 'trading-hours');
    assert.equal(n.file, join(dataDir, 'trading-hours.json'));
    assert.match(n.message, /corrupt or invalid/);
    t.runtime.hours.store.save(t.runtime.hours.store.document());
    assert.deepEqual(t.runtime.notices.list(), [], 'saving good templates clears it');
  } finally {
    await t.close();
  }
});

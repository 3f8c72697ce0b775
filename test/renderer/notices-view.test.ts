import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Notice } from '../../src/shared/status.ts';
import { noticeKey, noticesView } from '../../src/renderer/components/notices/notices-view.ts';

const notice = (over: Partial<Notice>): Notice => ({ id: 'x', severity: 'error', source: 'secrets', message: 'bad', since: 1, ...over });

test('notices view: errors first then warnings then info, oldest first; level names match the banner styles', () => {
  const v = noticesView([
    notice({ id: 'i', severity: 'info', since: 1 }),
    notice({ id: 'w', severity: 'warning', since: 2 }),
    notice({ id: 'e2', severity: 'error', since: 5 }),
    notice({ id: 'e1', severity: 'error', since: 3 }),
  ], new Set(), 10);
  assert.deepEqual(v.rows.map((r) => [r.id, r.level]), [['e1', 'error'], ['e2', 'error'], ['w', 'warn'], ['i', 'info']]);
  assert.equal(v.more, 0);
});

test('notices view: the file is shown apart only when the message does not name it; action kept', () => {
  const [a, b] = noticesView([
    notice({ id: 'a', message: 'api-token /d/api-token is empty', file: '/d/api-token', action: 'delete it' }),
    notice({ id: 'b', message: 'not a JSON object', file: '/d/secrets.json', since: 2 }),
  ], new Set()).rows;
  assert.equal(a!.file, null);
  assert.equal(a!.action, 'delete it');
  assert.equal(b!.file, '/d/secrets.json');
  assert.equal(b!.action, null);
});

test('notices view: at most maxRows, the rest counted; dismissed ones hidden until their text changes', () => {
  const list = [1, 2, 3, 4, 5].map((i) => notice({ id: `n${i}`, since: i }));
  const v = noticesView(list, new Set(), 3);
  assert.deepEqual(v.rows.map((r) => r.id), ['n1', 'n2', 'n3']);
  assert.equal(v.more, 2);
  const dismissed = new Set([noticeKey(list[0]!)]);
  assert.deepEqual(noticesView(list, dismissed, 3).rows.map((r) => r.id), ['n2', 'n3', 'n4']);
  const changed = { ...list[0]!, message: 'worse now' };
  assert.equal(noticesView([changed], dismissed).rows.length, 1, 'a changed notice shows again');
  assert.deepEqual(noticesView(undefined, new Set()), { rows: [], more: 0 }, 'no status yet: nothing');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../src/shared/api.ts';
import { backoffDelay, encodeCall, FrameError, parseHostFrame, RECONNECT_MAX_MS, RECONNECT_MIN_MS, replyError } from '../../src/renderer/api/frames.ts';

test('a call is one JSON CallFrame', () => {
  assert.deepEqual(JSON.parse(encodeCall(7, 'chain.watch', { underlying: 'NIFTY', expiry: '2026-11-23' })),
    { id: 7, method: 'chain.watch', req: { underlying: 'NIFTY', expiry: '2026-11-23' } });
});

test('replies and pushes parse into the contract shapes', () => {
  assert.deepEqual(parseHostFrame('{"id":3,"ok":true,"res":["2026-11-23"]}'), { id: 3, ok: true, res: ['2026-11-23'] });
  assert.deepEqual(parseHostFrame('{"id":4,"ok":false,"error":{"code":"not_found","message":"no chain FOO"}}'),
    { id: 4, ok: false, error: { code: 'not_found', message: 'no chain FOO' } });
  const push = parseHostFrame('{"push":{"type":"chain.delta","seq":9,"deltas":[]}}');
  assert.deepEqual(push, { push: { type: 'chain.delta', seq: 9, deltas: [] } });
});

test('a push type this renderer does not know yet passes through for its consumer to ignore', () => {
  assert.deepEqual(parseHostFrame('{"push":{"type":"alert.fired","id":3}}'), { push: { type: 'alert.fired', id: 3 } });
});

test('an error code outside the contract becomes internal; a missing message is said so', () => {
  const frame = parseHostFrame('{"id":5,"ok":false,"error":{"code":"teapot"}}');
  assert.deepEqual(frame, { id: 5, ok: false, error: { code: 'internal', message: 'host sent error without a message (code teapot)' } });
});

test('malformed frames raise FrameError naming the problem', () => {
  const cases: [unknown, RegExp][] = [
    ['{"id":1,', /not JSON/],
    ['[1,2]', /not an object/],
    ['{"push":{"seq":1}}', /without an event type/],
    ['{"push":[]}', /without an event type/],
    ['{"ok":true}', /without an integer id/],
    ['{"id":2,"ok":"yes"}', /neither ok:true nor ok:false/],
    [new Uint8Array([1, 2]), /binary frame/],
  ];
  for (const [data, message] of cases) assert.throws(() => parseHostFrame(data), (err: unknown) => err instanceof FrameError && message.test(err.message));
});

test('a failed reply becomes an ApiError with the method named', () => {
  const err = replyError('chain.expiries', { code: 'bad_request', message: 'unknown underlying XYZ' });
  assert.ok(err instanceof ApiError);
  assert.equal(err.code, 'bad_request');
  assert.equal(err.message, 'chain.expiries: unknown underlying XYZ');
});

test('reconnect backoff doubles from 250 ms, caps at 10 s and jitters ±20 %', () => {
  assert.equal(backoffDelay(0, () => 0.5), RECONNECT_MIN_MS);
  assert.equal(backoffDelay(3, () => 0.5), 2000);
  assert.equal(backoffDelay(30, () => 0.5), RECONNECT_MAX_MS);
  assert.equal(backoffDelay(1000, () => 0.5), RECONNECT_MAX_MS, 'no overflow on long outages');
  assert.equal(backoffDelay(0, () => 0), 200);
  assert.equal(backoffDelay(30, () => 1), 12_000);
});

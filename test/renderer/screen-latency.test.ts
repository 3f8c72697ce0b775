// The status bar's latency figure: the oldest receive time of the shown chain's deltas since the
// last grid update is what that update is timed from; other chains' deltas do not count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScreenLatency } from '../../src/renderer/stores/screen-latency.ts';

test('socket → applied / painted and tick → painted are taken from the oldest receive since the last update', () => {
  const l = new ScreenLatency();
  l.note([{ chain: 'A', oldest_receive: 1000, oldest_exchange_ts: 50_000 }, { chain: 'B', oldest_receive: 10 }], 'A');
  l.note([{ chain: 'A', oldest_receive: 990, oldest_exchange_ts: 49_990 }, { chain: 'A' }], 'A');
  const shown = l.take()!;
  assert.deepEqual(shown, { receive: 990, exchangeTs: 49_990, sentAt: null, oldestSent: null, noted: null, frame: null }, 'the oldest of the shown chain; B ignored');
  assert.equal(l.take(), null, 'taken once');
  l.applied(shown, 1002);
  l.painted(shown, 1010, 50_030);
  const s = l.summary(1010);
  assert.equal(s.socket_to_applied.p50, 12);
  assert.equal(s.socket_to_painted.p50, 20);
  assert.equal(s.tick_to_painted.p50, 40);
  l.note([{ chain: 'A', oldest_receive: 2000 }], 'A');
  l.forget();
  assert.equal(l.take(), null, 'a chain switch forgets what was waiting');
  l.reset();
  assert.equal(l.summary(1010).socket_to_painted.samples, 0);
});

test("the page's own part: engine sent → painted over the last 5 s, and how long the oldest unshown delta has waited", () => {
  const l = new ScreenLatency();
  assert.equal(l.summary(0).oldest_waiting_ms, null, 'nothing waits');
  l.note([{ chain: 'A', oldest_receive: 1000, sent_at: 1010 }, { chain: 'A', sent_at: 1020 }, { chain: 'B', oldest_receive: 5, sent_at: 6 }], 'A');
  assert.equal(l.summary(1500).oldest_waiting_ms, 490, 'from the earliest send of the shown chain');
  const shown = l.take()!;
  assert.deepEqual(shown, { receive: 1000, exchangeTs: null, sentAt: 1010, oldestSent: 1010, noted: null, frame: null });
  assert.equal(l.summary(1500).oldest_waiting_ms, null, 'taken for the grid');
  l.painted(shown, 2300, 0);
  let s = l.summary(2300);
  assert.equal(s.socket_to_painted.p50, 1300);
  assert.equal(s.sent_to_painted_recent.p99, 1290, 'without the engine part (socket → sent)');
  s = l.summary(2300 + 5001);
  assert.equal(s.sent_to_painted_recent.samples, 0, 'out of the 5 s window');
  assert.equal(s.socket_to_painted.samples, 1, 'still in the minute');
});

test('stage by stage: engine, transport, waiting for the frame, apply, render — taken from the delta that carried the oldest receive, aligned across stages', () => {
  const l = new ScreenLatency();
  l.note([{ chain: 'A', oldest_receive: 1000, sent_at: 1016 }], 'A', 1017);
  l.note([{ chain: 'A', oldest_receive: 1005, sent_at: 1030 }], 'A', 1031); // younger: not the one timed
  const shown = l.take(1040)!;
  l.applied(shown, 1042);
  l.painted(shown, 1050, 0);
  assert.deepEqual(l.stages(1050), { engine: [16], transport: [1], to_frame: [23], apply: [2], render: [8] });
  assert.equal(l.summary(1050).socket_to_painted.p50, 50, 'the stages add up to socket → painted');
  // An update whose delta had no sent_at (or was never noted with a time) adds to no stage.
  l.note([{ chain: 'A', oldest_receive: 2000 }], 'A', 2001);
  const other = l.take(2005)!;
  l.applied(other, 2006);
  l.painted(other, 2010, 0);
  assert.equal(l.stages(2010).engine.length, 1);
  assert.equal(l.summary(2010).socket_to_painted.samples, 2);
  l.reset();
  assert.deepEqual(l.stages(2010).render, []);
});

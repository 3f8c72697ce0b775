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
  assert.deepEqual(shown, { receive: 990, exchangeTs: 49_990 }, 'the oldest of the shown chain; B ignored');
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

// Back-pressure instead of growth or loss: over maxBytes the frame queue pauses its socket and
// resumes it below half; while the tick store's writer is congested it decodes nothing (frames
// wait, nothing is dropped), and a hold longer than maxHoldMs is overridden so a hung disk cannot
// freeze the live feed. The store side: congested() at half its queue, never when closed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FrameQueue } from '../../src/main/engine/feeds/common/frame-queue.ts';
import { openTickStore } from '../../src/main/engine/store/tick-store.ts';
import type { Tick } from '../../src/shared/market.ts';

const T = 1_800_000_000_000;
const frame = (i: number, bytes = 100): Buffer => { const b = Buffer.alloc(bytes); b.writeUInt32LE(i, 0); return b; };
const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) { if (Date.now() > end) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 2)); }
};

function harness(opts: { maxBytes?: number; maxHoldMs?: number; now?: () => number } = {}) {
  const decoded: number[] = [];
  const events: string[] = [];
  let collect: (t: Tick[]) => void = () => {};
  const q = new FrameQueue({
    ...opts,
    decode: (f) => { const i = f.data.readUInt32LE(0); decoded.push(i); collect([{ key: `K${i}`, exchangeTs: T, receiveTs: T, receiveMono: f.receiveMono, ltp: i }]); },
    deliver: (ticks) => events.push(`deliver ${ticks.length}`),
    failed: (err) => { throw err; },
    pauseSource: () => events.push('pause'),
    resumeSource: () => events.push('resume'),
  });
  collect = (t) => q.collect(t);
  return { q, decoded, events };
}

describe('frame queue back-pressure', () => {
  it('pauses the socket over maxBytes, resumes below half, and decodes every frame in order', async () => {
    const { q, decoded, events } = harness({ maxBytes: 1000 });
    for (let i = 0; i < 30; i++) q.push(frame(i), true, T, 0); // 3,000 bytes: paused at the 11th
    assert.equal(q.paused, true);
    assert.equal(events.filter((e) => e === 'pause').length, 1, 'paused once, however many frames follow');
    assert.equal(decoded.length, 0, 'nothing decoded in the socket handler');
    await until(() => q.waiting === 0);
    assert.deepEqual(decoded, [...Array(30).keys()]);
    assert.equal(q.paused, false);
    assert.equal(events.filter((e) => e === 'resume').length, 1);
    assert.equal(q.status().socket_pauses, 1);
    assert.equal(q.status().bytes_waiting, 0);
  });

  it('holds every frame while downstream is congested and loses none when it clears', async () => {
    const { q, decoded } = harness();
    let congested = true;
    q.holdWhile(() => congested);
    for (let i = 0; i < 50; i++) q.push(frame(i), true, T, 0);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(decoded.length, 0, 'held: nothing decoded');
    assert.equal(q.waiting, 50);
    assert.ok(q.status().held_turns! > 0);
    congested = false;
    await until(() => q.waiting === 0);
    assert.deepEqual(decoded, [...Array(50).keys()]);
  });

  it('overrides a hold longer than maxHoldMs, so a stuck writer cannot freeze the feed', async () => {
    let now = 0;
    const { q, decoded } = harness({ maxHoldMs: 100, now: () => now });
    q.holdWhile(() => true);
    q.push(frame(1), true, T, 0);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(decoded.length, 0);
    now = 150;
    await until(() => decoded.length === 1);
    q.holdWhile(null);
  });

  it('the tick store is congested at half its queue and not once closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optick-congested-'));
    try {
      const store = await openTickStore({ file: join(dir, 'ticks.db'), maxQueue: 10, batchRows: 1000, batchMs: 60_000 });
      for (let i = 0; i < 4; i++) store.append({ key: 'NSE_FO|1', exchangeTs: T + i, receiveTs: T + i, ltp: 100 + i });
      assert.equal(store.congested(), false);
      store.append({ key: 'NSE_FO|1', exchangeTs: T + 4, receiveTs: T + 4, ltp: 104 });
      assert.equal(store.congested(), true, '5 of 10 waiting');
      await store.flush();
      assert.equal(store.congested(), false, 'committed: room again');
      await store.close();
      assert.equal(store.congested(), false);
      assert.equal(store.stats().dropped, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

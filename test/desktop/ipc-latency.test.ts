// "In Electron the same figure is measured over IPC": the desktop path without an Electron binary.
// Real protobuf frames from a loopback Upstox stand-in → Optick's Upstox adapter → the engine →
// ClientHub → bridgePort → a real MessageChannel (structured clone, as Electron's
// MessagePortMain) → the real preload bridge → the renderer's IPC transport → ScreenLatency, the
// status bar's figure. Checked: every delta's receive and send times arrive exactly, socket →
// painted over IPC is never less than the engine's own part, the engine's part is on status.get
// over the same port, and monoNow() of two separate processes (separate time origins) agrees, so
// a receive time taken in the main process is comparable with a paint time taken in the renderer.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { PushEvent } from '../../src/shared/api.ts';
import { chainId } from '../../src/shared/chain.ts';
import type { ChainDelta } from '../../src/shared/delta.ts';
import { monoNow } from '../../src/shared/latency.ts';
import { ScreenLatency } from '../../src/renderer/stores/screen-latency.ts';
import { cleanFeeds, startFeedStand, until, type FeedStand } from '../helpers/feed-stand.ts';
import { liveFrame } from '../helpers/hostile-upstox.ts';
import { connectIpc, type IpcStand } from '../helpers/ipc-stand.ts';

describe('socket → painted over the desktop IPC path', () => {
  let stand: FeedStand;
  let ipc: IpcStand;
  before(async () => { stand = await startFeedStand(); ipc = connectIpc(stand.engine); });
  after(async () => { ipc.close(); await stand.close(); });

  it('receive times cross the port exactly; the page figure contains the engine part; the engine part is on status.get', async () => {
    const chain = chainId('NIFTY', stand.expiry);
    const sent = new Map<number, ChainDelta>();
    stand.engine.onDeltas((deltas) => { for (const d of deltas) if (d.chain === chain && d.sent_at !== undefined) sent.set(d.sent_at, structuredClone(d)); });
    const got: { at: number; delta: ChainDelta }[] = [];
    const painted: { receive: number; sentAt: number; paint: number }[] = [];
    const latency = new ScreenLatency();
    // The renderer's loop (chain-session.ts): note the deltas, take what waits at the next frame, applied, painted after it.
    ipc.transport.onEvent((e: PushEvent) => {
      if (e.type !== 'chain.delta') return;
      const at = monoNow();
      for (const d of e.deltas) got.push({ at, delta: d });
      latency.note(e.deltas, chain);
      const sentAt = Math.max(...e.deltas.map((d) => d.sent_at ?? -Infinity));
      setImmediate(() => {
        const shown = latency.take();
        if (!shown) return;
        latency.applied(shown, monoNow());
        setImmediate(() => { const paint = monoNow(); latency.painted(shown, paint, Date.now()); painted.push({ receive: shown.receive, sentAt, paint }); });
      });
    });
    const model = await ipc.transport.call('chain.watch', { underlying: 'NIFTY', expiry: stand.expiry });
    assert.equal(model.underlying, 'NIFTY');
    for (let i = 1; i <= 8; i++) {
      await stand.server.send(liveFrame(cleanFeeds(stand.options, Date.now(), i * 0.5)));
      await new Promise((r) => setTimeout(r, 30));
    }
    await until(() => latency.summary(monoNow()).socket_to_painted.samples >= 5, 'five painted updates over IPC', 20_000);

    const timed = got.filter((g) => g.delta.oldest_receive !== undefined);
    assert.ok(timed.length >= 5, `deltas with a receive time: ${timed.length}`);
    for (const { at, delta } of timed) {
      const original = sent.get(delta.sent_at!);
      assert.ok(original, `the page's delta sent at ${delta.sent_at} is one the engine sent`);
      assert.deepEqual(delta, original, 'the delta arrives as the engine sent it');
      assert.ok(delta.oldest_receive! <= delta.sent_at! && delta.sent_at! <= at, `receive ${delta.oldest_receive} ≤ sent ${delta.sent_at} ≤ page ${at}: one clock`);
    }
    for (const p of painted) assert.ok(p.paint - p.receive >= p.sentAt - p.receive, 'socket → painted includes socket → sent');
    const page = latency.summary(monoNow()).socket_to_painted;
    assert.ok(page.p50! > 0 && page.p99! < 10_000, JSON.stringify(page));

    const status = await ipc.transport.call('status.get', {});
    const engine = status.feeds[0]!.engine_latency_ms!;
    assert.ok(engine.samples > 0, 'the engine part over the same port');
    assert.ok(engine.p50! <= page.max!, `engine p50 ${engine.p50} within the page's figure (max ${page.max})`);
  });
});

describe('one clock across processes', () => {
  it("monoNow() of another process (its own time origin) lies between this process's readings around the exchange", async () => {
    // A second Node process stands for the renderer: its performance.timeOrigin is its own start, as a page's is its navigation.
    const child = spawn(process.execPath, ['-e', "process.on('message', () => { process.send(performance.timeOrigin + performance.now()); process.disconnect(); });"], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    try {
      await new Promise<void>((resolve, reject) => { child.once('spawn', () => resolve()); child.once('error', reject); });
      await new Promise((r) => setTimeout(r, 200)); // the child's listener is set
      const before = monoNow();
      const theirs = await new Promise<number>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no answer from the child process')), 10_000);
        child.once('message', (m) => { clearTimeout(t); resolve(m as number); });
        child.send('now');
      });
      const afterwards = monoNow();
      assert.ok(theirs >= before - 2 && theirs <= afterwards + 2, `child ${theirs} within [${before}, ${afterwards}] (±2 ms)`);
    } finally {
      child.kill();
    }
  });
});

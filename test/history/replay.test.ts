// Replay: record a few seconds of the simulator into a real SQLite file, then play the range back
// through the same pipeline (store → ReplayFeed → engine → chain and candles) with
// `startRuntime({ feed: { kind: 'replay' } })`, as `optick serve --replay` does.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Candle } from '../../src/shared/history.ts';
import type { ReplaySpeed, ReplayStatus } from '../../src/shared/replay.ts';
import type { SessionSpec } from '../../src/main/engine/candles/session.ts';
import { silentLogger } from '../../src/main/engine/log.ts';
import { StoreReader } from '../../src/main/engine/store/store-reader.ts';
import { createDispatcher } from '../../src/main/host/api-dispatch.ts';
import { startRuntime, type OptickRuntime } from '../../src/main/host/runtime.ts';
import { allDaySession, sleep, until } from './helpers.ts';

let dataDir: string;
let session: SessionSpec;
let from: number;
let to: number;
const recorded: Record<string, Candle[]> = {};
/** Last stored LTP per option key. */
const lastLtp = new Map<string, number>();
const INTERVALS = ['1s', '1m'] as const;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'optick-replay-'));
  session = await allDaySession();
  from = Date.now() - 1000;
  const live = await startRuntime({ dataDir, feed: { kind: 'sim', seed: 5, rate: 1500 }, underlyings: ['NIFTY'], pricingWorkers: 1, history: { session, store: { batchMs: 100 } } }, silentLogger);
  try {
    await until('ticks recorded', () => live.history.status().store!.written > 1500);
    live.engine.setFeedPhase('offline');
    await sleep(300);
    await live.history.flush();
    to = Date.now() + 1000;
    for (const interval of INTERVALS) recorded[interval] = live.history.candles({ symbol: 'NIFTY', interval, from, to });
  } finally {
    await live.stop();
  }
  const reader = new StoreReader(join(dataDir, 'ticks.db'), session);
  for (const t of reader.ticks(reader.instruments().filter((i) => i.expiry), from, to)) if (t.ltp !== null) lastLtp.set(t.key, t.ltp);
  reader.close();
});

after(() => rmSync(dataDir, { recursive: true, force: true }));

async function replay(speed: ReplaySpeed, paused = false): Promise<OptickRuntime> {
  return startRuntime({ dataDir, feed: { kind: 'replay', from, to, speed, paused }, underlyings: ['NIFTY'], pricingWorkers: 1, history: { session } }, silentLogger);
}

async function playToEnd(): Promise<{ candles: Record<string, Candle[]>; chainLtp: [string, number | null][]; played: number }> {
  const rt = await replay('max');
  try {
    const feed = rt.history.replay!;
    await until('replay end', () => feed.replayStatus().state === 'ended', 30_000);
    const candles: Record<string, Candle[]> = {};
    for (const interval of INTERVALS) candles[interval] = rt.history.candles({ symbol: 'NIFTY', interval, from, to });
    const chain = rt.engine.chain('NIFTY');
    const chainLtp = chain.options.flatMap((r) => [r.ce_data, r.pe_data]).filter((l) => l !== null).map((l) => [l.instrument_key, l.ltp] as [string, number | null]);
    assert.equal(rt.history.status().recording, false, 'a replay stores nothing');
    return { candles, chainLtp, played: feed.replayStatus().ticks_played };
  } finally {
    await rt.stop();
  }
}

describe('replay', () => {
  it('a replayed range makes the same candles as live, and the chain shows the replayed quotes', async () => {
    const run = await playToEnd();
    assert.ok(run.played > 1500, `${run.played} ticks played`);
    for (const interval of INTERVALS) {
      assert.ok(recorded[interval]!.length > 0);
      assert.deepEqual(run.candles[interval], recorded[interval], `${interval} candles`);
    }
    const quoted = run.chainLtp.filter(([, ltp]) => ltp !== null);
    assert.ok(quoted.length > 20, `${quoted.length} legs quoted`);
    for (const [key, ltp] of quoted) assert.equal(ltp, lastLtp.get(key), `${key}: chain LTP is the last replayed one`);
  });

  it('is deterministic: two replays of the range agree exactly', async () => {
    const a = await playToEnd();
    const b = await playToEnd();
    assert.deepEqual(a, b);
  });

  it('replay.control plays, pauses, seeks and changes speed; replay.status reports it', async () => {
    const rt = await replay(100, true);
    const call = createDispatcher({ engine: rt.engine, hours: rt.hours.api });
    try {
      const s0 = (await call('c', 'replay.status', {})) as ReplayStatus;
      assert.deepEqual([s0.state, s0.speed, s0.position, s0.ticks_played], ['paused', 100, from, 0]);
      // The pause is checked at 1x: at 100x the few recorded seconds can end before a loaded box's pause arrives.
      await call('c', 'replay.control', { action: 'speed', speed: 1 });
      await call('c', 'replay.control', { action: 'play' });
      await until('replay advances', async () => ((await call('c', 'replay.status', {})) as ReplayStatus).ticks_played > 0);
      const paused = (await call('c', 'replay.control', { action: 'pause' })) as ReplayStatus;
      await sleep(100);
      const still = (await call('c', 'replay.status', {})) as ReplayStatus;
      assert.equal(still.state, 'paused');
      assert.equal(still.position, paused.position);
      assert.equal(still.ticks_played, paused.ticks_played);
      assert.ok(paused.position > from);
      const mid = Math.round((from + to) / 2);
      const sought = (await call('c', 'replay.control', { action: 'seek', to: mid })) as ReplayStatus;
      assert.equal(sought.position, mid);
      assert.equal(rt.engine.status().uptime_ms >= 0, true);
      const fast = (await call('c', 'replay.control', { action: 'speed', speed: 'max' })) as ReplayStatus;
      assert.equal(fast.speed, 'max');
      await call('c', 'replay.control', { action: 'play' });
      await until('replay end', async () => ((await call('c', 'replay.status', {})) as ReplayStatus).state === 'ended');
      await assert.rejects(call('c', 'replay.control', { action: 'speed', speed: 3 }), /speed must be 1, 10, 100 or 'max'/);
      await assert.rejects(call('c', 'replay.control', { action: 'rewind' }), /action must be/);
    } finally {
      await rt.stop();
    }
  });

  it('refuses to start without a store', async () => {
    await assert.rejects(startRuntime({ dataDir: join(dataDir, 'none'), feed: { kind: 'replay', from, to }, underlyings: ['NIFTY'] }, silentLogger), /nothing to replay/);
  });
});

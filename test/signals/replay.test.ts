// Signals replay deterministically: a few seconds of the simulator (with a volume burst, a spread
// collapse, a mispriced quote and a shock injected) are recorded into a real ticks.db, then played
// back twice under `serve --replay` (startRuntime with the replay feed) — once as fast as possible
// (batches of 1,000 ticks), once paced at 10× (batches cut by the wall clock) — with the pricing
// pool running. Every type fires, and every signal is the same in both: the IV-jump and
// fair-value sweeps price in tick order, not when the pool answers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SIGNAL_TYPES, type Signal, type SignalThresholds } from '../../src/shared/signals.ts';
import type { ReplaySpeed } from '../../src/shared/replay.ts';
import type { SessionSpec } from '../../src/main/engine/candles/session.ts';
import { silentLogger } from '../../src/main/engine/log.ts';
import { startRuntime } from '../../src/main/host/runtime.ts';
import { allDaySession, sleep, until } from '../history/helpers.ts';

// Short windows and low levels so every detector has history and fires within seconds.
const QUICK: Partial<SignalThresholds> = {
  cooldown_ms: 500, volume_window_ms: 1000, volume_windows: 2, volume_k: 2, volume_min_lots: 1,
  price_window_ms: 1000, price_move_pct: 0.5, price_move_min_ticks: 1, spread_median_samples: 2, spread_tight_ticks: 1, spread_tight_pct: 20,
  spread_wide_ticks: 1, spread_wide_pct: 30, fair_value_ticks: 2, fair_value_pct: 3, oi_window_ms: 1000, oi_spike_pct: 0.01, oi_min_lots: 1,
  iv_window_ms: 1000, iv_jump_points: 0.3,
};

let dataDir: string;
let session: SessionSpec;
let from: number;
let to: number;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'optick-signals-replay-'));
  session = await allDaySession();
  from = Date.now() - 1000;
  const live = await startRuntime({ dataDir, feed: { kind: 'sim', seed: 16, rate: 2000 }, underlyings: ['NIFTY'], pricingWorkers: 1, history: { session, store: { batchMs: 100 } } }, silentLogger);
  try {
    await until('chain quoted', () => live.engine.chain('NIFTY').options.filter((r) => r.ce_data?.iv != null).length > 10, 30_000);
    await sleep(2500);
    const rows = live.engine.chain('NIFTY').options;
    const atm = rows.findIndex((r) => r.tag === 'ATM');
    const sim = live.simulator!;
    await sim.inject({ kind: 'volume_burst', key: rows[atm]!.ce_data!.instrument_key, lots: 400 });
    await sim.inject({ kind: 'spread_collapse', key: rows[atm + 1]!.ce_data!.instrument_key, duration_ms: 1500 });
    await sim.inject({ kind: 'mispriced_quote', key: rows[atm - 1]!.pe_data!.instrument_key, pct: 30, duration_ms: 2000 });
    await sleep(1500);
    await sim.shock('NIFTY', 2);
    await sleep(2500);
    live.engine.setFeedPhase('offline');
    await sleep(300);
    await live.history.flush();
    to = Date.now() + 1000;
  } finally {
    await live.stop();
  }
});

after(() => rmSync(dataDir, { recursive: true, force: true }));

async function replaySignals(speed: ReplaySpeed): Promise<Signal[]> {
  const rt = await startRuntime({ dataDir, feed: { kind: 'replay', from, to, speed, paused: true }, underlyings: ['NIFTY'], pricingWorkers: 1, history: { session } }, silentLogger);
  try {
    rt.signals.setThresholds({ underlying: 'NIFTY', thresholds: QUICK });
    const feed = rt.history.replay!;
    feed.control({ action: 'play' });
    await until('replay end', () => feed.replayStatus().state === 'ended', 45_000);
    await sleep(100); // signals are handed over on the next turn of the event loop
    return rt.signals.list({ limit: 10_000 }).reverse();
  } finally {
    await rt.stop();
  }
}

describe('signals under replay', () => {
  it('the same recorded ticks give the same signals at max speed and paced at 10×, of every type', async () => {
    const fast = await replaySignals('max');
    const paced = await replaySignals(10);
    const types = [...new Set(fast.map((s) => s.type))].sort();
    assert.ok(fast.length > 20, `${fast.length} signals`);
    for (const t of SIGNAL_TYPES) assert.ok(types.includes(t), `${t} fired (fired: ${types.join(', ')})`);
    assert.equal(paced.length, fast.length, 'as many signals');
    for (let i = 0; i < fast.length; i++) assert.deepEqual(paced[i], fast[i], `signal ${i} (${fast[i]!.type} ${fast[i]!.symbol})`);
  });
});

// A first run on the simulator: the day so far is stored as the app stores a live day — the
// simulator's backfill ticks in the real tick store (1m candles of the underlying before the
// start), and a chain snapshot every 5 minutes (the metric history the intraday chart reads) — beside
// the live feed. Stored once: asked again, the store already has it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BACKFILL_SNAPSHOT_MINUTES, recordBackfill } from '../../src/main/engine/history/backfill.ts';
import { startRuntime, type OptickRuntime } from '../../src/main/host/runtime.ts';
import { backfillFrom, NEAR_EVERY } from '../../src/main/sim/backfill.ts';

let runtime: OptickRuntime;
let dataDir: string;
const lines: string[] = [];
let startedAt = 0;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'optick-backfill-'));
  startedAt = Date.now();
  runtime = await startRuntime({
    dataDir, feed: { kind: 'sim', seed: 6, rate: 300 }, underlyings: ['NIFTY', 'BANKNIFTY'], pricingWorkers: 1, history: { backfill: true },
  }, (level, message) => { lines.push(`${level} ${message}`); });
});
after(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the backfill is stored beside the live feed: candles before the start and a metric point every 5 minutes', { timeout: 90_000 }, async () => {
  const done = () => lines.find((l) => /simulator backfill/.test(l));
  for (let i = 0; i < 1200 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  const line = done();
  assert.ok(line, `no backfill line in 60 s:\n${lines.join('\n')}`);
  if (/skipped: the simulator started within the first minute/.test(line)) return; // 00:00 or 09:15 IST: nothing to backfill
  assert.match(line, /^info simulator backfill: \d+ ticks and \d+ chain snapshots of today stored in \d+ ms$/);
  const from = backfillFrom(startedAt);
  const minutes = Math.floor((startedAt - from) / 60_000);
  const [expiry] = runtime.engine.expiries('NIFTY');
  const points = runtime.history.metrics({ underlying: 'NIFTY', expiry: expiry!, from, to: startedAt });
  assert.ok(Math.abs(points.length - Math.ceil(minutes / BACKFILL_SNAPSHOT_MINUTES)) <= 1, `${points.length} metric points (one per ${BACKFILL_SNAPSHOT_MINUTES} min) for ${minutes} minutes`);
  for (const p of points) {
    assert.ok(p.pcr !== null && p.pcr > 0, 'PCR over the whole expiry');
    assert.ok(p.max_pain !== null && p.atm_straddle !== null && p.spot !== null);
    assert.ok(p.total_ce_oi! > 0 && p.total_pe_oi! > 0);
  }
  const candles = runtime.history.candles({ symbol: 'NIFTY', interval: '1m', from, to: startedAt - 60_000 });
  assert.ok(Math.abs(candles.length - (minutes - 1)) <= 1, `${candles.length} NIFTY 1m candles before the start for ${minutes} minutes`);
  assert.ok(candles.every((c) => c.high >= c.low && c.open > 0));
  // An option of the shown chain has its day too.
  const atm = runtime.engine.chain('NIFTY', expiry!).options.find((r) => r.tag === 'ATM')!;
  assert.ok(runtime.history.candles({ symbol: atm.ce_data!.symbol, interval: '1m', from, to: startedAt - 60_000 }).length >= Math.floor(minutes / NEAR_EVERY) - 1);
  // Asked again (a restart the same day): the store already has it.
  const again = await recordBackfill(runtime.history, runtime.engine, await runtime.simulator!.backfill());
  assert.match(again.skipped ?? '', /already has NIFTY candles of today/);
});

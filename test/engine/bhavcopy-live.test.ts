// `optick import bhavcopy` while the app runs: the running engine takes the new previous close
// (ΔOI, %ΔOI, buildup) within a second or two, without a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BHAVCOPY_POLL_MS } from '../../src/main/engine/bhavcopy/prev-oi-node.ts';
import { previousSession, saveBhavcopy } from '../../src/main/engine/bhavcopy/store-node.ts';
import { contractId } from '../../src/main/engine/bhavcopy/parse.ts';
import { zonedDate } from '../../src/main/engine/instruments/expiry-calendar.ts';
import { startRuntime, type OptickRuntime } from '../../src/main/host/runtime.ts';

let runtime: OptickRuntime;
let dataDir: string;
const lines: string[] = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'optick-bhav-live-'));
  runtime = await startRuntime({ dataDir, feed: { kind: 'sim', seed: 8, rate: 300 }, underlyings: ['NIFTY'], pricingWorkers: 1 }, (level, message) => { lines.push(`${level} ${message}`); });
});
after(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a bhavcopy imported into the running app\'s data dir is applied without a restart', { timeout: 60_000 }, async () => {
  const { engine } = runtime;
  const baseline = () => engine.prevOi; // read afresh: the watcher changes it
  assert.equal(baseline(), null, 'a fresh data dir: no previous close yet');
  const [expiry] = engine.expiries('NIFTY');
  const pairs = engine.registry.strikes('NIFTY', expiry!);
  const oi: Record<string, number> = {};
  pairs.forEach((p, i) => { oi[contractId('NIFTY', expiry!, p.strike, 'CE')] = 6500 + 65 * i; oi[contractId('NIFTY', expiry!, p.strike, 'PE')] = 13_000 + 65 * i; });
  const prev = previousSession(zonedDate(Date.now()));
  saveBhavcopy(dataDir, { trade_date: prev, source: 'test.csv', imported_at: Date.now(), oi });
  const deadline = Date.now() + 20 * BHAVCOPY_POLL_MS;
  while (baseline() === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(baseline()?.source, 'bhavcopy', lines.join('\n'));
  assert.equal(baseline()?.date, prev);
  const chain = engine.chain('NIFTY', expiry!);
  assert.equal(chain.prev_oi_source, 'bhavcopy');
  const row = chain.options[0]!;
  const i = pairs.findIndex((p) => p.strike === row.strike);
  assert.equal(row.ce_data!.prev_oi, 6500 + 65 * i);
  assert.equal(row.pe_data!.prev_oi, 13_000 + 65 * i);
  assert.ok(lines.some((l) => /prev-oi-bhavcopy\.json changed: applying the previous-close OI again/.test(l)));
});

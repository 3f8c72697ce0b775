// The ATM reference (spot | forward) is remembered across restarts: switched through the
// contract method, it is saved in the data dir and the next runtime starts with it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CHAIN_SETTINGS_FILE, readAtmReference } from '../../src/main/engine/chain/atm-setting-node.ts';
import { createDispatcher } from '../../src/main/host/api-dispatch.ts';
import { startRuntime } from '../../src/main/host/runtime.ts';

const dirs: string[] = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'optick-atm-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('ATM reference across restarts', () => {
  it('set to forward in one run, the next run starts on forward (and its chains use it)', async () => {
    const dataDir = tempDir();
    const config = { dataDir, feed: { kind: 'sim', seed: 3, rate: 300 } as const, underlyings: ['NIFTY'], pricingWorkers: 1 };
    const lines: string[] = [];
    const first = await startRuntime(config, (level, message) => { lines.push(`${level} ${message}`); });
    try {
      assert.equal(first.engine.atmReference, 'spot', 'default on a fresh data dir');
      const dispatch = createDispatcher({ engine: first.engine, hours: first.hours.api, history: first.history, upstox: first.upstox });
      assert.deepEqual(await dispatch('t', 'chain.set_atm_reference', { reference: 'forward' }), { reference: 'forward' });
    } finally {
      await first.stop();
    }
    const file = join(dataDir, CHAIN_SETTINGS_FILE);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { atm_reference: 'forward' });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const second = await startRuntime(config, () => {});
    try {
      assert.equal(second.engine.atmReference, 'forward');
      const [expiry] = second.engine.expiries('NIFTY');
      assert.equal(second.engine.chain('NIFTY', expiry!).atm_reference, 'forward');
    } finally {
      await second.stop();
    }
    assert.ok(!lines.some((l) => l.startsWith('error')), lines.join('\n'));
  });

  it('a missing file is spot; a bad one is logged and read as spot', () => {
    const dataDir = tempDir();
    const lines: string[] = [];
    const log = (level: string, message: string) => { lines.push(`${level} ${message}`); };
    assert.equal(readAtmReference(dataDir, log), 'spot');
    assert.equal(lines.length, 0);
    writeFileSync(join(dataDir, CHAIN_SETTINGS_FILE), '{"atm_reference": "futures"}');
    assert.equal(readAtmReference(dataDir, log), 'spot');
    writeFileSync(join(dataDir, CHAIN_SETTINGS_FILE), 'not json');
    assert.equal(readAtmReference(dataDir, log), 'spot');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /atm_reference must be "spot" or "forward", got "futures"/);
    assert.match(lines[1]!, /is not JSON/);
  });
});

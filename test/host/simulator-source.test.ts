// "simulator" wherever the simulator is the source: the Upstox panel's status does not ask for a
// login, and the log names the simulator, not 'upstox', when its feed connects.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startRuntime, type OptickRuntime } from '../../src/main/host/runtime.ts';

let runtime: OptickRuntime;
let dataDir: string;
const lines: string[] = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'optick-simsrc-'));
  runtime = await startRuntime({ dataDir, feed: { kind: 'sim', seed: 2, rate: 300 }, underlyings: ['NIFTY'], pricingWorkers: 1 }, (level, message) => { lines.push(`${level} ${message}`); });
});
after(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the simulator as the source', () => {
  it('the Upstox panel status says simulator and needs no login', () => {
    const s = runtime.upstox.status();
    assert.equal(s.feed_selected, false);
    assert.equal(s.login.needed, false);
    assert.match(s.login.message, /^simulator: /);
    assert.doesNotMatch(s.login.message, /not logged in/);
  });

  it("the log names the simulator when its feed connects, never 'feed upstox'", async () => {
    for (let i = 0; i < 100 && !lines.some((l) => /feed simulator/.test(l)); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(lines.some((l) => /^info feed simulator \(Upstox V3 protocol\) (connected|active)$/.test(l)), lines.join('\n'));
    assert.ok(!lines.some((l) => /feed upstox (connected|active)/.test(l)));
  });
});

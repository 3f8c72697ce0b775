// PricingPool with real worker threads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PricingPool } from '../../src/main/engine/pricing/pool.ts';
import { createChainInput, priceChain, type ChainResultView } from '../../src/main/engine/pricing/chain-pricing.ts';
import { black76 } from '../../src/main/engine/pricing/greeks.ts';

function chain(F: number, T: number): Float64Array {
  const strikes = Array.from({ length: 41 }, (_, i) => Math.round(F / 50) * 50 + (i - 20) * 50);
  const input = createChainInput(strikes.length, T, 0.065);
  strikes.forEach((K, i) => {
    const vol = 0.12 + 0.5 * Math.log(K / F) ** 2;
    const c = black76(true, F, K, T, vol, 0.065).price; const p = black76(false, F, K, T, vol, 0.065).price;
    input.strikes[i] = K;
    input.ceBid[i] = Math.max(c - 0.05, 0.05); input.ceAsk[i] = c + 0.05; input.ceLtp[i] = c;
    input.peBid[i] = Math.max(p - 0.05, 0.05); input.peAsk[i] = p + 0.05; input.peLtp[i] = p;
  });
  return input.buffer;
}

test('pool prices chains in workers, identical to the in-thread result', async () => {
  const pool = new PricingPool({ workers: 2 });
  try {
    const got = new Map<string, ChainResultView>();
    pool.onResult((id, r) => got.set(id, r));
    const inputs = { 'NIFTY|2026-11-24': chain(24000, 3 / 365), 'BANKNIFTY|2026-11-25': chain(52000, 4 / 365) };
    const expected = Object.fromEntries(Object.entries(inputs).map(([id, buf]) => [id, priceChain(buf.slice()).buffer]));
    for (const [id, buf] of Object.entries(inputs)) pool.submit(id, buf);
    await pool.idle();
    assert.equal(got.size, 2);
    for (const [id, r] of got) assert.deepEqual(Array.from(r.buffer), Array.from(expected[id]!), id);
    assert.equal(pool.stats.completed, 2);
  } finally {
    await pool.close();
  }
});

test('coalescing: a burst on one chain yields its latest inputs, at most one pending per chain', async () => {
  const pool = new PricingPool({ workers: 1 });
  try {
    const seen: number[] = [];
    pool.onResult((_id, r) => seen.push(r.forward));
    for (let i = 0; i < 50; i++) pool.submit('NIFTY|2026-11-24', chain(24000 + i, 3 / 365));
    await pool.idle();
    // the first submit went straight to the idle worker; the other 49 collapsed into one job
    assert.ok(seen.length <= 2, `results ${seen.length}`);
    assert.ok(Math.abs(seen.at(-1)! - 24049) < 1e-6, `latest wins: ${seen.at(-1)}`);
    assert.equal(pool.stats.coalesced, 48);
  } finally {
    await pool.close();
  }
});

test('a bad buffer is rejected on submit; a worker crash is reported per chain and the worker replaced', async () => {
  const pool = new PricingPool({ workers: 1, workerUrl: new URL('./crashing-worker.fixture.ts', import.meta.url) });
  try {
    assert.throws(() => pool.submit('X', new Float64Array(3)), /does not match/);
    const errors: string[] = [];
    pool.onError((id, e) => errors.push(`${id}: ${e.message}`));
    pool.submit('NIFTY|2026-11-24', chain(24000, 3 / 365));
    await pool.idle();
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /NIFTY\|2026-11-24: pricing worker failed while pricing chain NIFTY\|2026-11-24/);
    assert.equal(pool.stats.workerRestarts, 1);
  } finally {
    await pool.close();
  }
  await assert.rejects(async () => pool.submit('Y', chain(24000, 0.01)), /closed/);
});

test('minIntervalMs: a chain is sent at most that often; ticks in between coalesce into one job with the latest inputs', async () => {
  const pool = new PricingPool({ workers: 1, minIntervalMs: 120 });
  try {
    const results: { at: number; forward: number }[] = [];
    pool.onResult((id, r) => { if (id === 'NIFTY|2026-11-24') results.push({ at: performance.now(), forward: r.forward }); });
    pool.submit('WARM-UP|2026-11-24', chain(24000, 3 / 365)); // the worker's start-up is not what is timed
    await pool.idle();
    const firstSent = performance.now(); // an idle worker: the first submit is sent at once
    pool.submit('NIFTY|2026-11-24', chain(24000, 3 / 365));
    // A burst while that job is out, however fast the worker is: none may go out before 120 ms after the first send.
    for (let i = 1; i <= 30; i++) pool.submit('NIFTY|2026-11-24', chain(24000 + i, 3 / 365));
    await pool.idle();
    assert.equal(results.length, 2, 'the burst is one job');
    assert.ok(Math.abs(results[1]!.forward - 24030) < 1e-6, `latest wins: ${results[1]!.forward}`);
    // The second send is ≥ 120 ms after the first; its result comes back later still.
    assert.ok(results[1]!.at - firstSent >= 119, `second result ${Math.round(results[1]!.at - firstSent)} ms after the first send`);
    assert.equal(pool.stats.batches, 3, 'the warm-up, the first job, the burst');
  } finally {
    await pool.close();
  }
});

test('a submitted builder runs when its chain is sent, once; a builder replaced before that never runs; a throwing one fails its chain only', async () => {
  const pool = new PricingPool({ workers: 1, minIntervalMs: 60 });
  try {
    const built: number[] = [];
    const forwards: number[] = [];
    const errors: string[] = [];
    pool.onResult((_id, r) => forwards.push(r.forward));
    pool.onError((id, e) => errors.push(`${id}: ${e.message}`));
    const builder = (F: number) => () => { built.push(F); return chain(F, 3 / 365); };
    pool.submit('NIFTY|2026-11-24', builder(24000)); // sent at once
    for (let i = 1; i <= 10; i++) pool.submit('NIFTY|2026-11-24', builder(24000 + i)); // wait for the interval: only the last is built
    pool.submit('BANKNIFTY|2026-11-25', () => { throw new Error('no quotes'); });
    await pool.idle();
    assert.deepEqual(built, [24000, 24010]);
    assert.ok(Math.abs(forwards.at(-1)! - 24010) < 1e-6);
    assert.deepEqual(errors, ['BANKNIFTY|2026-11-25: building the pricing input of chain BANKNIFTY|2026-11-25 failed: no quotes']);
  } finally {
    await pool.close();
  }
});

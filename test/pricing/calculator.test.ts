import assert from 'node:assert/strict';
import { test } from 'node:test';
import { priceCases } from '../../src/main/engine/pricing/calculator.ts';
import { runPriceCommand } from '../../src/main/engine/pricing/cli-price.ts';

test('calculator prices and solves mixed cases; Hull example in API units', () => {
  const [greeks, iv, noIv] = priceCases([
    { model: 'bsm', type: 'call', S: 49, K: 50, T: 0.3846, r: 0.05, sigma: 0.2 },
    { model: 'black76', type: 'put', F: 24000, K: 23800, T: 0.02, r: 0.065, price: 95.5 },
    { model: 'black76', type: 'call', F: 100, K: 90, T: 0.25, r: 0.05, price: 5 },
  ]);
  assert.ok(greeks?.ok && greeks.valuation);
  assert.ok(Math.abs(greeks.valuation.price - 2.4) < 0.005 && Math.abs(greeks.valuation.theta - -0.0118) < 0.00005);
  assert.ok(iv?.ok && iv.iv !== null && iv.valuation && Math.abs(iv.valuation.price - 95.5) < 1e-9);
  assert.deepEqual(noIv?.ok && [noIv.iv, noIv.iv_error, noIv.valuation], [null, 'below_intrinsic', null]);
});

test('calculator names the field and the case index of bad input; other cases still price', () => {
  const results = priceCases([
    { model: 'black76', type: 'call', F: 100, K: 100, T: 1, sigma: 0.2 },
    { model: 'sabr', type: 'call' },
    { model: 'bsm', type: 'call', S: 100, K: -5, T: 1, sigma: 0.2 },
    { model: 'bsm', type: 'call', S: 100, K: 100, T: 1, r: 6.5, sigma: 0.2 },
    { model: 'black76', type: 'call', F: 100, K: 100, T: 1 },
    { model: 'black76', type: 'call', S: 100, K: 100, T: 1, sigma: 0.2 },
    'call',
  ]);
  assert.equal(results[0]!.ok, true);
  const errs = results.slice(1).map((r) => (r.ok ? null : [r.error.field, r.error.message]));
  assert.deepEqual(errs.map((e) => e?.[0]), ['model', 'K', 'r', 'sigma', 'S', '(case)']);
  assert.match(errs[1]![1]!, /^case 2: K=-5: must be > 0/);
  assert.match(errs[2]![1]!, /percent/);
  assert.throws(() => priceCases({ model: 'bsm' }), { name: 'CalculatorInputError' });
});

test('optick price prints JSON and returns an exit code', (t) => {
  const out: string[] = [];
  const err: string[] = [];
  t.mock.method(console, 'log', (s: string) => out.push(s));
  t.mock.method(console, 'error', (s: string) => err.push(s));
  assert.equal(runPriceCommand(['--model', 'black76', '--type', 'call', '--F', '24000', '--K', '24100', '--T', '0.02', '--r', '0.065', '--sigma', '0.14']), 0);
  const priced = JSON.parse(out[0]!);
  assert.ok(priced.valuation.price > 0 && priced.valuation.delta > 0 && priced.valuation.delta < 0.5);
  assert.equal(runPriceCommand(['--model', 'black76', '--type', 'call', '--F', '24000', '--K', '24100', '--T', '0.02', '--r', '0.065', '--price', String(priced.valuation.price)]), 0);
  assert.ok(Math.abs(JSON.parse(out[1]!).iv - 0.14) < 1e-14);
  assert.equal(runPriceCommand(['--model', 'black76', '--type', 'call', '--F', 'abc']), 2);
  assert.match(err[0]!, /--F must be a number/);
  assert.equal(runPriceCommand(['--model', 'black76', '--type', 'call', '--F', '100', '--K', '90', '--T', '0.25', '--price', '5']), 1, 'no IV: below intrinsic');
});

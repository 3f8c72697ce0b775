import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseOf, EMPTY_FORM, epochToIstWallTime, errorText, fieldOfError, istWallTimeToEpoch, ivErrorText, yearsToExpiry } from '../../src/renderer/components/calculator/calc-form.ts';
import type { CalcForm } from '../../src/renderer/components/calculator/calc-form.ts';
import { formatFineGreek, formatYears } from '../../src/renderer/components/calculator/calc-format.ts';
import { fillFromChain, premiumOf } from '../../src/renderer/components/calculator/from-chain.ts';
import { emptyLeg } from '../../src/shared/chain.ts';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import { emptyMetrics } from '../../src/shared/chain.ts';

const HULL: CalcForm = { ...EMPTY_FORM, model: 'bsm', underlying: '49', dividendPct: '0', strike: '50', days: String(0.3846 * 365), ratePct: '5', volPct: '20' };

test("Hull's example becomes a BSM case in decimals and years", () => {
  const c = caseOf(HULL, 0);
  assert.deepEqual(Object.keys(c).sort(), ['K', 'S', 'T', 'model', 'q', 'r', 'sigma', 'type']);
  assert.equal(c.S, 49);
  assert.equal(c.K, 50);
  assert.ok(Math.abs((c.T as number) - 0.3846) < 1e-12);
  assert.equal(c.r, 0.05);
  assert.equal(c.sigma, 0.2);
  assert.equal(c.q, 0);
});

test('Black-76 sends F and no q; solving for the IV sends the premium instead of sigma', () => {
  const c = caseOf({ ...HULL, model: 'black76', solveFor: 'iv', premium: '2.40' }, 0);
  assert.equal(c.F, 49);
  assert.equal('S' in c || 'q' in c || 'sigma' in c, false);
  assert.equal(c.price, 2.4);
});

test('text that is not a number goes to the engine as typed; empty fields are left out; grouping commas are read', () => {
  const c = caseOf({ ...HULL, strike: '5O', underlying: '24,512.5', volPct: '' }, 0);
  assert.equal(c.K, '5O');
  assert.equal(c.S, 24512.5);
  assert.equal(c.sigma, undefined);
});

test('an expiry date/time is IST wall time, turned into years from now', () => {
  const at = istWallTimeToEpoch('2026-11-24T15:30');
  assert.equal(at, Date.UTC(2026, 10, 24, 10, 0));
  assert.equal(epochToIstWallTime(at!), '2026-11-24T15:30');
  const now = at! - 2 * 86_400_000;
  assert.equal(yearsToExpiry({ ...HULL, expiryInput: 'date', expiryAt: '2026-11-24T15:30' }, now), 2 / 365);
  assert.equal(istWallTimeToEpoch('2026-02-30T10:00'), null);
  assert.equal(yearsToExpiry({ ...HULL, expiryInput: 'date', expiryAt: '' }, now), undefined);
});

test('engine field errors land on the input they name, without the case prefix', () => {
  assert.equal(fieldOfError('S', HULL), 'underlying');
  assert.equal(fieldOfError('T', HULL), 'days');
  assert.equal(fieldOfError('T', { ...HULL, expiryInput: 'date' }), 'expiryAt');
  assert.equal(fieldOfError('sigma', HULL), 'volPct');
  assert.equal(fieldOfError('(case)', HULL), null);
  assert.equal(errorText('case 0: K=-1: must be > 0'), 'K=-1: must be > 0');
  assert.match(ivErrorText('below_intrinsic'), /below intrinsic/);
});

test('Greeks keep four significant digits and at least two decimals', () => {
  assert.equal(formatFineGreek(0.00065234), '0.0006523');
  assert.equal(formatFineGreek(-12.34567), '-12.35');
  assert.equal(formatFineGreek(1234.567), '1,234.57');
  assert.equal(formatYears(0.3846), '0.3846 y · 140.38 d');
});

function chain(): OptionChainModel {
  const leg = (symbol: string, bid: number | null, ask: number | null, ltp: number | null) => ({ ...emptyLeg(symbol, `NSE_FO|${symbol}`), bid, ask, ltp, iv: 0.1285 });
  return {
    underlying: 'NIFTY', underlying_ltp: 26_000, underlying_change: 10, atm_strike: 26_000, strike_step: 50, lot_size: 65,
    expiry: '2026-11-24', timestamp: 1, forward: 26_003.0175, time_to_expiry: 2.5 / 365, rate: 0.065,
    spot: 26_000, atm_reference: 'spot', forward_source: 'parity', prev_oi_source: null, prev_oi_date: null,
    options: [
      { tag: 'ITM1', strike: 25_950, ce_data: leg('NIFTY24NOV2625950CE', 118.2, 118.6, 118.5), pe_data: leg('NIFTY24NOV2625950PE', null, 62, 61.35) },
      { tag: 'ATM', strike: 26_000, ce_data: leg('NIFTY24NOV2626000CE', 88.8, 89, 88.9), pe_data: leg('NIFTY24NOV2626000PE', 84.9, 85.1, 85) },
    ],
    market_metrics: emptyMetrics(),
  };
}

test('from chain: the ATM call by default, with F, T (as days), r and the mid', () => {
  const fill = fillFromChain(chain(), null);
  assert.ok(typeof fill !== 'string');
  assert.deepEqual(fill.form, {
    model: 'black76', type: 'call', underlying: '26003.0175', strike: '26000', expiryInput: 'days', days: '2.5',
    ratePct: '6.5', solveFor: 'iv', premium: '88.90', volPct: '12.85',
  });
  assert.equal(fill.source, 'NIFTY 24 Nov 2026 (Tue) 26,000 CE · mid 88.90');
});

test('from chain: a clicked put with a one-sided quote is priced from its last trade', () => {
  const fill = fillFromChain(chain(), 'NIFTY24NOV2625950PE');
  assert.ok(typeof fill !== 'string');
  assert.equal(fill.form.type, 'put');
  assert.equal(fill.form.strike, '25950');
  assert.equal(fill.form.premium, '61.35');
  assert.deepEqual(premiumOf(chain().options[0]!.pe_data!), { value: 61.35, basis: 'ltp' });
  const ce = fillFromChain(chain(), 'NIFTY24NOV2625950CE');
  assert.ok(typeof ce !== 'string');
  assert.equal(ce.form.premium, '118.40', 'the mid of 118.20/118.60');
});

test('from chain: says why when the chain has no forward yet', () => {
  assert.match(fillFromChain({ ...chain(), forward: null }, null) as string, /no forward/);
});

test('from chain: the exact premium the chain solved the IV from (iv_price of iv_leg), and which price it was', () => {
  const c = chain();
  const atm = c.options[1]!;
  atm.ce_data = { ...atm.ce_data!, iv_price: 88.9, iv_leg: 'CE', iv_source: 'ltp' };
  const itm = c.options[0]!;
  itm.ce_data = { ...itm.ce_data!, iv_price: 61.35, iv_leg: 'PE', iv_source: 'ltp' };
  const fill = fillFromChain(c, null);
  assert.ok(typeof fill !== 'string');
  assert.equal(fill.form.premium, '88.90', 'the LTP the chain used, not the mid 88.90 by chance: basis says LTP');
  assert.equal(fill.source, 'NIFTY 24 Nov 2026 (Tue) 26,000 CE · chain IV from the LTP 88.90');
  const fromPut = fillFromChain(c, 'NIFTY24NOV2625950CE');
  assert.ok(typeof fromPut !== 'string');
  assert.equal(fromPut.form.type, 'put', 'the ITM call\'s IV was solved from the OTM put: price that put');
  assert.equal(fromPut.form.premium, '61.35');
  assert.match(fromPut.source, /chain IV from the PE LTP 61\.35/);
});

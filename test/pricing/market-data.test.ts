// Against real market data (read from ../shared/data, never copied into the repo).
import assert from 'node:assert/strict';
import { readSharedJson } from '../helpers/shared-data.ts';
import { test } from 'node:test';
import { createChainInput, ivErrorName, priceChain } from '../../src/main/engine/pricing/chain-pricing.ts';
import { yearsToExpiry } from '../../src/main/engine/pricing/conventions.ts';
import { black76 } from '../../src/main/engine/pricing/greeks.ts';
import { impliedVolBlack76, impliedVolBsm } from '../../src/main/engine/pricing/implied-vol.ts';

const readJson = (path: string): any => readSharedJson(path); // eslint-disable-line @typescript-eslint/no-explicit-any

/** Decimals printed in a JSON number (5.6e-05 → 6), to test "to the printed precision". */
function printedDecimals(v: number): number {
  const [mant, exp] = String(v).split('e');
  const dec = mant!.includes('.') ? mant!.split('.')[1]!.length : 0;
  return Math.max(0, dec - Number(exp ?? 0));
}

// marketcalls/openalgo docs/benchmarks/greeks_baseline_pyvollib.json: py_vollib 1.0.1 Black-76
// with the SPOT (23659) fed in as the forward, r = 0, T = days_to_expiry/365; theta per calendar
// day, vega per vol point, rho per 1 % (py_vollib's −T·V/100). IV printed in %.
test('reproduces the OpenAlgo/py_vollib Black-76 baseline to its printed precision', () => {
  const base = readJson('greeks_reference/openalgo_greeks_baseline_pyvollib.json');
  let solved = 0;
  let belowIntrinsic = 0;
  for (const sample of base.samples) {
    const r = sample.response;
    const isCall = r.option_type === 'CE';
    const T = r.days_to_expiry / 365;
    const iv = impliedVolBlack76(r.option_price, r.spot_price, r.strike, T, 0, isCall);
    if (r.implied_volatility === 0) {
      // py_vollib raised BelowIntrinsic and OpenAlgo printed 0: the premium is under intrinsic
      assert.deepEqual(iv, { ok: false, error: 'below_intrinsic' }, `${sample.symbol}`);
      belowIntrinsic++;
      continue;
    }
    assert.ok(iv.ok, `${sample.symbol}: ${JSON.stringify(iv)}`);
    const tol = (v: number): number => 0.5 * 10 ** -printedDecimals(v) + 1e-12;
    assert.ok(Math.abs(iv.iv * 100 - r.implied_volatility) <= tol(r.implied_volatility), `${sample.symbol} iv ${iv.iv * 100} vs ${r.implied_volatility}`);
    // days_to_expiry itself is printed to 4 decimals: accept anything the unprinted digits allow
    const at = (days: number): ReturnType<typeof black76> => {
      const t = days / 365;
      const v = impliedVolBlack76(r.option_price, r.spot_price, r.strike, t, 0, isCall);
      assert.ok(v.ok);
      return black76(isCall, r.spot_price, r.strike, t, v.iv, 0);
    };
    const lo = at(r.days_to_expiry - 0.00005);
    const hi = at(r.days_to_expiry + 0.00005);
    for (const k of ['delta', 'gamma', 'theta', 'vega', 'rho'] as const) {
      const want = r.greeks[k];
      const min = Math.min(lo[k], hi[k]) - tol(want);
      const max = Math.max(lo[k], hi[k]) + tol(want);
      assert.ok(want >= min && want <= max, `${sample.symbol} ${k}: printed ${want}, ours in [${lo[k]}, ${hi[k]}]`);
    }
    solved++;
  }
  assert.equal(solved, 35);
  assert.equal(belowIntrinsic, 5);
});

const MONTHS: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };
const isoDate = (nse: string): string => { const [d, m, y] = nse.split('-'); return `${y}-${MONTHS[m!]}-${d}`; };
const NSE_CLOCK = { timeZone: 'Asia/Kolkata', expiryTime: '15:30', basis: 'calendar' as const };

function snapshot(file: string): { rec: any; now: number } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const rec = readJson(`nse_option_chain_json/${file}`).records;
  const [d, t] = (rec.timestamp as string).split(' ');
  return { rec, now: Date.parse(`${isoDate(d!)}T${t}+05:30`) };
}

// NSE's own chain IVs. In the two closing snapshots below NSE's figures are reproduced exactly
// (to the 0.01 % NSE prints) by BSM on the SPOT with r = 10 %, no dividend, the LTP, and T in
// calendar seconds to 15:30 IST on expiry day: a check of our solver and time convention with
// NSE's inputs. (Other snapshots carry IVs NSE computed at another moment than its LTPs, so
// they are only used in the loose test below.)
test("NSE's printed IVs reproduced with NSE's conventions (spot, 10 %, LTP) to 0.01 vol point", () => {
  for (const file of ['BANKNIFTY_2022-03-28_1530.json', 'NIFTY_2022-03-24_1530.json']) {
    const { rec, now } = snapshot(file);
    const S = rec.underlyingValue;
    let legs = 0;
    for (const expiry of rec.expiryDates.slice(0, 3)) {
      const T = yearsToExpiry(isoDate(expiry), now, NSE_CLOCK);
      if (T === 0) continue; // the expiring series at its close
      for (const row of rec.data.filter((r: { expiryDate: string }) => r.expiryDate === expiry)) {
        for (const [leg, isCall] of [[row.CE, true], [row.PE, false]] as const) {
          if (!leg || !(leg.impliedVolatility > 0) || !(leg.lastPrice > 0) || Math.abs(row.strikePrice / S - 1) > 0.05) continue;
          const iv = impliedVolBsm(leg.lastPrice, S, row.strikePrice, T, 0.1, 0, isCall);
          assert.ok(iv.ok && Math.abs(iv.iv * 100 - leg.impliedVolatility) <= 0.005 + 1e-9, `${leg.identifier}: ${JSON.stringify(iv)} vs ${leg.impliedVolatility}`);
          legs++;
        }
      }
    }
    assert.ok(legs > 120, `${file}: ${legs} legs`);
  }
});

// Our conventions (forward from parity on mids, r = 6.5 %, OTM side) against NSE's IVs, loosely:
// NSE prices on spot, so with the forward above spot its call IVs come out too high and its put
// IVs too low at the same strike; the IV on the forward lies between them. Tolerance: our ATM IV
// within [min(NSE CE, NSE PE) − 1, max + 1] vol points (1 point covers the 10 % vs 6.5 % rate and
// NSE's LTP vs our mid).
test('our ATM IV sits between NSE’s spot-based call and put IVs (±1 vol point), every snapshot', () => {
  const files = ['BANKNIFTY_2022-03-28_1530.json', 'BANKNIFTY_2022-04-27_1530.json', 'BANKNIFTY_2023-05-03_1530.json', 'NIFTY_2022-03-24_1530.json', 'NIFTY_2022-03-28_1047.json'];
  let checked = 0;
  for (const file of files) {
    const { rec, now } = snapshot(file);
    for (const expiry of rec.expiryDates.slice(0, 3)) {
      const T = yearsToExpiry(isoDate(expiry), now, NSE_CLOCK);
      const rows = rec.data.filter((r: { expiryDate: string }) => r.expiryDate === expiry);
      const input = createChainInput(rows.length, T, 0.065);
      const price = (v: number | undefined): number => (v !== undefined && v > 0 ? v : NaN);
      rows.forEach((r: any, i: number) => { // eslint-disable-line @typescript-eslint/no-explicit-any
        input.strikes[i] = r.strikePrice;
        input.ceBid[i] = price(r.CE?.bidprice); input.ceAsk[i] = price(r.CE?.askPrice); input.ceLtp[i] = price(r.CE?.lastPrice);
        input.peBid[i] = price(r.PE?.bidprice); input.peAsk[i] = price(r.PE?.askPrice); input.peLtp[i] = price(r.PE?.lastPrice);
      });
      const res = priceChain(input.buffer);
      assert.equal(res.forwardSource, 'parity');
      const i = rows.findIndex((r: { strikePrice: number }) => r.strikePrice === res.atmStrike);
      if (T === 0) {
        for (let k = 0; k < rows.length; k++) assert.match(String(ivErrorName(res.ce.ivError[k]!)), /^(no_time_left|no_quote)$/);
        assert.equal(ivErrorName(res.ce.ivError[i]!), 'no_time_left');
        assert.ok(Number.isNaN(res.ce.delta[i]!));
        continue;
      }
      const nse = [rows[i].CE?.impliedVolatility, rows[i].PE?.impliedVolatility].filter((v) => v > 0);
      if (nse.length < 2) continue; // NSE printed no IV for one leg (e.g. expiry-eve deep books)
      const ours = res.ce.iv[i]! * 100;
      assert.equal(res.pe.iv[i], res.ce.iv[i], 'both legs carry the strike IV');
      assert.ok(ours >= Math.min(...nse) - 1 && ours <= Math.max(...nse) + 1, `${file} ${expiry} K=${res.atmStrike}: ours ${ours} NSE ${nse}`);
      checked++;
    }
  }
  assert.ok(checked >= 12, `checked ${checked}`);
});

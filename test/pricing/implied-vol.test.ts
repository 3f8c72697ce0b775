// IV round trip over a dense grid, typed no-solution results, parity and limits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { black76, bsm } from '../../src/main/engine/pricing/greeks.ts';
import { impliedVolBlack76, impliedVolBsm } from '../../src/main/engine/pricing/implied-vol.ts';
import { normalisedBlack, normalisedVega } from '../../src/main/engine/pricing/normalised-black.ts';
import { black76Price } from '../../src/main/engine/pricing/black76.ts';

const EPS = Number.EPSILON;

// Grid: log-moneyness x = ln(F/K) in ±1, T from 1 minute to 5 years, vol 1 % … 500 %.
// The price fed to the solver is the OTM side (puts below F, calls above), as the chain does.
// Error bound, stated per region as a multiple of the conditioning of the inverse,
// cond = b/(s·∂b/∂s) (relative change in σ per relative change in the price):
//   |σ̂ − σ|/σ ≤ 8·ε·max(1, cond) wherever the price is a normal double (b > 1e-300);
// near the money cond ≈ 1 (full precision), in the wings cond ≪ 1 (the price is steep in σ)
// and the bound is 8 ε. Prices below 1e-300 underflow and are skipped (counted).
test('IV round trip on a dense grid: within 8ε × conditioning everywhere', () => {
  const minute = 1 / (365 * 24 * 60);
  let checked = 0;
  let underflow = 0;
  let worst = 0;
  for (let i = 0; i <= 40; i++) {
    const x = -1 + i * 0.05;
    for (let j = 0; j <= 24; j++) {
      const T = minute * Math.pow(5 / minute, j / 24);
      for (let k = 0; k <= 24; k++) {
        const sigma = 0.01 * Math.pow(500, k / 24);
        const s = sigma * Math.sqrt(T);
        const isCall = x <= 0; // OTM side: call when K ≥ F
        const b = normalisedBlack(x, s, isCall);
        if (!(b > 1e-300)) { underflow++; continue; }
        const F = 24000;
        const K = F * Math.exp(-x);
        const price = Math.sqrt(F * K) * b; // r = 0: undiscounted
        const iv = impliedVolBlack76(price, F, K, T, 0, isCall);
        assert.ok(iv.ok, `no IV for x=${x} T=${T} σ=${sigma}: ${JSON.stringify(iv)}`);
        const cond = Math.max(1, b / (s * normalisedVega(x, s)));
        // the forward/strike round trip through K = F·e^{−x} perturbs x by ~ε: add its effect
        const xCond = Math.abs(x) / s * Math.abs(x / s) + 1;
        const ratio = Math.abs(iv.iv - sigma) / sigma / (EPS * cond * xCond);
        worst = Math.max(worst, ratio);
        assert.ok(ratio <= 8, `x=${x} T=${T} σ=${sigma}: got ${iv.iv}, ratio ${ratio}`);
        checked++;
      }
    }
  }
  // 41 × 25 × 25 = 25,625 points; ~12,000 have a premium below 1e-300 (|x| ≫ σ√T: e.g. 5 % OTM
  // with one minute left), which no double can carry.
  assert.equal(checked + underflow, 41 * 25 * 25);
  assert.ok(checked > 13000, `checked ${checked}`);
});

test('IV to full precision from tiny deep-OTM prices (1e-30 and below)', () => {
  for (const [x, s] of [[-1, 0.05], [-2, 0.1], [-0.5, 0.02], [-5, 0.3]] as const) {
    const b = normalisedBlack(x, s, true);
    assert.ok(b < 1e-30 && b > 0, `b=${b}`);
    const iv = impliedVolBlack76(Math.exp(-x / 2) * b, 1, Math.exp(-x), 1, 0, true);
    assert.ok(iv.ok && Math.abs(iv.iv - s) <= 4 * EPS * s, `x=${x} s=${s}: ${JSON.stringify(iv)}`);
  }
});

test('ITM quotes: the IV of the ITM twin equals the OTM one by parity (to what the ITM price carries)', () => {
  const F = 24000; const K = 23500; const T = 5 / 365; const r = 0.065; const sigma = 0.14;
  const put = black76(false, F, K, T, sigma, r).price;
  const call = black76(true, F, K, T, sigma, r).price;
  // parity: C − P = e^{−rT}(F − K)
  assert.ok(Math.abs(call - put - Math.exp(-r * T) * (F - K)) < 1e-10 * call);
  const fromPut = impliedVolBlack76(put, F, K, T, r, false);
  const fromCall = impliedVolBlack76(call, F, K, T, r, true);
  assert.ok(fromPut.ok && fromCall.ok);
  assert.ok(Math.abs(fromPut.iv - sigma) < 4 * EPS * sigma);
  // the call carries 500 of intrinsic on ~27 of time value: ~2 digits fewer
  assert.ok(Math.abs(fromCall.iv - sigma) < 1e-12);
});

test('put-call parity holds for Black-76 and BSM across strikes', () => {
  for (const K of [18000, 23000, 24000, 25000, 30000]) {
    const c = black76(true, 24000, K, 0.1, 0.2, 0.065).price;
    const p = black76(false, 24000, K, 0.1, 0.2, 0.065).price;
    assert.ok(Math.abs(c - p - Math.exp(-0.0065) * (24000 - K)) <= 1e-11 * 24000, `K=${K}`);
    const cs = bsm(true, 100, K / 240, 0.5, 0.3, 0.05, 0.02).price;
    const ps = bsm(false, 100, K / 240, 0.5, 0.3, 0.05, 0.02).price;
    assert.ok(Math.abs(cs - ps - (100 * Math.exp(-0.01) - (K / 240) * Math.exp(-0.025))) <= 1e-13 * 100, `bsm K=${K}`);
  }
});

test('typed no-solution results, never NaN', () => {
  const F = 100; const K = 90; const T = 0.25; const r = 0.05;
  const df = Math.exp(-r * T);
  assert.deepEqual(impliedVolBlack76(df * 9.99, F, K, T, r, true), { ok: false, error: 'below_intrinsic' });
  assert.deepEqual(impliedVolBlack76(df * 100.001, F, K, T, r, true), { ok: false, error: 'above_maximum' });
  assert.deepEqual(impliedVolBlack76(df * 90.001, F, K, T, r, false), { ok: false, error: 'above_maximum' });
  assert.deepEqual(impliedVolBlack76(5, F, K, 0, r, true), { ok: false, error: 'no_time_left' });
  assert.deepEqual(impliedVolBlack76(5, F, K, -1, r, true), { ok: false, error: 'no_time_left' });
  assert.deepEqual(impliedVolBlack76(NaN, F, K, T, r, true), { ok: false, error: 'no_quote' });
  assert.deepEqual(impliedVolBlack76(5, -F, K, T, r, true), { ok: false, error: 'bad_input' });
  assert.deepEqual(impliedVolBlack76(5, F, 0, T, r, true), { ok: false, error: 'bad_input' });
  assert.deepEqual(impliedVolBlack76(-1, F, K, T, r, true), { ok: false, error: 'bad_input' });
  assert.deepEqual(impliedVolBlack76(5, F, K, T, Infinity, true), { ok: false, error: 'bad_input' });
  assert.deepEqual(impliedVolBlack76(Infinity, F, K, T, r, true), { ok: false, error: 'bad_input' });
  assert.deepEqual(impliedVolBsm(5, 0, K, T, r, 0, true), { ok: false, error: 'bad_input' });
  // exactly intrinsic: zero time value, IV 0
  assert.deepEqual(impliedVolBlack76(df * 10, F, K, T, r, true), { ok: true, iv: 0 });
  assert.deepEqual(impliedVolBlack76(0, F, 110, T, r, true), { ok: true, iv: 0 });
});

test('limits: T → 0, σ → 0, deep ITM/OTM give finite prices and Greeks', () => {
  const expired = black76(true, 105, 100, 0, 0.2, 0.05);
  assert.deepEqual([expired.price, expired.delta, expired.gamma, expired.vega], [5, 1, 0, 0]);
  const zeroVol = black76(false, 95, 100, 0.5, 0, 0.05);
  assert.ok(Math.abs(zeroVol.price - Math.exp(-0.025) * 5) < 1e-14);
  assert.equal(zeroVol.delta, -Math.exp(-0.025));
  for (const v of [black76(true, 24000, 30000, 1 / (365 * 24 * 60), 0.15, 0.065), black76(false, 24000, 30000, 1e-9, 3, 0.065),
    bsm(true, 100, 1e-3, 5, 0.2, 0.05, 0.01), bsm(false, 100, 1e6, 0.01, 0.01, 0.05, 0)]) {
    for (const [k, n] of Object.entries(v)) assert.ok(Number.isFinite(n), `${k}=${n}`);
  }
  // continuity towards expiry: one minute before, a 1 % OTM call is worth ~0
  assert.ok(black76Price(true, 100, 101, 1 / (365 * 24 * 60), 0.2, 0) < 1e-100);
});

test('Greeks agree with finite differences of the premium (BSM and Black-76)', () => {
  const S = 100; const K = 105; const T = 0.3; const sig = 0.25; const r = 0.04; const q = 0.015;
  const v = bsm(false, S, K, T, sig, r, q);
  const p = (s: number, k: number, t: number, vol: number, rr: number): number => bsm(false, s, k, t, vol, rr, q).price;
  const h = 1e-4;
  const fd = {
    delta: (p(S + h, K, T, sig, r) - p(S - h, K, T, sig, r)) / (2 * h),
    gamma: (p(S + 1e-2, K, T, sig, r) - 2 * p(S, K, T, sig, r) + p(S - 1e-2, K, T, sig, r)) / 1e-4,
    theta: -(p(S, K, T + h, sig, r) - p(S, K, T - h, sig, r)) / (2 * h) / 365,
    vega: (p(S, K, T, sig + h, r) - p(S, K, T, sig - h, r)) / (2 * h) / 100,
    rho: (p(S, K, T, sig, r + h) - p(S, K, T, sig, r - h)) / (2 * h) / 100,
    vanna: (bsm(false, S, K, T, sig + h, r, q).delta - bsm(false, S, K, T, sig - h, r, q).delta) / (2 * h) / 100,
    charm: -(bsm(false, S, K, T + h, sig, r, q).delta - bsm(false, S, K, T - h, sig, r, q).delta) / (2 * h) / 365,
    vomma: (bsm(false, S, K, T, sig + h, r, q).vega - bsm(false, S, K, T, sig - h, r, q).vega) / (2 * h) / 100,
  };
  for (const [k, want] of Object.entries(fd)) {
    const got = v[k as keyof typeof v];
    assert.ok(Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)), `${k}: ${got} vs fd ${want}`);
  }
  const b = black76(true, 24000, 24500, 7 / 365, 0.13, 0.065);
  const pb = (f: number, t: number, vol: number, rr: number): number => black76(true, f, 24500, t, vol, rr).price;
  const fdB = {
    delta: (pb(24000.5, 7 / 365, 0.13, 0.065) - pb(23999.5, 7 / 365, 0.13, 0.065)) / 1,
    theta: -(pb(24000, 7 / 365 + h, 0.13, 0.065) - pb(24000, 7 / 365 - h, 0.13, 0.065)) / (2 * h) / 365,
    rho: (pb(24000, 7 / 365, 0.13, 0.065 + h) - pb(24000, 7 / 365, 0.13, 0.065 - h)) / (2 * h) / 100,
    charm: -(black76(true, 24000, 24500, 7 / 365 + h, 0.13, 0.065).delta - black76(true, 24000, 24500, 7 / 365 - h, 0.13, 0.065).delta) / (2 * h) / 365,
  };
  for (const [k, want] of Object.entries(fdB)) {
    const got = b[k as keyof typeof b];
    assert.ok(Math.abs(got - want) <= 1e-5 * Math.max(1e-3, Math.abs(want)), `black76 ${k}: ${got} vs fd ${want}`);
  }
});

test('bad inputs to the pricers throw a typed error naming the field', () => {
  assert.throws(() => black76(true, NaN, 100, 1, 0.2, 0), { name: 'PricingInputError', message: /F=NaN/ });
  assert.throws(() => bsm(true, 100, 100, -1, 0.2, 0, 0), { name: 'PricingInputError', message: /T=-1/ });
  assert.throws(() => bsm(true, 100, 100, 1, 0.2, 0, NaN), { name: 'PricingInputError', message: /q=NaN/ });
});

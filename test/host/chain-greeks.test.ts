// Issue 3's "done when": the chain API's IV and Greeks are filled for every quoted contract
// and agree with an independent computation (a textbook Black-76 written here, with its
// own normal CDF by Simpson integration — no code shared with src/main/engine/pricing).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OptionChainModel, OptionLeg } from '../../src/shared/chain.ts';
import type { CalculatorResult } from '../../src/shared/pricing.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

const TOKEN = 'greeks-token-0123456789';
let t: TestHost;

/** Φ(x) by composite Simpson on the density from 0 to |x| (independent of erfc). */
function phi(x: number): number {
  const n = 2000, h = Math.abs(x) / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const t = i * h, w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
    s += w * Math.exp(-t * t / 2);
  }
  const half = (s * h / 3) / Math.sqrt(2 * Math.PI);
  return x >= 0 ? 0.5 + half : 0.5 - half;
}

function textbookBlack76(isCall: boolean, F: number, K: number, T: number, v: number, r: number) {
  const sd = v * Math.sqrt(T), d1 = (Math.log(F / K) + sd * sd / 2) / sd, d2 = d1 - sd, df = Math.exp(-r * T);
  const pdf = Math.exp(-d1 * d1 / 2) / Math.sqrt(2 * Math.PI);
  const price = isCall ? df * (F * phi(d1) - K * phi(d2)) : df * (K * phi(-d2) - F * phi(-d1));
  const delta = isCall ? df * phi(d1) : -df * phi(-d1);
  const gamma = df * pdf / (F * sd);
  const vega = df * F * pdf * Math.sqrt(T) / 100;
  // As time passes with F fixed: Θ = r·V − e^{−rT}·F·n(d1)·σ / (2√T) per year (positive for deep ITM puts).
  const theta = (r * price - df * F * pdf * v / (2 * Math.sqrt(T))) / 365;
  return { price, delta, gamma, vega, theta };
}

async function pricedChain(underlying: string): Promise<OptionChainModel> {
  for (let i = 0; i < 100; i++) {
    const r = await t.get(`/api/option-chain/${underlying}`);
    const c = (await r.json()) as OptionChainModel;
    if (c.forward !== null && c.options.length === 41 && c.options.filter((o) => o.ce_data?.iv != null).length > 35) return c;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`${underlying}: chain never priced`);
}

const post = (path: string, body: unknown) => t.post(path, body);

before(async () => {
  t = await startTestHost(TOKEN, { feed: { kind: 'sim', seed: 3, rate: 1500 } });
});
after(async () => {
  await t?.close();
});

describe('chain IV and Greeks', () => {
  for (const underlying of ['NIFTY', 'BANKNIFTY']) {
    it(`${underlying}: forward, T and rate are set; ATM is nearest the spot by default, nearest the forward when switched`, async () => {
      const c = await pricedChain(underlying);
      assert.ok(c.forward! > 0 && Math.abs(c.forward! / c.underlying_ltp! - 1) < 0.02, `forward ${c.forward} near spot ${c.underlying_ltp}`);
      assert.ok(c.time_to_expiry! > 0 && c.time_to_expiry! < 0.3);
      assert.equal(c.rate, 0.065);
      assert.equal(c.atm_reference, 'spot');
      assert.equal(c.spot, c.underlying_ltp);
      const nearestTo = (m: OptionChainModel, x: number) => m.options.reduce((a, b) => (Math.abs(b.strike - x) < Math.abs(a.strike - x) ? b : a)).strike;
      assert.ok(Math.abs(nearestTo(c, c.spot!) - c.atm_strike!) <= c.strike_step, 'ATM tracks the spot (within one strike while quotes move)');
      try {
        assert.equal(t.runtime.engine.setAtmReference('forward'), 'forward');
        const f = await pricedChain(underlying);
        assert.equal(f.atm_reference, 'forward');
        assert.ok(Math.abs(nearestTo(f, f.forward!) - f.atm_strike!) <= f.strike_step, 'ATM tracks the forward (within one strike while quotes move)');
      } finally {
        t.runtime.engine.setAtmReference('spot');
      }
    });

    it(`${underlying}: "From chain" exactness — the calculator given each leg's exact inputs returns the chain's IV on every leg`, async () => {
      const c = await pricedChain(underlying);
      const legs = c.options.flatMap((r) => [r.ce_data, r.pe_data]).filter((l): l is OptionLeg => l !== null && l.iv !== null);
      assert.ok(legs.length > 60, `${legs.length} legs with IV`);
      const strikeOf = new Map(c.options.flatMap((r) => [[r.ce_data?.symbol, r.strike], [r.pe_data?.symbol, r.strike]] as [string, number][]));
      const cases = legs.map((l) => ({ model: 'black76', type: l.iv_leg === 'CE' ? 'call' : 'put', F: c.forward, K: strikeOf.get(l.symbol), T: c.time_to_expiry, r: c.rate, price: l.iv_price }));
      for (const l of legs) {
        assert.ok(l.iv_leg === 'CE' || l.iv_leg === 'PE', `${l.symbol} names the leg its IV was solved from`);
        assert.ok(l.iv_price !== null && l.iv_price > 0, `${l.symbol} carries the premium used`);
      }
      const res = (await post('/api/pricing/iv', cases)).body as CalculatorResult[];
      assert.equal(res.length, legs.length);
      legs.forEach((l, i) => {
        const r = res[i]!;
        assert.ok(r.ok, `${l.symbol}: ${JSON.stringify(r)}`);
        assert.equal(r.iv, l.iv, `${l.symbol}: calculator IV ${r.iv} = chain IV ${l.iv} (${l.iv_source} ${l.iv_price})`);
      });
    });

    it(`${underlying}: every quoted leg has IV and Greeks that agree with a textbook Black-76`, async () => {
      await pricedChain(underlying);
      // Freeze the market (disconnect the feed) and let the last pricing land, so quotes and IVs match.
      t.runtime.engine.setFeedPhase('offline');
      await new Promise((res) => setTimeout(res, 300));
      const c = await pricedChain(underlying);
      t.runtime.engine.setFeedPhase('active');
      let checked = 0;
      for (const row of c.options) {
        for (const [leg, isCall] of [[row.ce_data, true], [row.pe_data, false]] as [OptionLeg, boolean][]) {
          if (leg.iv === null) { assert.ok(leg.iv_error !== null, `${leg.symbol}: no IV needs a reason`); continue; }
          assert.ok(leg.iv_source === 'mid' || leg.iv_source === 'ltp');
          assert.ok(leg.iv > 0.01 && leg.iv < 3, `${leg.symbol} iv ${leg.iv}`);
          const ref = textbookBlack76(isCall, c.forward!, row.strike, c.time_to_expiry!, leg.iv, c.rate!);
          assert.ok(Math.abs(ref.delta - leg.delta!) < 1e-6, `${leg.symbol} delta ${leg.delta} vs ${ref.delta}`);
          assert.ok(Math.abs(ref.gamma - leg.gamma!) < 1e-6 * Math.max(1, ref.gamma), `${leg.symbol} gamma`);
          assert.ok(Math.abs(ref.vega - leg.vega!) < 1e-5 * Math.max(1, ref.vega), `${leg.symbol} vega ${leg.vega} vs ${ref.vega}`);
          assert.ok(isCall ? leg.delta! > 0 && leg.delta! < 1 : leg.delta! < 0 && leg.delta! > -1);
          assert.ok(Math.abs(ref.theta - leg.theta!) < 1e-5 * Math.max(1, Math.abs(ref.theta)), `${leg.symbol} theta/day ${leg.theta} vs ${ref.theta}`);
          // The IV reprices the OTM quote it was solved from (mid or LTP) to the paisa.
          const otmIsCall = row.strike >= c.forward!;
          if (otmIsCall === isCall) {
            const quote = leg.iv_source === 'mid' ? (leg.bid! + leg.ask!) / 2 : leg.ltp!;
            assert.ok(Math.abs(ref.price - quote) < 0.01, `${leg.symbol}: IV ${leg.iv} reprices to ${ref.price}, quote ${quote}`);
          }
          checked++;
        }
      }
      assert.ok(checked >= 70, `checked ${checked} legs`);
      assert.ok(c.market_metrics.iv_skew! > 0.8 && c.market_metrics.iv_skew! < 2, `iv_skew ${c.market_metrics.iv_skew}`);
      assert.ok(c.market_metrics.atm_iv! > 0);
      assert.ok(c.market_metrics.atm_straddle! > 0);
    });
  }
});

describe('option calculator API', () => {
  it("POST /api/pricing/greeks reproduces Hull's worked example (S=49, K=50, r=5 %, σ=20 %, T=0.3846 → call 2.40, delta 0.522)", async () => {
    const { status, body } = await post('/api/pricing/greeks', [{ model: 'bsm', type: 'call', S: 49, K: 50, T: 0.3846, r: 0.05, q: 0, sigma: 0.2 }]);
    assert.equal(status, 200);
    const r = (body as CalculatorResult[])[0]!;
    assert.ok(r.ok);
    assert.equal(r.valuation!.price.toFixed(2), '2.40');
    assert.equal(r.valuation!.delta.toFixed(3), '0.522');
    assert.equal(r.valuation!.gamma.toFixed(3), '0.066');
    assert.equal((r.valuation!.theta * 365).toFixed(2), '-4.31'); // Hull prints theta per year
    assert.equal((r.valuation!.vega * 100).toFixed(1), '12.1'); // and vega per 1.00 of vol
  });

  it('POST /api/pricing/iv solves the IV back and gives typed errors per case', async () => {
    const { status, body } = await post('/api/pricing/iv', [
      { model: 'black76', type: 'put', F: 26000, K: 25500, T: 7 / 365, r: 0.065, price: 45.5 },
      { model: 'black76', type: 'call', F: 26000, K: 25000, T: 7 / 365, r: 0.065, price: 900 },
      { model: 'black76', type: 'call', F: 26000, K: 25000, T: 7 / 365, r: 0.065, sigma: 0.2 },
    ]);
    assert.equal(status, 200);
    const [a, b, c] = body as [CalculatorResult, CalculatorResult, CalculatorResult];
    assert.ok(a.ok && a.iv! > 0.05 && a.iv! < 0.5);
    assert.ok(b.ok && b.iv === null && b.iv_error === 'below_intrinsic');
    assert.ok(!c.ok && c.error.field === 'price');
  });

  it('a body that is not an array is a 400', async () => {
    const { status } = await post('/api/pricing/greeks', { model: 'bsm' });
    assert.equal(status, 400);
  });
});

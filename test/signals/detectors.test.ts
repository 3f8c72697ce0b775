// Signal detectors, one per type, on synthetic tick sequences built to sit just below and just
// over each threshold, and on recorded data (the NIFTY per-second series of 2022-11-01 and a
// saved NSE option chain): fires when it should, not before, once per cooldown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_THRESHOLDS, type SignalThresholds } from '../../src/shared/signals.ts';
import { ContractSignals, type SignalCandidate, type TickFields } from '../../src/main/engine/signals/detectors.ts';
import { modelFairValue, neighbourIv } from '../../src/main/engine/signals/fair-value.ts';
import { black76Price } from '../../src/main/engine/pricing/black76.ts';
import { readSharedText, readSharedJson } from '../helpers/shared-data.ts';

const LOT = 75;
const th = (over: Partial<SignalThresholds> = {}): SignalThresholds => ({ ...DEFAULT_THRESHOLDS, ...over });
const run = (c: ContractSignals, ticks: TickFields[]): SignalCandidate[] => {
  const out: SignalCandidate[] = [];
  for (const t of ticks) c.onTick(t, out);
  return out;
};
const book = (bid: number, ask: number) => ({ bids: [{ price: bid }], asks: [{ price: ask }] });

describe('volume spike', () => {
  // Windows of 1 minute; 20 quiet windows of 10 lots each, then a busy one.
  /** A baseline tick, then `windows` + 1 windows of 10 ticks of lotsPer/10 lots each (the first window partial, not counted). */
  const quiet = (windows: number, lotsPer: number, t0: number): { ticks: TickFields[]; volume: number; t: number } => {
    let volume = 1000 * LOT;
    const ticks: TickFields[] = [{ exchangeTs: t0, volume }];
    let t = t0;
    for (let w = 0; w <= windows; w++) {
      for (let i = 0; i < 10; i++) { t = t0 + w * 60_000 + 1000 + i * 5000; volume += (lotsPer / 10) * LOT; ticks.push({ exchangeTs: t, volume }); }
    }
    return { ticks, volume, t };
  };

  it('fires when the window reaches k × the rolling mean and the minimum, not before, once per cooldown', () => {
    const c = new ContractSignals(0.05, LOT, th({ volume_min_lots: 20 }));
    const t0 = 1_800_000_000_000 - (1_800_000_000_000 % 60_000) + 1000; // 1 s into a window
    const { ticks, volume, t } = quiet(20, 10, t0);
    assert.deepEqual(run(c, ticks), [], 'steady volume never fires');
    // Next window: mean is 10 lots; 29 lots in the window is below 3×, 30 lots fires.
    const w0 = Math.floor(t / 60_000) * 60_000 + 60_000;
    let v = volume;
    const busy: TickFields[] = [{ exchangeTs: w0 + 100, volume: (v += 29 * LOT) }];
    assert.deepEqual(run(c, busy), [], '29 lots < 3 × 10 lots');
    const fired = run(c, [{ exchangeTs: w0 + 200, volume: (v += LOT), ltp: 100 }]);
    assert.equal(fired.length, 1);
    assert.equal(fired[0]!.type, 'volume_spike');
    assert.equal(fired[0]!.figures.window_lots, 30);
    assert.equal(fired[0]!.figures.mean_volume, 10 * LOT);
    assert.equal(fired[0]!.figures.ratio, 3);
    assert.equal(fired[0]!.time, w0 + 200);
    // Still spiking in the same minute: the cooldown (60 s) holds it.
    assert.deepEqual(run(c, [{ exchangeTs: w0 + 30_000, volume: (v += 100 * LOT) }]), []);
    // Next window, 60 s after the first firing: spiking again fires again.
    const again = run(c, [{ exchangeTs: w0 + 60_200, volume: v + 200 * LOT }]);
    assert.equal(again.length, 1);
  });

  it('needs the full 20 windows of history and the minimum lots', () => {
    const c = new ContractSignals(0.05, LOT, th());
    const t0 = 60_000 * 30_000_000 + 500;
    const { ticks, volume, t } = quiet(18, 10, t0); // 18 counted windows after the partial first
    assert.deepEqual(run(c, ticks), []);
    const w0 = Math.floor(t / 60_000) * 60_000 + 60_000;
    assert.deepEqual(run(c, [{ exchangeTs: w0 + 10, volume: volume + 1000 * LOT }]), [], 'only 18 windows seen');
    // Tiny volumes: 3× a mean of 1 lot is 3 lots, but the minimum is 20 lots.
    const c2 = new ContractSignals(0.05, LOT, th());
    const q = quiet(20, 1, t0);
    run(c2, q.ticks);
    const w1 = Math.floor(q.t / 60_000) * 60_000 + 60_000;
    assert.deepEqual(run(c2, [{ exchangeTs: w1 + 10, volume: q.volume + 19 * LOT }]), []);
    assert.equal(run(c2, [{ exchangeTs: w1 + 20, volume: q.volume + 20 * LOT }]).length, 1);
  });

  it('windows with no trade count as zero; a volume reset (new day) starts over', () => {
    const c = new ContractSignals(0.05, LOT, th({ volume_windows: 3, volume_min_lots: 1 }));
    const base = 60_000 * 30_000_000;
    run(c, [{ exchangeTs: base + 10, volume: 100 }, { exchangeTs: base + 60_010, volume: 100 + 10 * LOT }]);
    // A gap of 5 minutes: the mean of the last 3 windows is 0 → 1 lot (the minimum) fires.
    const out = run(c, [{ exchangeTs: base + 6 * 60_000 + 10, volume: 100 + 11 * LOT }]);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.figures.mean_volume, 0);
    const c2 = new ContractSignals(0.05, LOT, th({ volume_windows: 1, volume_min_lots: 1, cooldown_ms: 0 }));
    run(c2, [{ exchangeTs: base + 10, volume: 5000 }, { exchangeTs: base + 60_010, volume: 5000 + LOT }, { exchangeTs: base + 120_010, volume: 5000 + 2 * LOT }]);
    assert.deepEqual(run(c2, [{ exchangeTs: base + 130_000, volume: 10 }]), [], 'volume fell: a new day, baseline only');
  });
});

describe('price move', () => {
  it('fires at x % and the minimum ticks within the window, not before, once per cooldown', () => {
    const c = new ContractSignals(0.05, LOT, th({ price_move_pct: 10, price_move_min_ticks: 4 }));
    const t0 = 1_000_000;
    const ticks: TickFields[] = [];
    for (let s = 0; s <= 60; s++) ticks.push({ exchangeTs: t0 + s * 1000, ltp: 100 });
    assert.deepEqual(run(c, ticks), []);
    assert.deepEqual(run(c, [{ exchangeTs: t0 + 61_000, ltp: 109.95 }]), [], '9.95 % < 10 %');
    const out = run(c, [{ exchangeTs: t0 + 61_500, ltp: 110 }]);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.direction, 'up');
    assert.equal(out[0]!.figures.change_pct, 10);
    assert.equal(out[0]!.figures.ref_price, 100);
    assert.deepEqual(run(c, [{ exchangeTs: t0 + 70_000, ltp: 130 }]), [], 'cooldown');
  });

  it('a cheap option needs the minimum ticks too; a fall fires down; no history → nothing', () => {
    const c = new ContractSignals(0.05, LOT, th({ price_move_pct: 10, price_move_min_ticks: 4 }));
    assert.deepEqual(run(c, [{ exchangeTs: 0, ltp: 1 }, { exchangeTs: 30_000, ltp: 2 }]), [], 'half a window of history');
    assert.deepEqual(run(c, [{ exchangeTs: 60_000, ltp: 1.15 }]), [], '+15 % but 3 ticks');
    const down = run(c, [{ exchangeTs: 61_000, ltp: 0.8 }]);
    assert.equal(down.length, 1);
    assert.equal(down[0]!.direction, 'down');
  });

  it('recorded: NIFTY per second, 2022-11-01 — fires exactly where a brute-force scan says, cooldown respected', () => {
    const rows = readSharedText('nifty_index_intraday/NIFTY50_persecond_2022-11-01.csv').trim().split('\n').map((l) => {
      const [ts, p] = l.split(',');
      return { t: Date.parse(`${ts!.replace(' ', 'T')}+05:30`), p: Number(p) };
    }).filter((r) => Number.isFinite(r.t) && r.p > 0);
    assert.ok(rows.length > 20_000, `${rows.length} rows`);
    const thr = th({ price_move_pct: 0.15, price_move_min_ticks: 1, price_window_ms: 60_000, cooldown_ms: 300_000 });
    const c = new ContractSignals(0.05, 50, thr);
    const fired = run(c, rows.map((r) => ({ exchangeTs: r.t, ltp: r.p })));
    // Brute force with the same definition: reference = last price at or before the end of the 2 s step one window back.
    const res = 60_000 / 30;
    const expected: number[] = [];
    let last = -Infinity;
    let j = 0;
    for (let i = 0; i < rows.length; i++) {
      const step = Math.floor(rows[i]!.t / res);
      const endOfRefStep = (step - 30 + 1) * res;
      if (endOfRefStep - res < Math.floor(rows[0]!.t / res) * res) continue;
      while (j + 1 <= i && rows[j + 1]!.t < endOfRefStep) j++;
      const ref = rows[j]!.t < endOfRefStep ? rows[j]!.p : NaN;
      const pct = ((rows[i]!.p - ref) / ref) * 100;
      if (Math.abs(pct) >= 0.15 && rows[i]!.t - last >= 300_000) { expected.push(rows[i]!.t); last = rows[i]!.t; }
    }
    assert.ok(expected.length >= 3, `the day has moves of 0.15 % in a minute: ${expected.length}`);
    assert.deepEqual(fired.map((s) => s.time), expected);
    for (let i = 1; i < fired.length; i++) assert.ok(fired[i]!.time - fired[i - 1]!.time >= 300_000);
  });
});

describe('spread tightening and widening', () => {
  const warm = (c: ContractSignals, seconds: number, bid: number, ask: number, t0 = 0): SignalCandidate[] => {
    const ticks: TickFields[] = [];
    for (let s = 0; s < seconds; s++) ticks.push({ exchangeTs: t0 + s * 1000 + 100, ...book(bid, ask) });
    return run(c, ticks);
  };

  it('tightening: ≥ 2 ticks and ≥ 40 % under the median of 60 one-second samples; not before 60 samples', () => {
    const c = new ContractSignals(0.05, LOT, th());
    assert.deepEqual(warm(c, 60, 100, 100.5), []); // spread 10 ticks; 59 samples completed
    assert.deepEqual(run(c, [{ exchangeTs: 59_900, ...book(100.2, 100.25) }]), [], 'only 59 completed seconds');
    assert.deepEqual(run(c, [{ exchangeTs: 60_100, ...book(100, 100.35) }]), [], '7 ticks = 30 % under');
    const out = run(c, [{ exchangeTs: 60_200, ...book(100.1, 100.4) }]);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.type, 'spread_tightening');
    assert.equal(out[0]!.figures.median_ticks, 10);
    assert.equal(out[0]!.figures.spread_ticks, 6);
    assert.deepEqual(run(c, [{ exchangeTs: 61_000, ...book(100.2, 100.25) }]), [], 'cooldown');
  });

  it('widening: ≥ 2 ticks and ≥ 100 % over the median; a one-tick book doubling to 2 ticks needs the 2-tick minimum', () => {
    const c = new ContractSignals(0.05, LOT, th());
    warm(c, 61, 100, 100.05);
    assert.deepEqual(run(c, [{ exchangeTs: 61_500, ...book(100, 100.1) }]), [], '+1 tick (100 %)');
    const out = run(c, [{ exchangeTs: 61_600, ...book(100, 100.15) }]);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.type, 'spread_widening');
    assert.equal(out[0]!.direction, 'up');
  });

  it('crossed or one-sided books are ignored', () => {
    const c = new ContractSignals(0.05, LOT, th({ spread_median_samples: 2 }));
    warm(c, 5, 100, 101);
    assert.deepEqual(run(c, [{ exchangeTs: 5_500, bids: [{ price: 100.9 }], asks: [{ price: 100.8 }], crossed: true }]), []);
    assert.deepEqual(run(c, [{ exchangeTs: 5_600, bids: [], asks: [{ price: 100.8 }] }]), []);
  });
});

describe('OI spike', () => {
  it('fires on ≥ 5 % and ≥ 100 lots of OI change within the window, once per cooldown', () => {
    const c = new ContractSignals(0.05, LOT, th());
    const ticks: TickFields[] = [];
    for (let s = 0; s <= 60; s++) ticks.push({ exchangeTs: s * 1000, oi: 4000 * LOT });
    assert.deepEqual(run(c, ticks), []);
    assert.deepEqual(run(c, [{ exchangeTs: 60_500, oi: 4199 * LOT }]), [], '199 lots = 4.98 %');
    const out = run(c, [{ exchangeTs: 60_600, oi: 4200 * LOT }]);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.figures.change_lots, 200);
    assert.equal(out[0]!.figures.change_pct, 5);
    assert.deepEqual(run(c, [{ exchangeTs: 61_000, oi: 9000 * LOT }]), []);
  });

  it('small OI: the lot minimum holds it back', () => {
    const c = new ContractSignals(0.05, LOT, th());
    for (let s = 0; s <= 60; s++) run(c, [{ exchangeTs: s * 1000, oi: 50 * LOT }]);
    assert.deepEqual(run(c, [{ exchangeTs: 61_000, oi: 149 * LOT }]), [], '+198 % but 99 lots');
  });
});

describe('IV jump', () => {
  it('fires on ≥ 2 vol points within the window, not on 1.99', () => {
    const c = new ContractSignals(0.05, LOT, th());
    const out: SignalCandidate[] = [];
    for (let s = 0; s <= 60; s++) c.onIv(s * 1000, 0.15, out);
    c.onIv(60_500, 0.1699, out);
    assert.equal(out.length, 0);
    c.onIv(61_000, 0.17, out);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.figures.change_points, 2);
    c.onIv(62_000, 0.25, out);
    assert.equal(out.length, 1, 'cooldown');
  });
});

describe('fair-value divergence', () => {
  const smile = [{ strike: 25900, iv: 0.14 }, { strike: 26000, iv: 0.5 }, { strike: 26100, iv: 0.13 }];

  it('fair value is Black-76 at the neighbours\' interpolated IV, the own strike left out', () => {
    assert.ok(Math.abs(neighbourIv(smile, 26000)! - 0.135) < 1e-12);
    assert.equal(neighbourIv(smile, 26150), 0.13, 'one side only: nearest, flat');
    assert.equal(neighbourIv([{ strike: 26000, iv: 0.2 }], 26000), null);
    const f = modelFairValue(smile, { isCall: true, strike: 26000, forward: 26010, years: 7 / 365, rate: 0.065 })!;
    assert.ok(Math.abs(f.value - black76Price(true, 26010, 26000, 7 / 365, 0.135, 0.065)) < 1e-9);
  });

  it('fires beyond 5 ticks and 10 %; the feed\'s FMV is preferred when present', () => {
    const c = new ContractSignals(0.05, LOT, th());
    const out: SignalCandidate[] = [];
    c.onFairValue(0, { mid: 10.95, ltp: 11 }, { value: 10, iv: 0.13, fmv: null }, out);
    assert.equal(out.length, 0, '9.5 %');
    c.onFairValue(1, { mid: 11, ltp: 11 }, { value: 10, iv: 0.13, fmv: null }, out);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.figures.divergence_ticks, 20);
    const c2 = new ContractSignals(0.05, LOT, th());
    const out2: SignalCandidate[] = [];
    c2.onFairValue(0, { mid: 11, ltp: null }, { value: 10, iv: 0.13, fmv: 10.5 }, out2);
    assert.deepEqual(out2, [], 'vs FMV 10.5: 4.8 %');
    c2.onFairValue(1, { mid: null, ltp: 0.2 }, { value: 0.1, iv: 0.13, fmv: null }, out2);
    assert.deepEqual(out2, [], '+100 % but 2 ticks');
  });

  it('recorded: on a saved NSE chain, liquid near-the-money strikes sit at their neighbours\' fair value', () => {
    type Leg = { strikePrice: number; impliedVolatility: number; lastPrice: number; bidprice: number; askPrice: number };
    const j = readSharedJson<{ records: { underlyingValue: number }; filtered: { data: { strikePrice: number; CE?: Leg; PE?: Leg }[] } }>('nse_option_chain_json/NIFTY_2022-03-28_1047.json');
    const spot = j.records.underlyingValue;
    const rows = j.filtered.data.filter((r) => r.CE && r.PE).sort((a, b) => a.strikePrice - b.strikePrice);
    // OTM side's IV per strike, as Optick's chain solves it.
    const smileOf = rows.map((r) => ({ strike: r.strikePrice, iv: ((r.strikePrice < spot ? r.PE! : r.CE!).impliedVolatility || 0) / 100 || null }));
    const years = (Date.parse('2022-03-31T15:30:00+05:30') - Date.parse('2022-03-28T10:47:19+05:30')) / (365 * 86_400_000);
    let checked = 0;
    for (const r of rows) {
      if (Math.abs(r.strikePrice - spot) > 300) continue;
      const leg = r.strikePrice < spot ? r.PE! : r.CE!;
      const c = new ContractSignals(0.05, 50, th());
      const fair = modelFairValue(smileOf, { isCall: r.strikePrice >= spot, strike: r.strikePrice, forward: spot, years, rate: 0.065 });
      assert.ok(fair, `fair value at ${r.strikePrice}`);
      const out: SignalCandidate[] = [];
      const mid = leg.bidprice > 0 && leg.askPrice > leg.bidprice ? (leg.bidprice + leg.askPrice) / 2 : null;
      c.onFairValue(0, { mid, ltp: leg.lastPrice }, { value: fair.value, iv: fair.iv, fmv: null }, out);
      assert.deepEqual(out.map((s) => s.figures), [], `${r.strikePrice}: a real, liquid quote is not a divergence`);
      // The same quote made 30 % rich is one.
      c.onFairValue(1, { mid: (mid ?? leg.lastPrice) * 1.3, ltp: leg.lastPrice }, { value: fair.value, iv: fair.iv, fmv: null }, out);
      assert.equal(out.length, 1, `${r.strikePrice}: a 30 % rich quote`);
      checked++;
    }
    assert.ok(checked >= 8, `${checked} strikes checked`);
  });
});

describe('determinism', () => {
  it('the same ticks give the same signals', () => {
    const ticks: TickFields[] = [];
    let v = 0, p = 100;
    for (let i = 0; i < 5000; i++) {
      v += ((i * 7919) % 13) * LOT;
      p = Math.max(1, p + (((i * 104729) % 11) - 5) * 0.05);
      ticks.push({ exchangeTs: i * 250, volume: v, ltp: Math.round(p * 20) / 20, oi: 1000 * LOT + ((i * 31) % 400) * LOT, ...book(p - 0.1 - (i % 5) * 0.05, p + 0.1) });
    }
    const thr = th({ volume_windows: 3, volume_window_ms: 5000, price_move_pct: 2, spread_median_samples: 10, oi_spike_pct: 1, cooldown_ms: 5000 });
    const a = run(new ContractSignals(0.05, LOT, thr), ticks);
    const b = run(new ContractSignals(0.05, LOT, thr), ticks);
    assert.ok(a.length > 10, `${a.length} signals`);
    assert.deepEqual(a, b);
  });
});

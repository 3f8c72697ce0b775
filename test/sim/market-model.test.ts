// The simulated market is plausible (quotes, spreads, parity, OI in lots, volume) and reproducible for a seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModel } from './model-fixture.ts';
import { KIND_OPTION } from '../../src/main/sim/instrument-state.ts';
import type { InstrumentState } from '../../src/main/sim/instrument-state.ts';
import { RISK_FREE_RATE } from '../../src/main/sim/universe.ts';
import type { MarketModel } from '../../src/main/sim/model.ts';

const onTick = (p: number): boolean => Math.round(p * 20) / 20 === p;
const options = (m: MarketModel): InstrumentState[] => m.instruments.filter((s) => s.kind === KIND_OPTION);

/** The nearest NIFTY series' calls and puts by strike. */
function nearestChain(m: MarketModel): Map<number, { call: InstrumentState; put: InstrumentState }> {
  const chain = new Map<number, { call: InstrumentState; put: InstrumentState }>();
  for (const s of options(m)) {
    if (s.series !== 0) continue;
    const row = chain.get(s.strike) ?? ({} as { call: InstrumentState; put: InstrumentState });
    if (s.isCall) row.call = s;
    else row.put = s;
    chain.set(s.strike, row);
  }
  return chain;
}

test('every book is sane after a simulated minute: 0 <= bid < ask, prices on the 0.05 tick, OI and volume in whole lots', () => {
  const m = makeModel(11, 2000);
  const volume0 = m.instruments.map((s) => s.volume);
  const oi0 = m.instruments.map((s) => s.oi);
  for (let i = 0; i < 1200; i++) m.step();
  let traded = 0;
  let oiMoved = 0;
  for (const s of options(m)) {
    assert.ok(s.bid >= 0 && s.bid < s.ask, `${s.key}: bid ${s.bid} ask ${s.ask}`);
    assert.ok(onTick(s.bid) && onTick(s.ask) && onTick(s.ltp) && onTick(s.cp), `${s.key}: prices on tick`);
    assert.ok(s.ltp >= 0.05 && s.fair >= 0);
    assert.equal(s.oi % s.lotSize, 0, `${s.key}: OI ${s.oi} is whole lots of ${s.lotSize}`);
    assert.equal(s.volume % s.lotSize, 0);
    assert.equal(Math.abs(s.oi - oi0[s.index]!) % s.lotSize, 0);
    assert.ok(s.volume >= volume0[s.index]!, 'volume never falls');
    if (s.volume > volume0[s.index]!) traded++;
    if (s.oi !== oi0[s.index]) oiMoved++;
    assert.ok(s.tbq >= 0 && s.tsq > 0 && s.askQ > 0 && s.askQ % s.lotSize === 0);
    assert.ok(s.dayLow <= s.ltp && s.ltp <= s.dayHigh);
    assert.ok(s.atp >= 0);
  }
  assert.ok(traded > 200, `many options traded (${traded})`);
  assert.ok(oiMoved > 100, `OI evolved on many (${oiMoved})`);
});

test('volume only rises tick after tick, and OI changes come in whole lots', () => {
  const m = makeModel(5, 3000);
  const last = m.instruments.map((s) => ({ v: s.volume, oi: s.oi }));
  for (let i = 0; i < 400; i++) {
    m.step();
    for (let j = 0; j < m.tickedCount; j++) {
      const s = m.instruments[m.ticked[j]!]!;
      const prev = last[s.index]!;
      assert.ok(s.volume >= prev.v);
      if (s.kind === KIND_OPTION) assert.equal(Math.abs(s.oi - prev.oi) % s.lotSize, 0);
      prev.v = s.volume;
      prev.oi = s.oi;
    }
  }
});

test('quotes bracket Black-76 fair value, so put-call parity on the forward holds within the spread', () => {
  const m = makeModel(2);
  let checked = 0;
  for (const [K, { call, put }] of nearestChain(m)) {
    assert.ok(call.bid <= call.fair && call.fair <= call.ask && put.bid <= put.fair && put.fair <= put.ask, `strike ${K}`);
    const df = Math.exp(-RISK_FREE_RATE * call.years);
    const parity = df * (call.forward - K);
    assert.ok(call.bid - put.ask <= parity + 1e-9 && parity <= call.ask - put.bid + 1e-9, `parity at ${K}: ${call.bid}/${call.ask} vs ${put.bid}/${put.ask}, df(F-K)=${parity}`);
    assert.ok(Math.abs(call.fair - put.fair - parity) < 1e-6 * Math.max(1, call.fair), `fair values satisfy parity at ${K}`);
    checked++;
  }
  assert.equal(checked, 121, 'ATM ± 60 strikes');
});

test('spreads widen away from the money: in rupees on the in-the-money side, relative to premium on the out-of-the-money side', () => {
  const m = makeModel(3);
  const chain = nearestChain(m);
  const atm = 26000;
  const spread = (s: InstrumentState): number => s.ask - s.bid;
  const at = (k: number): { call: InstrumentState; put: InstrumentState } => chain.get(k)!;
  // in the money: calls below the forward, puts above
  assert.ok(spread(at(atm).call) < spread(at(atm - 500).call) && spread(at(atm - 500).call) < spread(at(atm - 1500).call));
  assert.ok(spread(at(atm).put) < spread(at(atm + 500).put) && spread(at(atm + 500).put) < spread(at(atm + 1500).put));
  // out of the money, while the option still has a bid
  const rel = (s: InstrumentState): number => spread(s) / s.fair;
  assert.ok(rel(at(atm).call) < rel(at(atm + 200).call) && rel(at(atm + 200).call) < rel(at(atm + 400).call));
  assert.ok(rel(at(atm).put) < rel(at(atm - 200).put) && rel(at(atm - 200).put) < rel(at(atm - 400).put));
});

test('the smile: out-of-the-money puts carry more vol than equally distant calls; strikes far out carry more than ATM', () => {
  const m = makeModel(4);
  const chain = nearestChain(m);
  const F = chain.get(26000)!.call.forward;
  const atmVol = chain.get(26000)!.call.sigma;
  assert.ok(atmVol > 0.08 && atmVol < 0.2, `NIFTY ATM vol ${atmVol}`);
  const put = chain.get(Math.round((F - 600) / 50) * 50)!.put.sigma;
  const call = chain.get(Math.round((F + 600) / 50) * 50)!.call.sigma;
  assert.ok(put > call, `skew: put ${put} call ${call}`);
  assert.ok(chain.get(24000)!.put.sigma > atmVol);
});

test('the index moves with intraday volatility of a plausible size and the tick count follows the rate', () => {
  const m = makeModel(9, 300);
  const spots: number[] = [];
  for (let i = 0; i < 20 * 600; i++) {
    m.step();
    if (i % 20 === 19) spots.push(m.underlyings[0]!.spot);
  }
  const rets = spots.slice(1).map((s, i) => Math.log(s / spots[i]!));
  const sd = Math.sqrt(rets.reduce((a, r) => a + r * r, 0) / rets.length);
  const annual = sd * Math.sqrt(252 * 6.25 * 3600);
  assert.ok(annual > 0.04 && annual < 0.6, `NIFTY realised vol ${annual}`);
  const expected = 300 * 600;
  assert.ok(Math.abs(m.totalTicks - expected) < 5 * Math.sqrt(expected), `ticks ${m.totalTicks} ≈ ${expected}`);
});

test('deterministic: the same seed and rate give the same market, another seed a different one', () => {
  const snapshot = (m: MarketModel): string => m.instruments.map((s) => `${s.ltp}|${s.bid}|${s.ask}|${s.bidQ}|${s.oi}|${s.volume}|${s.ltt}`).join(';');
  const run = (seed: number): string => {
    const m = makeModel(seed, 1000);
    for (let i = 0; i < 300; i++) m.step();
    return snapshot(m);
  };
  const a = run(21);
  assert.equal(run(21), a);
  assert.notEqual(run(22), a);
});

test('rate 0 is a frozen market; a bad rate is refused with a clear error', () => {
  const m = makeModel(1, 0);
  const before = m.instruments.map((s) => s.ltp).join();
  for (let i = 0; i < 100; i++) assert.equal(m.step(), 0);
  assert.equal(m.instruments.map((s) => s.ltp).join(), before);
  assert.throws(() => makeModel(1, Number.NaN), /rate must be a finite number/);
  assert.throws(() => makeModel(1, -5), /rate/);
});

test('at IST midnight a new day starts: last price becomes the previous close, volume and candles restart, OI carries over', async () => {
  const { zonedEpochMs } = await import('../../src/main/engine/instruments/expiry-calendar.ts');
  const m = makeModel(6, 2000, zonedEpochMs('2026-11-21', '23:59:30'));
  for (let i = 0; i < 20 * 20; i++) m.step(); // to 23:59:50
  const s = m.instruments.find((x) => x.kind === KIND_OPTION && x.series === 0 && x.strike === 26000 && x.isCall)!;
  const volumeBefore = s.volume;
  const ltpBefore = s.ltp;
  assert.equal(m.sessionDate, '2026-11-21');
  for (let i = 0; i < 20 * 20 && m.sessionDate === '2026-11-21'; i++) {
    m.step();
  }
  assert.equal(m.sessionDate, '2026-11-22');
  const midnight = zonedEpochMs('2026-11-22', '00:00');
  assert.equal(s.dayStart, midnight);
  assert.ok(s.volume < volumeBefore / 10, `volume restarted (${volumeBefore} → ${s.volume})`);
  assert.ok(Math.abs(s.cp - ltpBefore) < 0.2 * ltpBefore, 'previous close = last price of the old day');
  assert.equal(s.oi % s.lotSize, 0);
  assert.ok(s.oi > 0, 'OI carried over');
  const index = m.instruments[0]!;
  assert.equal(index.dayStart, midnight);
  assert.ok(Math.abs(index.cp - index.ltp) < 0.01 * index.ltp);
});

test('a fast market (after a jump, under stress) quotes wider than a calm one', async () => {
  const { quoteOption } = await import('../../src/main/sim/option-market.ts');
  const { Rng } = await import('../../src/main/sim/rng.ts');
  const m = makeModel(8);
  const s = nearestChain(m).get(26000)!.call;
  const quoteAt = (fast: number): number => {
    quoteOption(s, s.spot, s.forward, s.years, s.sigma, fast, 50, new Rng(1));
    return s.ask - s.bid;
  };
  const calm = quoteAt(1);
  const fast = quoteAt(3);
  assert.ok(fast > 2 * calm, `fast ${fast} vs calm ${calm}`);
  assert.ok(s.bid <= s.fair && s.fair <= s.ask);
});

test('last-trade times never go backwards and stay inside the slot that produced them', () => {
  const m = makeModel(12, 20000);
  const last = m.instruments.map((s) => s.ltt);
  for (let i = 0; i < 200; i++) {
    m.step();
    for (let j = 0; j < m.tickedCount; j++) {
      const s = m.instruments[m.ticked[j]!]!;
      assert.ok(s.ltt >= last[s.index]!, `${s.key}: ltt ${s.ltt} after ${last[s.index]}`);
      if (s.ltt !== last[s.index]) assert.ok(s.ltt <= m.time && s.ltt > m.time - m.slotMs, 'a new print is stamped inside its slot');
      last[s.index] = s.ltt;
    }
  }
});

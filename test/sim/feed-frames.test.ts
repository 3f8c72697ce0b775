// The simulator's hand-written protobuf frames decode with the generated protobufjs code to
// exactly the instrument state, in every mode, with proto3 zero omission.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstoxProto } from '../../src/main/engine/feeds/upstox/proto.ts';
import { FeedFrameWriter, greeksOf, MODE_LTPC, MODE_FULL, MODE_OPTION_GREEKS, MODE_FULL_D30 } from '../../src/main/sim/feed-frames.ts';
import { ProtoWriter } from '../../src/main/sim/proto-writer.ts';
import { KIND_OPTION } from '../../src/main/sim/instrument-state.ts';
import type { InstrumentState } from '../../src/main/sim/instrument-state.ts';
import { makeModel } from './model-fixture.ts';

const m = makeModel(17, 5000);
for (let i = 0; i < 200; i++) m.step();
const index = m.instruments[0]!;
const atm = m.instruments.find((s) => s.kind === KIND_OPTION && s.series === 0 && s.strike === 26000 && s.isCall)!;
const deepOtm = m.instruments.find((s) => s.kind === KIND_OPTION && s.series === 0 && s.strike === 29000 && s.isCall)!;

function frameOf(type: number, list: [InstrumentState, number][]): ReturnType<typeof UpstoxProto.FeedResponse.decode> {
  const w = new FeedFrameWriter();
  w.begin(type);
  for (const [s, mode] of list) w.add(s, mode);
  return UpstoxProto.FeedResponse.decode(w.finish(1_795_000_000_123)!);
}

const ltpcOf = (s: InstrumentState): Record<string, number> => {
  const o: Record<string, number> = { ltp: s.ltp, ltt: s.ltt, cp: s.cp };
  if (s.ltq) o.ltq = s.ltq;
  return o;
};

test('initial_feed: no type on the wire; ltpc feeds carry no requestMode; currentTs survives', () => {
  const f = frameOf(0, [[index, MODE_LTPC], [atm, MODE_LTPC]]);
  assert.equal(Object.hasOwn(f, 'type'), false);
  assert.equal(f.currentTs, 1_795_000_000_123);
  for (const s of [index, atm]) {
    const feed = f.feeds[s.key]!;
    assert.equal(Object.hasOwn(feed, 'requestMode'), false);
    assert.deepEqual({ ...feed.ltpc }, ltpcOf(s));
  }
  assert.equal(Object.hasOwn(f.feeds[index.key]!.ltpc!, 'ltq'), false, 'an index has no traded quantity: omitted, not 0');
});

test('full mode: marketFF for an option matches its state (5 levels, Greeks, 1d + I1 candles, atp/vtt/oi/iv/tbq/tsq)', () => {
  const f = frameOf(1, [[atm, MODE_FULL]]);
  assert.equal(f.type, 1);
  const feed = f.feeds[atm.key]!;
  assert.equal(feed.requestMode, 1);
  const ff = feed.fullFeed!.marketFF!;
  assert.deepEqual({ ...ff.ltpc }, ltpcOf(atm));
  const levels = ff.marketLevel!.bidAskQuote!;
  assert.equal(levels.length, 5);
  assert.deepEqual({ ...levels[0] }, { bidQ: atm.bidQ, bidP: atm.bid, askQ: atm.askQ, askP: atm.ask });
  for (let i = 1; i < 5; i++) {
    assert.ok(levels[i]!.bidP! < levels[i - 1]!.bidP! && levels[i]!.askP! > levels[i - 1]!.askP!, 'prices step away from the touch');
    assert.equal(levels[i]!.bidQ! % atm.lotSize, 0);
  }
  const g = greeksOf(atm);
  assert.deepEqual({ ...ff.optionGreeks }, { delta: g.delta, theta: g.theta, gamma: g.gamma, vega: g.vega, rho: g.rho });
  assert.ok(g.delta > 0.3 && g.delta < 0.7, `ATM call delta ${g.delta}`);
  const [day, prevMin, curMin] = ff.marketOHLC!.ohlc!;
  assert.deepEqual({ ...day }, { interval: '1d', open: atm.dayOpen, high: atm.dayHigh, low: atm.dayLow, close: atm.ltp, vol: atm.volume, ts: atm.dayStart });
  assert.equal(prevMin!.interval, 'I1');
  assert.equal(curMin!.ts, atm.minStart);
  assert.ok(curMin!.ts! - prevMin!.ts! >= 60_000 && (curMin!.ts! - prevMin!.ts!) % 60_000 === 0, 'the minute before the current one that traded');
  assert.equal(ff.atp, Math.round(atm.atp * 100) / 100);
  assert.deepEqual([ff.vtt, ff.oi, ff.iv, ff.tbq, ff.tsq], [atm.volume, atm.oi, atm.sigma, atm.tbq, atm.tsq]);
});

test('full mode for an index is indexFF (ltpc + candles); full_d30 carries 30 levels', () => {
  const f = frameOf(1, [[index, MODE_FULL], [atm, MODE_FULL_D30]]);
  const ix = f.feeds[index.key]!.fullFeed!.indexFF!;
  assert.deepEqual({ ...ix.ltpc }, ltpcOf(index));
  assert.equal(ix.marketOHLC!.ohlc!.length, 3);
  assert.equal(f.feeds[atm.key]!.requestMode, 3);
  assert.equal(f.feeds[atm.key]!.fullFeed!.marketFF!.marketLevel!.bidAskQuote!.length, 30);
});

test('option_greeks mode: firstLevelWithGreeks; a deep out-of-the-money call with no bid omits the bid fields', () => {
  const f = frameOf(1, [[atm, MODE_OPTION_GREEKS], [deepOtm, MODE_OPTION_GREEKS], [index, MODE_OPTION_GREEKS]]);
  const fl = f.feeds[atm.key]!.firstLevelWithGreeks!;
  assert.equal(f.feeds[atm.key]!.requestMode, 2);
  assert.deepEqual({ ...fl.firstDepth }, { bidQ: atm.bidQ, bidP: atm.bid, askQ: atm.askQ, askP: atm.ask });
  assert.deepEqual([fl.vtt, fl.oi, fl.iv], [atm.volume, atm.oi, atm.sigma]);
  assert.equal(deepOtm.bid, 0);
  const otm = f.feeds[deepOtm.key]!.firstLevelWithGreeks!.firstDepth!;
  assert.equal(Object.hasOwn(otm, 'bidP'), false);
  assert.equal(Object.hasOwn(otm, 'bidQ'), false);
  assert.ok(otm.askP! >= 0.05);
  assert.deepEqual({ ...f.feeds[index.key]!.firstLevelWithGreeks!.ltpc }, ltpcOf(index));
});

test('ProtoWriter: nested lengths of 1, 2 and 3 varint bytes, and a buffer that has to grow', () => {
  for (const n of [5, 200, 20_000]) {
    const w = new ProtoWriter(16);
    const outer = w.begin(1);
    w.string(1, 'x'.repeat(n));
    w.double(2, 1.5);
    w.end(outer);
    const decoded = UpstoxProto.MarketOHLC.decode(w.finish());
    assert.equal(decoded.ohlc[0]!.interval?.length, n);
    assert.equal(decoded.ohlc[0]!.open, 1.5);
  }
  assert.throws(() => new ProtoWriter().uint(6, -1), /field 6: -1 is not a non-negative safe integer/);
});

test('an empty frame is not sent', () => {
  const w = new FeedFrameWriter();
  w.begin(1);
  assert.equal(w.finish(1), null);
});

// The Upstox decoder: real protobuf frames in, normalised ticks out; malformed input is
// an error the feed counts and skips, never a crash.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeUpstoxFrame } from '../../src/main/engine/feeds/upstox/decode.ts';
import { UpstoxProto, type FeedResponseShape } from '../../src/main/engine/feeds/upstox/proto.ts';

const encode = (m: FeedResponseShape) => UpstoxProto.FeedResponse.encode(m).finish();

const fullOption: FeedResponseShape = {
  type: 1,
  currentTs: 1795287957165,
  feeds: {
    'NSE_FO|45450': {
      requestMode: 1,
      fullFeed: {
        marketFF: {
          ltpc: { ltp: 123.45, ltt: 1795287957159, ltq: 65, cp: 110.05 },
          marketLevel: { bidAskQuote: [
            { bidQ: 650, bidP: 123.4, askQ: 130, askP: 123.5 },
            { bidQ: 1300, bidP: 123.35, askQ: 195, askP: 123.55 },
            { bidQ: 0, bidP: 0, askQ: 65, askP: 123.6 },
          ] },
          optionGreeks: { delta: 0.52, theta: -12.1, gamma: 0.0011, vega: 9.8, rho: 1.2 },
          vtt: 1234500, oi: 98765, iv: 0.1423, tbq: 50000, tsq: 42000, atp: 118.2,
        },
      },
    },
    'NSE_INDEX|Nifty 50': { requestMode: 1, fullFeed: { indexFF: { ltpc: { ltp: 26012.35, ltt: 1795287957000, cp: 25950.1 } } } },
  },
};

describe('Upstox V3 decoder', () => {
  it('normalises a full-mode option and an index', () => {
    const f = decodeUpstoxFrame(encode(fullOption), 1795287957200);
    assert.equal(f.kind, 'live_feed');
    assert.equal(f.ticks.length, 2);
    const o = f.ticks.find((t) => t.key === 'NSE_FO|45450')!;
    assert.equal(o.ltp, 123.45);
    assert.equal(o.ltq, 65);
    assert.equal(o.prevClose, 110.05);
    assert.equal(o.exchangeTs, 1795287957159);
    assert.equal(o.receiveTs, 1795287957200);
    assert.deepEqual(o.bids, [{ price: 123.4, qty: 650 }, { price: 123.35, qty: 1300 }]);
    assert.deepEqual(o.asks, [{ price: 123.5, qty: 130 }, { price: 123.55, qty: 195 }, { price: 123.6, qty: 65 }]);
    assert.equal(o.volume, 1234500);
    assert.equal(o.oi, 98765);
    assert.equal(o.brokerIv, 0.1423);
    assert.deepEqual(o.brokerGreeks, { delta: 0.52, theta: -12.1, gamma: 0.0011, vega: 9.8, rho: 1.2 });
    const ix = f.ticks.find((t) => t.key === 'NSE_INDEX|Nifty 50')!;
    assert.equal(ix.ltp, 26012.35);
    assert.equal(ix.bids, undefined);
  });

  it('a frame with no type on the wire is initial_feed; no requestMode is ltpc', () => {
    const bytes = encode({ feeds: { 'NSE_FO|1': { ltpc: { ltp: 5.5, ltt: 1795287957000 } } } });
    const f = decodeUpstoxFrame(bytes, 1);
    assert.equal(f.kind, 'initial_feed');
    assert.equal(f.ticks[0]!.ltp, 5.5);
    assert.equal(f.ticks[0]!.volume, undefined);
  });

  it('reads market_info segment status', () => {
    const f = decodeUpstoxFrame(encode({ type: 2, marketInfo: { segmentStatus: { NSE_FO: 2, NSE_INDEX: 3 } } }), 1);
    assert.equal(f.kind, 'market_info');
    assert.deepEqual(f.segments, { NSE_FO: 'NORMAL_OPEN', NSE_INDEX: 'NORMAL_CLOSE' });
  });

  it('option_greeks mode carries the first level, volume, OI and broker Greeks', () => {
    const f = decodeUpstoxFrame(encode({ type: 1, feeds: { 'NSE_FO|2': { requestMode: 2, firstLevelWithGreeks: {
      ltpc: { ltp: 12.3, ltt: 10 }, firstDepth: { bidQ: 75, bidP: 12.2, askQ: 150, askP: 12.4 },
      optionGreeks: { delta: 0.5, theta: -3, gamma: 0.001, vega: 5, rho: 0.1 }, vtt: 1000, oi: 5000, iv: 0.15,
    } } } }), 1);
    const t = f.ticks[0]!;
    assert.deepEqual([t.bids, t.asks, t.volume, t.oi, t.brokerIv], [[{ price: 12.2, qty: 75 }], [{ price: 12.4, qty: 150 }], 1000, 5000, 0.15]);
  });

  it('throws (to be counted) on truncated frames and random bytes, never hangs or crashes the process', () => {
    const good = encode(fullOption);
    let errors = 0, decoded = 0;
    for (let cut = 1; cut < good.length; cut++) {
      try { decodeUpstoxFrame(good.subarray(0, cut), 1); decoded++; } catch { errors++; }
    }
    assert.ok(errors > good.length / 2, `most truncations are errors (${errors} of ${good.length - 1})`);
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) & 0xff);
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from({ length: 1 + (i % 200) }, rnd);
      try { decodeUpstoxFrame(bytes, 1); decoded++; } catch (err) { assert.ok(err instanceof Error); errors++; }
    }
    assert.ok(errors + decoded === good.length - 1 + 2000);
  });
});

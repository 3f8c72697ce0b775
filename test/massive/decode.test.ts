// The Massive decoder on the message shapes of the official spec (massive-com/client-python
// `.massive/websocket.json` examples, protocols.md §3.3) and on malformed input: every bad event is
// counted by reason and dropped, the good ones in the same frame are kept, nothing throws.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMassiveFrame } from '../../src/main/engine/feeds/massive/decode.ts';
import { occTicker, parseOccTicker } from '../../src/main/engine/feeds/massive/occ.ts';

// Recorded shapes: the spec's examples, verbatim values.
const SPEC_T = '{"ev":"T","sym":"O:AMC210827C00037000","x":65,"p":1.54,"s":1,"c":[233],"t":1629820676333,"q":651921857}';
const SPEC_Q = '{"ev":"Q","sym":"O:SPY241220P00720000","bx":302,"ax":302,"bp":9.71,"ap":9.81,"bs":17,"as":24,"t":1644506128351,"q":844090872}';
const SPEC_A = '{"ev":"AM","sym":"O:ONEM220121C00025000","v":2,"av":8,"op":2.2,"vw":2.05,"o":2.05,"c":2.05,"h":2.05,"l":2.05,"a":2.1312,"z":1,"s":1632419640000,"e":1632419650000}';
const SPEC_FMV = '{"ev":"FMV","fmv":7.2,"sym":"O:TSLA210903C00700000","t":1401715883806000000}';
const R = 1_700_000_000_000;

describe('massive decode', () => {
  it('maps T, Q, A/AM and FMV of one frame to ticks in frame order', () => {
    const f = decodeMassiveFrame(`[${SPEC_T},${SPEC_Q},${SPEC_A},${SPEC_FMV}]`, R);
    assert.deepEqual(f.rejected, {});
    assert.deepEqual(f.ticks, [
      { key: 'O:AMC210827C00037000', exchangeTs: 1629820676333, receiveTs: R, ltp: 1.54, ltq: 1 },
      { key: 'O:SPY241220P00720000', exchangeTs: 1644506128351, receiveTs: R, bids: [{ price: 9.71, qty: 17 }], asks: [{ price: 9.81, qty: 24 }] },
      { key: 'O:ONEM220121C00025000', exchangeTs: 1632419650000, receiveTs: R, volume: 8, atp: 2.1312 },
      { key: 'O:TSLA210903C00700000', exchangeTs: 1401715883806, receiveTs: R, fairValue: 7.2 },
    ]);
  });

  it('reads status events (connected, auth_success, auth_failed, subscribed)', () => {
    const f = decodeMassiveFrame('[{"ev":"status","status":"connected","message":"Connected Successfully"},{"ev":"status","status":"auth_failed","message":"authentication failed"}]', R);
    assert.deepEqual(f.statuses, [{ status: 'connected', message: 'Connected Successfully' }, { status: 'auth_failed', message: 'authentication failed' }]);
    assert.equal(f.ticks.length, 0);
  });

  it('a zero bid or ask is an empty side; FMV as a string (client-js typing) is read too', () => {
    const f = decodeMassiveFrame('[{"ev":"Q","sym":"O:X","bp":0,"ap":0.05,"bs":0,"as":10,"t":5},{"ev":"FMV","fmv":"1.25","sym":"O:X","t":5000000}]', R);
    assert.deepEqual(f.ticks[0]!.bids, []);
    assert.deepEqual(f.ticks[0]!.asks, [{ price: 0.05, qty: 10 }]);
    assert.equal(f.ticks[1]!.fairValue, 1.25);
    assert.equal(f.ticks[1]!.exchangeTs, 5);
  });

  it('counts and drops malformed frames and events, keeping the good events of the frame', () => {
    assert.deepEqual(decodeMassiveFrame('not json', R).rejected, { not_json: 1 });
    assert.deepEqual(decodeMassiveFrame('{"ev":"T"}', R).rejected, { not_array: 1 });
    const f = decodeMassiveFrame(`[1, null, [], {"ev":"T","sym":"O:A","p":"1","s":1,"t":1}, {"ev":"Z","sym":"O:A"}, {"ev":"Q"}, ${SPEC_T}, {"ev":"A","sym":"O:A","c":1,"e":null,"av":1}, {"ev":"FMV","sym":"O:A","fmv":"x","t":1}]`, R);
    assert.deepEqual(f.rejected, { not_event: 3, bad_field: 4, unknown_event: 1 });
    assert.equal(f.ticks.length, 1);
    assert.equal(f.ticks[0]!.key, 'O:AMC210827C00037000');
    assert.ok(f.detail);
  });
});

describe('OCC tickers', () => {
  it('parses from the right, any root length, fractional strikes', () => {
    assert.deepEqual(parseOccTicker('O:SPY251219C00650000'), { root: 'SPY', expiry: '2025-12-19', side: 'CE', strike: 650 });
    assert.deepEqual(parseOccTicker('O:SPXW261218P05500000'), { root: 'SPXW', expiry: '2026-12-18', side: 'PE', strike: 5500 });
    assert.deepEqual(parseOccTicker('O:AMC1210827C00032500'), { root: 'AMC1', expiry: '2021-08-27', side: 'CE', strike: 32.5 });
    for (const bad of ['SPY251219C00650000', 'O:SPY251319C00650000', 'O:SPY251219X00650000', 'O:SPY251219C0065000', 'O:TOOLONGX251219C00650000']) {
      assert.equal(parseOccTicker(bad), null, bad);
    }
  });

  it('formats what it parses', () => {
    for (const t of ['O:SPY251219C00650000', 'O:AAPL261120P00232500', 'O:QQQ261204C00521000']) {
      const c = parseOccTicker(t)!;
      assert.equal(occTicker(c.root, c.expiry, c.side, c.strike), t);
    }
    assert.throws(() => occTicker('SPY', '2026-12-18', 'CE', 123456), RangeError);
  });
});

// OpenAlgo decoder on the message shapes of OpenAlgo's own code, recorded as fixtures in
// test/fixtures/openalgo/proxy-messages.json from: marketcalls/openalgo websocket_proxy/server.py
// (auth/subscribe/unsubscribe acks, errors without `type`, pong, the market_data envelope of
// zmq_listener), broker/upstox/streaming/upstox_adapter.py (depth as top-level buy/sell), and
// marketcalls/openalgo-python-library openalgo/feed.py (the client's requests).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeOpenAlgoMessage, OpenAlgoDecodeError, splitOpenAlgoKey } from '../../src/main/engine/feeds/openalgo/decode.ts';
import { OPENALGO_MODE_OF, openAlgoPlanProblem, openAlgoRequests } from '../../src/main/engine/feeds/openalgo/plan.ts';

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/openalgo/proxy-messages.json', import.meta.url), 'utf8')) as { server: Record<string, unknown>; client: Record<string, unknown> };
const decode = (name: string) => decodeOpenAlgoMessage(JSON.stringify(fixtures.server[name]), 1_000);
const KEY = 'NFO:NIFTY28NOV2426000CE';

test('market_data in LTP, Quote and Depth modes → one Tick keyed EXCHANGE:SYMBOL, exchange time from ltt', () => {
  const ltp = decode('market_data_ltp');
  assert.equal(ltp.kind, 'market_data');
  assert.deepEqual(ltp.kind === 'market_data' && ltp.tick, { key: KEY, exchangeTs: 1732699999000, receiveTs: 1_000, ltp: 152.4 });
  const q = decode('market_data_quote');
  assert.deepEqual(q.kind === 'market_data' && q.tick, {
    key: KEY, exchangeTs: 1732699999000, receiveTs: 1_000, ltp: 152.4, ltq: 75, prevClose: 138.2, volume: 1250000, oi: 4500000, atp: 148.9,
    totalBuyQty: 120000, totalSellQty: 98000,
  });
  const d = decode('market_data_depth_angel');
  assert.ok(d.kind === 'market_data');
  assert.deepEqual(d.tick.bids, [{ price: 152.3, qty: 750, orders: 4 }, { price: 152.2, qty: 1500, orders: 7 }], 'zero-price padding levels are not levels');
  assert.deepEqual(d.tick.asks, [{ price: 152.5, qty: 600, orders: 3 }, { price: 152.6, qty: 900, orders: 5 }]);
  assert.equal(d.tick.oi, 4500000);
  assert.equal(d.mode, 3);
});

test("the Upstox adapter's depth (buy/sell at the top of data, no depth key) decodes the same book", () => {
  const d = decode('market_data_depth_upstox_adapter');
  assert.ok(d.kind === 'market_data');
  assert.equal(d.tick.key, KEY);
  assert.deepEqual(d.tick.bids, [{ price: 152.3, qty: 750 }]);
  assert.deepEqual(d.tick.asks, [{ price: 152.5, qty: 600 }]);
  assert.equal(d.tick.exchangeTs, 1732700000000, 'no ltt: the adapter timestamp');
  const ix = decode('market_data_index_ltp');
  assert.ok(ix.kind === 'market_data' && ix.tick.key === 'NSE_INDEX:NIFTY' && ix.tick.ltp === 26012.35);
});

test('acks and errors: auth, a partial subscribe naming the refused symbol, unsubscribe, errors without type, pong', () => {
  assert.deepEqual(decode('auth_success'), { kind: 'auth', ok: true, message: 'Authentication successful', broker: 'zerodha', userId: 'u1' });
  assert.deepEqual(decode('auth_error'), { kind: 'error', code: 'AUTHENTICATION_ERROR', message: 'Invalid API key' });
  assert.deepEqual(decode('not_authenticated'), { kind: 'error', code: 'NOT_AUTHENTICATED', message: 'You must authenticate first' });
  const sub = decode('subscribe_partial');
  assert.ok(sub.kind === 'subscribe');
  assert.equal(sub.status, 'partial');
  assert.equal(sub.requestId, 'r1');
  assert.deepEqual(sub.results.map((r) => [`${r.exchange}:${r.symbol}`, r.ok]), [[KEY, true], ['NFO:NIFTY28NOV2499999CE', false]]);
  assert.match(sub.results[1]!.message!, /not found for exchange NFO/);
  assert.equal(decode('unsubscribe_success').kind, 'unsubscribe');
  assert.deepEqual(decode('pong'), { kind: 'pong' });
  assert.deepEqual(decode('docs_only_quote'), { kind: 'other', type: 'quote' }, "the docs' type:'quote' reply is not what the server sends: not read as data");
});

test('malformed messages throw OpenAlgoDecodeError with a reason, never anything else', () => {
  const bad: [string, string][] = [
    ['{not json', 'not_json'],
    ['[1,2]', 'not_object'],
    ['"text"', 'not_object'],
    ['{"type":"market_data","exchange":"NFO","data":{"ltp":1}}', 'market_data_incomplete'],
    ['{"type":"market_data","symbol":"X","exchange":"NFO"}', 'market_data_incomplete'],
    ['{"type":"market_data","symbol":"X","exchange":"NFO","data":{"ltp":"abc"}}', 'bad_number'],
    ['{"type":"market_data","symbol":"X","exchange":"NFO","data":{"depth":{"buy":5}}}', 'bad_depth'],
    ['{"status":"success"}', 'no_type'],
    ['{"type":7}', 'no_type'],
  ];
  for (const [text, reason] of bad) {
    assert.throws(() => decodeOpenAlgoMessage(text, 0), (e: unknown) => e instanceof OpenAlgoDecodeError && e.reason === reason, text);
  }
});

test('requests: the list form the proxy takes, a mode change subscribes the new mode before the old one goes', () => {
  assert.deepEqual(splitOpenAlgoKey(KEY), { exchange: 'NFO', symbol: 'NIFTY28NOV2426000CE' });
  assert.equal(splitOpenAlgoKey('NSE_FO|123'), null);
  const first = openAlgoRequests(new Map([[KEY, 2], ['NSE_INDEX:NIFTY', 3]]), new Map(), 'a');
  assert.deepEqual(first, [
    { action: 'subscribe', symbols: [{ exchange: 'NFO', symbol: 'NIFTY28NOV2426000CE' }], mode: 2, depth: 5, request_id: 'a-1' },
    { action: 'subscribe', symbols: [{ exchange: 'NSE_INDEX', symbol: 'NIFTY' }], mode: 3, depth: 5, request_id: 'a-2' },
  ]);
  // The same fields as the official client's subscribe (feed.py), in the proxy's list form.
  const sdk = fixtures.client.subscribe_list as Record<string, unknown>;
  assert.deepEqual(Object.keys(first[0]!).filter((k) => k !== 'request_id').sort(), Object.keys(sdk).sort());
  const next = openAlgoRequests(new Map([[KEY, 3]]), new Map([[KEY, 2], ['NSE_INDEX:NIFTY', 3]]), 'b');
  assert.deepEqual(next.map((r) => [r.action, r.symbols.map((s) => `${s.exchange}:${s.symbol}${'mode' in s ? `@${s.mode}` : ''}`), 'mode' in r ? r.mode : null]), [
    ['unsubscribe', ['NSE_INDEX:NIFTY@3'], null],
    ['subscribe', [KEY], 3],
    ['unsubscribe', [`${KEY}@2`], null],
  ]);
  // OpenAlgo has one depth mode: a 30-level request (the ticket's contract) takes what it gives.
  assert.deepEqual(OPENALGO_MODE_OF, { ltp: 1, quote: 2, depth: 3, depth30: 3 });
  assert.match(openAlgoPlanProblem(new Map([[KEY, 'quote'], ['NSE_INDEX:NIFTY', 'ltp']]), 1)!, /allows 1 instruments .* asks for 2/);
});

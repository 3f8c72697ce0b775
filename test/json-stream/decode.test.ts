// The JSON price-stream decoder on Bluefin Pro's market-stream shapes (fireflyprotocol/pro-sdk
// resources/websocket-api.yaml: MarketStreamMessage, TickerUpdate, RecentTradesUpdates,
// OrderbookPartialDepthUpdate, SubscriptionResponseMessage; protocols.md §4), and malformed input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeStreamMessage, fromE9 } from '../../src/main/engine/feeds/json-stream/decode.ts';

// The spec's example values (TickerUpdate fields carry these examples in the YAML).
const TICKER = JSON.stringify({ event: 'TickerUpdate', payload: {
  symbol: 'ETH-PERP', lastQuantityE9: '10000000000', lastTimeAtMillis: 1724121094751, lastPriceE9: '5000000000000',
  lastFundingRateE9: '10000000', nextFundingTimeAtMillis: 1724121094751, avgFundingRate8hrE9: '10000000',
  oraclePriceE9: '50000000000000', oraclePriceDirection: 0, markPriceE9: '50000000000000', markPriceDirection: 0,
  marketPriceE9: '5000000000000', marketPriceDirection: 0, bestBidPriceE9: '12345678901', bestBidQuantityE9: '10000000',
  bestAskPriceE9: '42345678901', bestAskQuantityE9: '100000000', openInterestE9: '100000000', highPrice24hrE9: '5000000000000',
  lowPrice24hrE9: '50000000000', volume24hrE9: '100000000', quoteVolume24hrE9: '5000000000000', closePrice24hrE9: '5000000000000',
  openPrice24hrE9: '5000000000000', closeTime24hrAtMillis: 1724121094751, openTime24hrAtMillis: 1724121094751, firstId24hr: 1,
  lastId24hr: 2, count24hr: '123456', priceChange24hrE9: '50000000000', priceChangePercent24hrE9: '5000000000', updatedAtMillis: 1724121094751,
} });
const TRADES = JSON.stringify({ event: 'RecentTradesUpdates', payload: { recentTrades: [
  { id: 7, symbol: 'ETH-PERP', priceE9: '3456780000000', quantityE9: '250000000', quoteQuantityE9: '864195000000', side: 'LONG', updatedAtMillis: 1724121094800 },
  { id: 8, symbol: 'ETH-PERP', priceE9: '3456770000000', quantityE9: '1000000000', quoteQuantityE9: '3456770000000', side: 'SHORT', updatedAtMillis: 1724121094801 },
] } });
const DEPTH = JSON.stringify({ event: 'OrderbookPartialDepthUpdate', payload: {
  updatedAtMillis: 1724121094900, symbol: 'ETH-PERP', bidsE9: [['10000000000', '10000000000'], ['9000000000', '9000000000']],
  asksE9: [['11000000000', '2000000000']], orderbookUpdateId: 42, depthLevel: '5',
} });

describe('json stream decode (Bluefin Pro shapes)', () => {
  it('e9 strings are exact to 1e-9', () => {
    assert.equal(fromE9('5000000000000'), 5000);
    assert.equal(fromE9('12345678901'), 12.345678901);
    assert.equal(fromE9('250000000'), 0.25);
    assert.equal(fromE9('-1500000000'), -1.5);
    assert.ok(Number.isNaN(fromE9('1.5')));
    assert.ok(Number.isNaN(fromE9(5)));
  });

  it('TickerUpdate → best bid/ask, OI and the 24 h close', () => {
    const m = decodeStreamMessage(TICKER);
    assert.deepEqual(m.quotes, [{ symbol: 'ETH-PERP', time: 1724121094751, bids: [{ price: 12.345678901, qty: 0.01 }], asks: [{ price: 42.345678901, qty: 0.1 }], oi: 0.1, prevClose: 5000 }]);
    assert.deepEqual(m.rejected, {});
  });

  it('RecentTradesUpdates → trades with side and time', () => {
    assert.deepEqual(decodeStreamMessage(TRADES).trades, [
      { symbol: 'ETH-PERP', price: 3456.78, qty: 0.25, side: 'buy', time: 1724121094800 },
      { symbol: 'ETH-PERP', price: 3456.77, qty: 1, side: 'sell', time: 1724121094801 },
    ]);
  });

  it('OrderbookPartialDepthUpdate → a book snapshot', () => {
    assert.deepEqual(decodeStreamMessage(DEPTH).quotes, [{ symbol: 'ETH-PERP', time: 1724121094900, bids: [{ price: 10, qty: 10 }, { price: 9, qty: 9 }], asks: [{ price: 11, qty: 2 }] }]);
  });

  it('subscription replies and known-but-unused events', () => {
    assert.deepEqual(decodeStreamMessage('{"success":true,"message":"Subscribed"}').reply, { success: true, message: 'Subscribed' });
    assert.equal(decodeStreamMessage('{"event":"MarkPriceUpdate","payload":{"symbol":"ETH-PERP","priceE9":"1","source":"Mark","updatedAtMillis":1}}').ignored, 1);
  });

  it('counts malformed messages by reason, never throws', () => {
    assert.deepEqual(decodeStreamMessage('{').rejected, { not_json: 1 });
    assert.deepEqual(decodeStreamMessage('[1]').rejected, { not_object: 1 });
    assert.deepEqual(decodeStreamMessage('{"payload":{}}').rejected, { unknown_event: 1 });
    assert.deepEqual(decodeStreamMessage('{"event":"Foo","payload":{}}').rejected, { unknown_event: 1 });
    assert.deepEqual(decodeStreamMessage('{"event":"TickerUpdate","payload":5}').rejected, { bad_field: 1 });
    assert.deepEqual(decodeStreamMessage('{"event":"TickerUpdate","payload":{"symbol":"X","updatedAtMillis":1,"bestBidPriceE9":1.5}}').rejected, { bad_field: 1 });
    assert.deepEqual(decodeStreamMessage('{"event":"OrderbookPartialDepthUpdate","payload":{"symbol":"X","updatedAtMillis":1,"bidsE9":[["a","1"]],"asksE9":[]}}').rejected, { bad_field: 1 });
    const mixed = decodeStreamMessage(JSON.stringify({ event: 'RecentTradesUpdates', payload: { recentTrades: [null, { symbol: 'X', updatedAtMillis: 1, priceE9: '0', quantityE9: '1' }, { id: 1, symbol: 'X', priceE9: '1000000000', quantityE9: '1000000000', side: 'LONG', updatedAtMillis: 2 }] } }));
    assert.deepEqual(mixed.rejected, { bad_field: 2 });
    assert.equal(mixed.trades.length, 1);
  });
});

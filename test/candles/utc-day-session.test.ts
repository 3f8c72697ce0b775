// A 24×7 market's candles align to UTC midnight, beside NSE instruments on their own session in
// the same aggregator (SessionSpec.byKey): 1d bars start at 00:00 UTC, 1h bars on UTC hours, and
// a trade at 23:59:59 UTC and one at 00:00:01 UTC fall in different days.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CandleAggregator } from '../../src/main/engine/candles/aggregator.ts';
import { NSE_SESSION, UTC_DAY_SESSION } from '../../src/main/engine/candles/session.ts';

const session = { ...NSE_SESSION, byKey: { 'BTC-PERP': UTC_DAY_SESSION } };

describe('UTC-day session for a 24×7 market', () => {
  it('1d and 1h bars of BTC-PERP start on UTC boundaries; NIFTY keeps 09:15 IST', () => {
    const agg = new CandleAggregator({ session, intervals: ['1h', '1d'] });
    const d0 = Date.UTC(2026, 11, 3);
    let u = agg.onTick('BTC-PERP', d0 - 1000, 95_000, 10);
    assert.deepEqual(u.changed.map((b) => [b.interval, b.time]), [['1h', d0 - 3_600_000], ['1d', d0 - 86_400_000]]);
    u = agg.onTick('BTC-PERP', d0 + 1000, 95_010, 2);
    assert.deepEqual(u.closed.map((b) => [b.interval, b.time]), [['1h', d0 - 3_600_000], ['1d', d0 - 86_400_000]]);
    assert.deepEqual(u.changed.map((b) => [b.interval, b.time]), [['1h', d0], ['1d', d0]]);
    // Volume restarts with the UTC day: the first tick of the day in its first minute starts from 0.
    assert.equal(agg.openBar('BTC-PERP', '1d')!.volume, 2);
    // 23:59:59.999 UTC is still in the session ('24:00' close = the day's end).
    assert.equal(agg.onTick('BTC-PERP', d0 + 86_400_000 - 1, 95_020, 5).outcome, 'bar');
    // NIFTY on the same aggregator: its 1d bar starts at 09:15 IST, ticks at 02:00 UTC (07:30 IST) make none.
    assert.equal(agg.onTick('NSE_INDEX|Nifty 50', d0 + 2 * 3_600_000, 26_000, null).outcome, 'out_of_session');
    const open = Date.UTC(2026, 11, 3, 3, 45);
    const n = agg.onTick('NSE_INDEX|Nifty 50', open + 60_000, 26_010, null);
    assert.deepEqual(n.changed.map((b) => [b.interval, b.time]), [['1h', open], ['1d', open]]);
  });
});

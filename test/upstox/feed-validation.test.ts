// Hostile feed values, through real protobuf frames on a real loopback WebSocket, into the real
// engine and tick store: absurd prices, OI, times and unknown keys are counted by reason in the
// feed status and never reach the chain, the onTicks listeners or ticks.db; a crossed book is
// kept and flagged; a bad side field is dropped alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { StoreReader } from '../../src/main/engine/store/store-reader.ts';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import type { Tick } from '../../src/shared/market.ts';
import { indexFeed, liveFrame, optionFeed } from '../helpers/hostile-upstox.ts';
import { cleanFeeds, NIFTY_KEY, SPOT, startFeedStand } from '../helpers/feed-stand.ts';

const DAY = 86_400_000;

/** What must not move: the chain's ATM, PCR, max pain, spot and every leg's LTP and OI. */
function essentials(m: OptionChainModel) {
  return {
    atm: m.atm_strike, spot: m.underlying_ltp, pcr: m.market_metrics.pcr, max_pain: m.market_metrics.max_pain,
    legs: m.options.map((r) => [r.strike, r.ce_data?.ltp, r.ce_data?.oi, r.pe_data?.ltp, r.pe_data?.oi]),
  };
}

function assertSane(t: Tick, where: string): void {
  for (const [f, v] of [['ltp', t.ltp], ['ltq', t.ltq], ['volume', t.volume], ['oi', t.oi], ['atp', t.atp], ['prevClose', t.prevClose]] as const) {
    if (v !== undefined) assert.ok(Number.isFinite(v) && v >= 0 && v < 1e12, `${where}: ${t.key} ${f}=${v}`);
  }
  for (const l of [...(t.bids ?? []), ...(t.asks ?? [])]) assert.ok(Number.isFinite(l.price) && l.price >= 0 && l.price < 1e7 && Number.isInteger(l.qty) && l.qty >= 0, `${where}: ${t.key} level ${JSON.stringify(l)}`);
  assert.ok(Math.abs(t.exchangeTs - Date.now()) < 2 * DAY, `${where}: ${t.key} exchangeTs ${t.exchangeTs}`);
}

test('absurd prices, OI and times are rejected by reason; the chain, the listeners and ticks.db never see them', async () => {
  const stand = await startFeedStand({ record: true });
  try {
    const keyOf = (strike: number, side: 'CE' | 'PE'): string => stand.options.find((o) => o.strike === strike && o.side === side)!.key;
    const [ce17000, pe17000, ce17100, ce17200] = [keyOf(17_000, 'CE'), keyOf(17_000, 'PE'), keyOf(17_100, 'CE'), keyOf(17_200, 'CE')];
    const clean = cleanFeeds(stand.options);
    await stand.sendAndSettle(liveFrame(clean));
    const before = essentials(stand.engine.chain('NIFTY'));
    assert.equal(before.atm, 17_050);
    assert.ok(before.pcr !== null && before.max_pain !== null, 'the clean chain has PCR and max pain');

    const now = Date.now();
    const cleanCe = clean[ce17000]!.fullFeed!.marketFF!;
    const seenBefore = stand.seen.length;
    await stand.sendAndSettle(
      liveFrame({ [NIFTY_KEY]: indexFeed(-1_000_000_000) }),
      liveFrame({ [NIFTY_KEY]: indexFeed(1e308) }),
      // The decoder reads a NaN price as proto3's "absent" (like 0): the tick carries no LTP.
      liveFrame({ [NIFTY_KEY]: indexFeed(Number.NaN) }),
      liveFrame({ [NIFTY_KEY]: indexFeed(Number.POSITIVE_INFINITY) }),
      liveFrame({ [NIFTY_KEY]: indexFeed(14_000, now - 400 * DAY) }),
      liveFrame({ [NIFTY_KEY]: indexFeed(14_000, now + 2 * DAY) }),
      liveFrame({ [ce17000]: optionFeed({ ltp: 93, oi: 1e301 }) }),
      liveFrame({ [pe17000]: optionFeed({ ltp: 43, oi: -7_500 }) }),
      liveFrame({ [ce17100]: optionFeed({ ltp: 41, bid: Number.POSITIVE_INFINITY }) }),
      liveFrame({ [ce17100]: optionFeed({ ltp: 41, oi: Number.NaN }) }),
      liveFrame({ 'NSE_FO|999999': optionFeed({ ltp: 5, oi: 1e9 }) }),
      // Kept: a crossed book (flagged) and a good tick whose ATP alone is bad (dropped).
      liveFrame({ [ce17000]: optionFeed({ ltp: cleanCe.ltpc!.ltp!, oi: cleanCe.oi!, vtt: cleanCe.vtt!, bid: 60, ask: 50 }) }),
      liveFrame({ [ce17200]: { ...clean[ce17200]!, fullFeed: { marketFF: { ...clean[ce17200]!.fullFeed!.marketFF!, atp: -5 } } } }),
    );

    const after = essentials(stand.engine.chain('NIFTY'));
    assert.deepEqual(after, before, 'ATM, PCR, max pain, spot and every LTP/OI unchanged');
    const feed = stand.engine.status().feeds[0]!;
    assert.deepEqual(feed.rejected, {
      price_negative: 1, price_too_high: 1, price_not_finite: 2, time_stale: 1, time_in_future: 1,
      quantity_too_high: 1, quantity_negative: 1, quantity_not_integer: 1, unknown_instrument: 1,
    });
    assert.equal(feed.crossed_quotes, 1);
    assert.deepEqual(feed.fields_dropped, { atp: 1 });
    assert.equal(stand.engine.market.get(ce17000)!.crossed, true, 'the crossed book is flagged');
    assert.equal(stand.engine.market.get(ce17200)!.atp, clean[ce17200]!.fullFeed!.marketFF!.atp, 'a dropped ATP keeps the last good one');
    assert.equal(stand.engine.market.get('NSE_FO|999999'), undefined, 'an unknown key never reaches market state');

    const passed = stand.seen.slice(seenBefore);
    assert.equal(passed.filter((t) => t.key !== NIFTY_KEY).length, 2, 'only the crossed and the ATP-less tick reached the listeners');
    for (const t of stand.seen) assertSane(t, 'onTicks');

    await stand.engine.stop();
    await stand.history!.close();
    const reader = new StoreReader(join(stand.dataDir, 'ticks.db'));
    try {
      const instruments = reader.instruments();
      const known = new Set([NIFTY_KEY, ...stand.options.map((o) => o.key)]);
      assert.deepEqual(instruments.filter((i) => !known.has(i.key)).map((i) => i.key), [], 'no unknown instrument in the store');
      let n = 0;
      for (const t of reader.ticks(instruments, now - 10 * DAY, now + 10 * DAY)) {
        n++;
        for (const v of [t.ltp, t.bid, t.ask]) if (v !== null) assert.ok(v > 0 && v < 20_000, `stored price ${v} of ${t.key}`);
        for (const v of [t.oi, t.volume, t.ltq, t.bidQty, t.askQty]) if (v !== null) assert.ok(v >= 0 && v < 1e12, `stored quantity ${v} of ${t.key}`);
      }
      assert.ok(n >= stand.options.length + 1, `the clean ticks are stored (${n})`);
      const spot = [...reader.ticks(instruments.filter((i) => i.key === NIFTY_KEY), now - 10 * DAY, now + 10 * DAY)].map((t) => t.ltp);
      assert.ok(spot.every((p) => p === SPOT), `NIFTY history holds only ${SPOT}: ${[...new Set(spot)].join(', ')}`);
    } finally {
      reader.close();
    }
  } finally {
    await stand.close();
  }
});

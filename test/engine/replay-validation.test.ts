// The replay feed passes the same feed boundary as a live one: a ticks.db written before ticks
// were checked (NIFTY at −1,000,000,000, OI of 10^13) replays into a sane chain, the garbage
// counted by reason against the replay clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/main/engine/engine.ts';
import { ReplayFeed } from '../../src/main/engine/feeds/replay/replay-feed.ts';
import { openTickStore } from '../../src/main/engine/store/tick-store.ts';
import { silentLogger } from '../../src/main/engine/log.ts';
import { NIFTY_KEY, niftyRegistry, SPOT, until } from '../helpers/feed-stand.ts';

test('replayed garbage from an old ticks.db is rejected at the feed boundary; the chain shows only the sane ticks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'optick-replay-check-'));
  const file = join(dir, 'ticks.db');
  const { registry, options } = niftyRegistry();
  const ce = options.find((o) => o.strike === 17_000 && o.side === 'CE')!;
  const t0 = Date.now() - 60_000;
  const store = await openTickStore({ file, batchMs: 10, log: silentLogger });
  store.registerInstrument({ key: NIFTY_KEY, symbol: 'NIFTY', underlying: 'NIFTY' });
  store.registerInstrument({ key: ce.key, symbol: ce.symbol, underlying: 'NIFTY', expiry: ce.expiry, strike: ce.strike, side: 'CE' });
  store.append({ key: NIFTY_KEY, exchangeTs: t0, receiveTs: t0, ltp: SPOT });
  store.append({ key: ce.key, exchangeTs: t0 + 10, receiveTs: t0 + 10, ltp: 93.5, oi: 150_000 });
  store.append({ key: NIFTY_KEY, exchangeTs: t0 + 20, receiveTs: t0 + 20, ltp: -1_000_000_000 });
  store.append({ key: ce.key, exchangeTs: t0 + 30, receiveTs: t0 + 30, ltp: 94, oi: 1e13 });
  await store.close();

  const feed = new ReplayFeed({ file, from: t0 - 1000, to: t0 + 1000, speed: 'max' });
  const engine = new Engine({ feed, registry, now: feed.clock, flushMs: 5 });
  try {
    engine.start('active');
    await until(() => feed.replayStatus().state === 'ended', 'replay end');
    const chain = engine.chain('NIFTY');
    assert.equal(chain.underlying_ltp, SPOT);
    assert.equal(chain.atm_strike, 17_050);
    const leg = chain.options.find((r) => r.strike === 17_000)!.ce_data!;
    assert.deepEqual([leg.ltp, leg.oi], [93.5, 150_000]);
    assert.deepEqual(engine.status().feeds[0]!.rejected, { price_negative: 1, quantity_too_high: 1 });
  } finally {
    await engine.stop();
    feed.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

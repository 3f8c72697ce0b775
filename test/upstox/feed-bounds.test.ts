// Bounded work per frame, on a real loopback WebSocket into the real engine and tick store:
// 400,000 unknown instrument keys in one frame are counted and dropped (memory bounded, nothing
// registered in ticks.db, NIFTY keeps flowing); a frame over maxPayload closes the connection,
// is counted, and the feed reconnects with every subscription.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { UPSTOX_MAX_PAYLOAD } from '../../src/main/engine/feeds/upstox/upstox-feed.ts';
import { StoreReader } from '../../src/main/engine/store/store-reader.ts';
import { indexFeed, liveFrame, unknownKeysFrame } from '../helpers/hostile-upstox.ts';
import { cleanFeeds, NIFTY_KEY, SPOT, startFeedStand, until } from '../helpers/feed-stand.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

test('one frame of 400,000 unknown keys: counted and dropped, memory bounded, no store growth, NIFTY keeps flowing', async () => {
  const stand = await startFeedStand({ record: true, keepSeen: false, feed: { maxPayload: 64 * MB } });
  try {
    await stand.sendAndSettle(liveFrame(cleanFeeds(stand.options)));
    const flood = unknownKeysFrame(400_000);
    assert.ok(flood.length > UPSTOX_MAX_PAYLOAD, `the flood (${(flood.length / MB).toFixed(1)} MB) is over the default cap; this test raises the cap to see the key check alone`);
    const marketBefore = stand.engine.market.size;
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    let peakRss = rss0;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 5);
    const t0 = Date.now();
    await stand.sendAndSettle(flood);
    clearInterval(sampler);
    gc();
    const heapGrowth = (process.memoryUsage().heapUsed - heap0) / MB;
    const rssGrowth = (peakRss - rss0) / MB;
    const feed = stand.engine.status().feeds[0]!;
    assert.equal(feed.rejected.unknown_instrument, 400_000, 'every unknown key counted');
    assert.equal(stand.engine.market.size, marketBefore, 'no unknown key in market state');
    assert.ok(heapGrowth < 32, `heap after GC grew ${heapGrowth.toFixed(1)} MB`);
    assert.ok(rssGrowth < 600, `peak RSS grew ${rssGrowth.toFixed(1)} MB while decoding a ${(flood.length / MB).toFixed(1)} MB frames`);

    // NIFTY keeps flowing right after the flood, into the chain and into ticks.db.
    await stand.server.send(liveFrame({ [NIFTY_KEY]: indexFeed(SPOT + 5) }));
    await until(() => stand.engine.chain('NIFTY').underlying_ltp === SPOT + 5, 'NIFTY after the flood');
    await stand.engine.stop();
    await stand.history!.close();
    const reader = new StoreReader(join(stand.dataDir, 'ticks.db'));
    try {
      const instruments = reader.instruments();
      assert.equal(instruments.length, stand.options.length + 1, 'the store holds the registry\'s instruments only');
      const spot = [...reader.ticks(instruments.filter((i) => i.key === NIFTY_KEY), t0 - 1000, Date.now() + 1000)].map((t) => t.ltp);
      assert.ok(spot.includes(SPOT + 5), 'the NIFTY tick after the flood is stored');
    } finally {
      reader.close();
    }
  } finally {
    await stand.close();
  }
});

test('a 50 MB frame (and a 22 MB one) is over maxPayload: the connection is closed, counted and re-opened with every subscription', async () => {
  const stand = await startFeedStand();
  try {
    await stand.sendAndSettle(liveFrame(cleanFeeds(stand.options)));
    const wanted = stand.server.subscribed.size;
    for (const [i, frame] of [Buffer.alloc(50 * MB, 0x2a), unknownKeysFrame(400_000)].entries()) {
      const accepted = stand.server.accepted.length;
      await stand.server.send(frame);
      await until(() => stand.engine.status().feeds[0]!.frames_rejected.too_large === i + 1, `oversized frame ${i + 1} counted`);
      await until(() => stand.server.accepted.length === accepted + 1 && stand.server.subscribed.size === wanted, `reconnected with every subscription after frame ${i + 1}`);
    }
    // Smaller garbage is skipped on the open connection, counted by reason.
    stand.server.sendText('{"not":"protobuf"}');
    await stand.sendAndSettle(Buffer.from([0x22, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    const feed = stand.engine.status().feeds[0]!;
    assert.deepEqual(feed.frames_rejected, { too_large: 2, text_frame: 1, undecodable: 1 });
    assert.equal(feed.reconnects, 2);
    assert.equal(feed.rejected.unknown_instrument, undefined, 'the oversized frame was never decoded');
    await stand.server.send(liveFrame({ [NIFTY_KEY]: indexFeed(SPOT + 10) }));
    await until(() => stand.engine.chain('NIFTY').underlying_ltp === SPOT + 10, 'ticks on the new connection');
  } finally {
    await stand.close();
  }
});

// Feed fault bench: Optick's Upstox adapter and the real engine against the hostile stand-in
// (test/helpers/hostile-upstox.ts) on loopback. Prints one JSON object.
//   1. kills: the upstream dies mid-stream and comes back on the same port after a random
//      100–500 ms, N times; each recovery is timed from the upstream's return to every
//      subscription re-sent AND a tick through the engine.
//   2. fuzz: F fuzzed frames (random bytes, truncated and bit-flipped-free protobuf, absurd values,
//      unknown keys, oversized frames) interleaved with a clean market sequence; 0 crashes,
//      every frame accounted for by reason, the chain equal to a clean run's afterwards, RSS bounded.
//   npm run bench faults-feed   [-- --kills 50 --fuzz 100000]
import { parseArgs } from 'node:util';
import type { FeedShape } from '../src/main/engine/feeds/upstox/proto.ts';
import type { OptionChainModel } from '../src/shared/chain.ts';
import { UPSTOX_MAX_PAYLOAD } from '../src/main/engine/feeds/upstox/upstox-feed.ts';
import { liveFrame, unknownKeysFrame } from '../test/helpers/hostile-upstox.ts';
import { cleanFeeds, NIFTY_KEY, startFeedStand, until, type FeedStand } from '../test/helpers/feed-stand.ts';
import { Rng } from '../src/main/sim/rng.ts';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '50' }, fuzz: { type: 'string', default: '100000' }, seed: { type: 'string', default: '7' } } });
const KILLS = Number(values.kills);
const FUZZ = Number(values.fuzz);
const rng = new Rng(Number(values.seed));
const rand = (): number => rng.uniform();
/** Exchange time of the first clean step, the same for the clean and the fuzzed run. */
const BASE = Date.now();
const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

let crashes = 0;
const crashMessages: string[] = [];
process.on('uncaughtException', (err) => { crashes++; if (crashMessages.length < 5) crashMessages.push(err.stack ?? String(err)); });
process.on('unhandledRejection', (err) => { crashes++; if (crashMessages.length < 5) crashMessages.push(String(err)); });

// The feed as the app configures it, except healthyMs: the bench kills every ~1 s, and the app's
// 30 s healthy period would (rightly) keep the delays growing between such close kills.
const FEED = { minBackoffMs: 500, maxBackoffMs: 30_000, healthyMs: 800 };

// ---- 1. upstream kills ----------------------------------------------------------------------

async function kills(): Promise<Record<string, unknown>> {
  const stand = await startFeedStand({ keepSeen: false, feed: FEED });
  let ticks = 0;
  stand.engine.onTicks((t) => { ticks += t.length; });
  const wanted = [...stand.server.subscribed].sort();
  let streaming = true;
  const feeds = cleanFeeds(stand.options);
  const stream = (async () => {
    let i = 0;
    while (streaming) {
      const k = i++ % 8;
      // A slice of the market every 10 ms, as a live stream would send.
      const part: Record<string, FeedShape> = { [NIFTY_KEY]: feeds[NIFTY_KEY]! };
      stand.options.forEach((o, j) => { if (j % 8 === k) part[o.key] = feeds[o.key]!; });
      await stand.server.send(liveFrame(part));
      await sleep(10);
    }
  })();
  const recoveryMs: number[] = [];
  const downMs: number[] = [];
  let restored = 0;
  try {
    for (let n = 0; n < KILLS; n++) {
      await sleep(FEED.healthyMs + 200 + rand() * 300); // mid-stream, after a healthy spell
      await stand.server.kill();
      const down = 100 + rand() * 400;
      downMs.push(down);
      await sleep(down);
      await stand.server.revive();
      const back = performance.now();
      const t0 = ticks;
      await until(() => stand.server.subscribed.size === wanted.length && ticks > t0, `recovery ${n + 1}`, 60_000);
      recoveryMs.push(performance.now() - back);
      if ([...stand.server.subscribed].sort().join() === wanted.join()) restored++;
    }
  } finally {
    streaming = false;
    await stream;
  }
  const status = stand.engine.status().feeds[0]!;
  await stand.close();
  return {
    kills: KILLS,
    recoveries: recoveryMs.length,
    every_subscription_back: restored,
    subscriptions: wanted.length,
    downtime_ms: { min: Math.round(Math.min(...downMs)), max: Math.round(Math.max(...downMs)) },
    reconnect_ms_from_return: { median: r1(pct(recoveryMs, 50)), p99: r1(pct(recoveryMs, 99)), max: r1(Math.max(...recoveryMs)) },
    feed_reconnects: status.reconnects,
    feed_config: FEED,
  };
}

// ---- 2. fuzz --------------------------------------------------------------------------------

type Kind = 'random_bytes' | 'truncated' | 'absurd' | 'unknown_keys' | 'oversized';

/** The clean market at step s: every instrument's prices and OI move a little each step. */
function cleanFrame(stand: FeedStand, s: number, ltt: number): { feeds: Record<string, FeedShape>; bytes: Uint8Array } {
  const feeds = cleanFeeds(stand.options, ltt, (s % 40) * 0.05);
  return { feeds, bytes: liveFrame(feeds, ltt) };
}

const ABSURD: ((m: NonNullable<NonNullable<FeedShape['fullFeed']>['marketFF']>, now: number) => void)[] = [
  (m) => { m.ltpc = { ...m.ltpc, ltp: -1e9 }; },
  (m) => { m.ltpc = { ...m.ltpc, ltp: 1e308 }; },
  (m) => { m.ltpc = { ...m.ltpc, ltp: Number.POSITIVE_INFINITY }; },
  (m) => { m.oi = 1e301; },
  (m) => { m.oi = -75; },
  (m) => { m.oi = Number.NaN; },
  (m) => { m.oi = 12.5; },
  (m) => { m.vtt = 2 ** 62; },
  (m, now) => { m.ltpc = { ...m.ltpc, ltt: now + 86_400_000 }; },
  (m, now) => { m.ltpc = { ...m.ltpc, ltt: now - 400 * 86_400_000 }; },
  (m) => { m.marketLevel = { bidAskQuote: [{ bidQ: 75, bidP: Number.POSITIVE_INFINITY, askQ: 75, askP: 10 }] }; },
  (m) => { m.marketLevel = { bidAskQuote: [{ bidQ: -75, bidP: 10, askQ: 75, askP: 11 }] }; },
  (m) => { m.atp = -1; },                                           // side field: dropped alone
  (m) => { const q = m.marketLevel!.bidAskQuote![0]!; m.marketLevel = { bidAskQuote: [{ ...q, bidP: q.askP! + 5 }] }; }, // crossed: kept, flagged
];

/** A fuzzed frame derived from the NEXT clean frame, so whatever part of it is (rightly) kept is re-applied identically by that frame. */
function fuzzFrame(kind: Kind, next: { feeds: Record<string, FeedShape>; bytes: Uint8Array }, keys: string[], now: number): Uint8Array {
  switch (kind) {
    case 'random_bytes': {
      const b = Buffer.allocUnsafe(1 + Math.floor(rand() * 2000));
      for (let i = 0; i < b.length; i++) b[i] = Math.floor(rand() * 256);
      return b;
    }
    case 'truncated': return next.bytes.subarray(0, Math.floor(rand() * next.bytes.length));
    case 'absurd': {
      const feeds: Record<string, FeedShape> = {};
      for (let i = 0; i < 1 + Math.floor(rand() * 8); i++) {
        const key = keys[Math.floor(rand() * keys.length)]!;
        const src = next.feeds[key]!;
        if (!src.fullFeed?.marketFF) continue;
        const m = structuredClone(src.fullFeed.marketFF);
        ABSURD[Math.floor(rand() * ABSURD.length)]!(m, now);
        feeds[key] = { requestMode: 1, fullFeed: { marketFF: m } };
      }
      return liveFrame(feeds, now);
    }
    case 'unknown_keys': return unknownKeysFrame(1 + Math.floor(rand() * 500), `NSE_FO|Z${Math.floor(rand() * 1e6)}_`, now);
    case 'oversized': return unknownKeysFrame(Math.ceil(UPSTOX_MAX_PAYLOAD / 30) + 1000, 'NSE_FO|BIG', now);
  }
}

function pickKind(i: number, oversizedEvery: number): Kind {
  if (i % oversizedEvery === oversizedEvery - 1) return 'oversized';
  const x = rand();
  return x < 0.3 ? 'random_bytes' : x < 0.55 ? 'truncated' : x < 0.8 ? 'absurd' : 'unknown_keys';
}

/** The chain as a trader sees it, minus nothing: every row's quotes, OI, volume, metrics. */
const chainView = (m: OptionChainModel) => JSON.stringify({ atm: m.atm_strike, spot: m.underlying_ltp, ts: m.timestamp, metrics: m.market_metrics, rows: m.options });

async function runMarket(fuzzPerStep: number, steps: number): Promise<Record<string, unknown>> {
  // The settle marker carries the first step's time, so both runs' chains end on the same exchange time.
  const stand = await startFeedStand({ keepSeen: false, feed: FEED, markerLtt: () => BASE });
  const keys = stand.options.map((o) => o.key);
  const sent: Record<string, number> = {};
  const base = BASE;
  const oversizedEvery = Math.min(5000, Math.max(2, Math.floor(FUZZ / 20)));
  let fuzzed = 0;
  let rss0 = process.memoryUsage().rss;
  void rss0;
  let peak = rss0;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const t0 = performance.now();
  let clean = 0;
  /** RSS after each quarter of the run: flat when per-frame work is bounded. */
  const checkpoints: number[] = [];
  try {
    for (let s = 0; s < steps; s++) {
      const next = cleanFrame(stand, s, base + s * 100);
      const batch: Uint8Array[] = [];
      for (let j = 0; j < fuzzPerStep && fuzzed < FUZZ; j++, fuzzed++) {
        const kind = pickKind(fuzzed, oversizedEvery);
        sent[kind] = (sent[kind] ?? 0) + 1;
        const frame = fuzzFrame(kind, next, keys, base + s * 100);
        if (kind === 'oversized') {
          // Over maxPayload: the feed closes the connection; wait for it to come back before sending on.
          await Promise.all(batch.splice(0).map((f) => stand.server.send(f)));
          const accepted = stand.server.accepted.length;
          await stand.server.send(frame);
          await until(() => stand.server.accepted.length > accepted && stand.server.subscribed.size === keys.length + 1, 'reconnect after an oversized frame', 60_000);
          continue;
        }
        batch.push(frame);
      }
      batch.push(next.bytes);
      clean++;
      await Promise.all(batch.map((f) => stand.server.send(f)));
      if (s === 0) rss0 = process.memoryUsage().rss;
      if ((s + 1) % (steps / 4) === 0) checkpoints.push(Math.round(process.memoryUsage().rss / MB));
    }
    await stand.sendAndSettle();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  const status = stand.engine.status().feeds[0]!;
  const view = chainView(stand.engine.chain('NIFTY'));
  const rssEnd = process.memoryUsage().rss;
  await stand.close();
  return { view, status, sent, clean, fuzzed, seconds, rss: { start_mb: Math.round(rss0 / MB), peak_mb: Math.round(peak / MB), end_mb: Math.round(rssEnd / MB), by_quarter_mb: checkpoints } };
}

/** Where two chain views part, with some context either side (for a failing run's report). */
function firstDifference(a: string, b: string): { at: number; clean: string; fuzzed: string } {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return { at: i, clean: a.slice(Math.max(0, i - 120), i + 80), fuzzed: b.slice(Math.max(0, i - 120), i + 80) };
}

async function fuzz(): Promise<Record<string, unknown>> {
  const steps = 2000;
  const perStep = Math.ceil(FUZZ / steps);
  const cleanRun = await runMarket(0, steps);
  const run = await runMarket(perStep, steps);
  const s = run.status as ReturnType<FeedStand['engine']['status']>['feeds'][number];
  const sent = run.sent as Record<string, number>;
  // Every frame the stand-in sent is accounted for: refused at the socket (too_large), or
  // received (undecodable ones counted by reason, the rest decoded and their ticks checked).
  const markers = 1;
  const framesSent = (run.fuzzed as number) + (run.clean as number) + markers;
  const received = s.frames_received;
  const accounted = received + (s.frames_rejected.too_large ?? 0);
  return {
    frames: run.fuzzed,
    clean_frames_between: run.clean,
    by_kind: sent,
    crashes,
    ...(crashMessages.length && { crash_messages: crashMessages }),
    frames_rejected: s.frames_rejected,
    ticks_rejected: s.rejected,
    fields_dropped: s.fields_dropped,
    crossed_quotes: s.crossed_quotes,
    every_frame_accounted: accounted === framesSent + 1, // + the stand's start-up spot frame
    frames_sent: framesSent + 1,
    frames_received_or_refused: accounted,
    chain_equal_to_clean_run: run.view === cleanRun.view,
    ...(run.view !== cleanRun.view && { chain_first_difference: firstDifference(cleanRun.view as string, run.view as string) }),
    reconnects: s.reconnects,
    rss_mb: run.rss,
    clean_run_rss_mb: cleanRun.rss,
    seconds: r1(run.seconds as number),
  };
}

const out: Record<string, unknown> = { bench: 'faults-feed' };
out.kills = await kills();
out.fuzz = await fuzz();
out.crashes = crashes;
console.log(JSON.stringify(out, null, 2));
process.exit(0);

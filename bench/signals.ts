// Signals on the tick path: 2,000 subscribed contracts, ticks at 20,000/s paced in real time,
// one tick per engine.ingest call (the worst case for per-call cost), each tick carrying LTP,
// volume, OI and a book, so every detector runs. Two real engines take the SAME tick objects,
// in alternating order: one bare, one with the real signals service (signals.db in a temp dir);
// nothing else differs. ADDED engine time per tick = median (p99) of the loaded engine's
// ingest() time minus the bare one's, in each run; the figure is the median over the runs
// (after a warm-up run that is not counted). The signals listener's own time is measured after
// that, in a separate run (a timer around it, whose own cost, timed empty, is subtracted).
// Tick-path thresholds are low enough that signals fire and are written; IV jump and fair value are
// priced in every sweep but set out of reach (the bench's premiums are not a real smile, so they
// would fire on every contract). Prints one JSON object.
//   node bench/signals.ts [--contracts 2000] [--rate 20000] [--seconds 5] [--runs 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { OptionContract, Tick } from '../src/shared/market.ts';
import { Engine } from '../src/main/engine/engine.ts';
import type { FeedAdapter } from '../src/main/engine/feeds/feed.ts';
import { InstrumentRegistry } from '../src/main/engine/instruments/registry.ts';
import { SignalService } from '../src/main/engine/signals/signal-service.ts';
import { PricingPool } from '../src/main/engine/pricing/pool.ts';
import { ExpirySweep } from '../src/main/engine/signals/sweep.ts';

const { values } = parseArgs({ options: { contracts: { type: 'string', default: '2000' }, rate: { type: 'string', default: '20000' }, seconds: { type: 'string', default: '5' }, runs: { type: 'string', default: '3' } } });
const nContracts = Number(values.contracts), rate = Number(values.rate), seconds = Number(values.seconds), runs = Math.max(1, Number(values.runs));

// A CE and a PE per strike, 12 monthly expiries from next month, ~83 strikes each.
const nextYear = new Date().getUTCFullYear() + 1;
const contracts: OptionContract[] = Array.from({ length: nContracts }, (_v, i) => ({
  key: `NSE_FO|${90000 + i}`, symbol: `NIFTY${i}${i % 2 ? 'PE' : 'CE'}`, underlying: 'NIFTY', expiry: `${nextYear}-${String(1 + (Math.floor(i / 2) % 12)).padStart(2, '0')}-24`,
  strike: 20000 + Math.floor(i / 24) * 50, side: i % 2 ? 'PE' : 'CE', lotSize: 65, tickSize: 0.05,
}));
const registry = new InstrumentRegistry([{ name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' }], contracts);
const silentFeed: FeedAdapter = {
  id: 'bench', start() {}, async stop() {}, setSubscriptions() {},
  status: () => ({ feed: 'bench', state: 'connected', message: null, subscribed: {}, frames_received: 0, ticks_received: 0, ticks_processed: 0, ticks_dropped: 0, decode_errors: 0, reconnects: 0, last_tick_age_ms: null, segments: {} }),
};

const dir = mkdtempSync(join(tmpdir(), 'optick-bench-signals-'));
// Both engines price (no chain is open, so the pool idles); the signals' IV / fair-value sweeps
// price each expiry on the tick path every 250 ms and are in the loaded engine's times.
const pool = new PricingPool({ workers: 1 });
const pricing = { pool, rate: 0.065, basis: 'calendar' as const, expiryTime: '15:30' };
const bare = new Engine({ feed: silentFeed, registry, pricing });
const loaded = new Engine({ feed: silentFeed, registry, pricing });
const signals = new SignalService({ dataDir: dir, engine: loaded });
signals.setThresholds({ underlying: 'NIFTY', thresholds: { volume_window_ms: 1000, volume_windows: 3, spread_median_samples: 5, price_move_pct: 2, cooldown_ms: 2000, fair_value_pct: 1000, iv_jump_points: 1000 } });
let fired = 0;
signals.onSignal(() => { fired++; });
// The sweeps' own time (one expiry priced and checked per call), timed apart from the medians.
const sweepNs: number[] = [];
const run = ExpirySweep.prototype.run;
ExpirySweep.prototype.run = function (this: ExpirySweep, ...args: Parameters<typeof run>) {
  const t0 = process.hrtime.bigint();
  run.apply(this, args);
  sweepNs.push(Number(process.hrtime.bigint() - t0));
};

let seed = 16;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
// Premiums near the money's (forward ≈ 22,000): a call's falls with the strike, a put's rises.
const price = Float64Array.from(contracts, (c) => Math.max(20, Math.round((c.side === 'CE' ? 22_000 - c.strike : c.strike - 22_000) + 300)));
const volume = new Float64Array(nContracts).fill(65_000);
const oi = new Float64Array(nContracts).fill(650_000);
const tickOf = (i: number, now: number): Tick => {
  price[i] = Math.max(0.05, Math.round((price[i]! + (rnd() - 0.5) * 0.6) * 20) / 20);
  volume[i] = volume[i]! + 65 * (1 + Math.floor(rnd() * (rnd() < 0.01 ? 400 : 5)));
  oi[i] = oi[i]! + 65 * Math.floor((rnd() - 0.45) * 10);
  const half = 0.05 * (1 + Math.floor(rnd() * 4));
  return { key: contracts[i]!.key, ltp: price[i]!, volume: volume[i]!, oi: oi[i]!, exchangeTs: now, receiveTs: now, bids: [{ price: price[i]! - half, qty: 650 }], asks: [{ price: price[i]! + half, qty: 650 }] };
};
// Every contract once (its detectors are built), then the paced runs.
for (let i = 0; i < nContracts; i++) { const t = tickOf(i, Date.now()); bare.ingest([t]); loaded.ingest([t]); }
const timed = (e: Engine, t: Tick): number => { const t0 = process.hrtime.bigint(); e.ingest([t]); return Number(process.hrtime.bigint() - t0); };

/** `runSeconds` of ticks paced at `rate`; `each` handles one (and returns nothing). */
async function paced(runSeconds: number, each: (t: Tick, n: number) => void): Promise<{ sent: number; elapsed: number }> {
  const n = Math.round(rate * runSeconds);
  let sent = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const step = (): void => {
      const due = Math.min(n, Math.floor(((performance.now() - start) / 1000) * rate));
      for (; sent < due; sent++) each(tickOf(Math.floor(rnd() * nContracts), Date.now()), sent);
      if (sent >= n) resolve(); else setImmediate(step);
    };
    step();
  });
  return { sent, elapsed: (performance.now() - start) / 1000 };
}
const quantile = (a: Float64Array) => { const s = a.slice().sort(); return (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };
const median = (xs: number[]): number => { const s = [...xs].sort((x, y) => x - y); return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };

/** One A/B run: the same ticks into both engines, the order alternating. */
async function abRun(runSeconds: number) {
  const n = Math.round(rate * runSeconds);
  const withSignals = new Float64Array(n), without = new Float64Array(n);
  const r = await paced(runSeconds, (t, i) => {
    if (i % 2) { withSignals[i] = timed(loaded, t); without[i] = timed(bare, t); } else { without[i] = timed(bare, t); withSignals[i] = timed(loaded, t); }
  });
  const qw = quantile(withSignals), qo = quantile(without);
  return {
    ...r,
    added_median: qw(0.5) - qo(0.5), added_p99: qw(0.99) - qo(0.99), with_median: qw(0.5), without_median: qo(0.5),
    added_mean: (withSignals.reduce((x, y) => x + y, 0) - without.reduce((x, y) => x + y, 0)) / n,
  };
}

await abRun(1); // warm-up: JIT, every contract's windows filled; not counted
sweepNs.length = 0;
const measured = [];
for (let r = 0; r < runs; r++) measured.push(await abRun(seconds));
const sweeps = sweepNs.slice();

// The listener alone, timed around it; the timer's own cost (timed with nothing inside) is subtracted.
const listenerRun = async (inner: (ticks: readonly Tick[]) => void): Promise<(p: number) => number> => {
  const n = Math.round(rate * Math.min(seconds, 2));
  const ns = new Float64Array(n);
  const probe = (ticks: readonly Tick[], i: number): void => { const t0 = process.hrtime.bigint(); inner(ticks); ns[i] = Number(process.hrtime.bigint() - t0); };
  await paced(Math.min(seconds, 2), (t, i) => { bare.ingest([t]); loaded.ingest([t]); probe([t], i); });
  return quantile(ns);
};
const timerOnly = await listenerRun(() => {});
const listenerBare = signals.onTicks.bind(signals);
signals.onTicks = () => {}; // the engine's listener now calls nothing; the probe feeds the service itself
const listener = await listenerRun(listenerBare);
await new Promise((r) => setTimeout(r, 50));
const sent = measured.reduce((x, m) => x + m.sent, 0), elapsed = measured.reduce((x, m) => x + m.elapsed, 0);
const recorded = signals.list({ limit: 10_000 }).length;
const status = loaded.status().feeds[0]!;
signals.close();
await bare.stop();
await loaded.stop();
await pool.close();
rmSync(dir, { recursive: true, force: true });

console.log(JSON.stringify({
  bench: 'signals',
  contracts: nContracts,
  rate_requested: rate,
  runs,
  seconds_per_run: seconds,
  ticks_sent: sent,
  ticks_per_s: Math.round(sent / elapsed),
  ticks_processed: status.ticks_processed,
  added_ns_per_tick_median: Math.round(median(measured.map((m) => m.added_median))),
  added_ns_per_tick_p99: Math.round(median(measured.map((m) => m.added_p99))),
  added_ns_per_tick_mean: Math.round(median(measured.map((m) => m.added_mean))),
  added_ns_per_tick_median_runs: measured.map((m) => Math.round(m.added_median)),
  ingest_ns_median_with_signals: Math.round(median(measured.map((m) => m.with_median))),
  ingest_ns_median_without: Math.round(median(measured.map((m) => m.without_median))),
  listener_ns_median: Math.round(listener(0.5) - timerOnly(0.5)),
  listener_ns_p99: Math.round(listener(0.99) - timerOnly(0.5)),
  timer_ns_median: Math.round(timerOnly(0.5)),
  sweeps_run: sweeps.length,
  sweep_us_median: Math.round(median(sweeps) / 100) / 10,
  sweep_ns_per_tick: Math.round(sweeps.reduce((x, y) => x + y, 0) / Math.max(1, measured.reduce((x, m) => x + m.sent, 0))),
  signals_fired: fired,
  signals_recorded: recorded,
  target_ns_median: 1000,
  load_average_1m: Number(loadavg()[0]!.toFixed(1)),
  note: 'added = median over runs of (median ingest() ns with the signals service − median without), same ticks, one per ingest, paced; a warm-up run first; mean includes the IV/fair-value sweeps (each expiry priced every 250 ms of exchange time; sweep_* time them alone: per expiry, and their total over the ticks); listener = the service alone minus the timer around it',
}));

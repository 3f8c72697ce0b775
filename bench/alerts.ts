// Alerts on the tick path: 10,000 armed rules over 2,000 instruments, ticks at 20,000/s
// (paced in real time, one tick per engine.ingest call — the worst case for per-call cost)
// through the real engine and alerts service (real SQLite file for the firings). Measures the
// engine time the rule evaluation adds per tick (median, p99), firings and their write time,
// and that every tick was processed. Also a warm figure (ticks back to back, caches hot) and
// the machine's load average, to read the paced figures against. Prints one JSON object.
//   node bench/alerts.ts [--rules 10000] [--instruments 2000] [--rate 20000] [--seconds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { OptionContract, Tick, UnderlyingInfo } from '../src/shared/market.ts';
import type { AdapterStatus } from '../src/shared/status.ts';
import { AlertService } from '../src/main/engine/alerts/alert-service.ts';
import { Engine } from '../src/main/engine/engine.ts';
import type { FeedAdapter, FeedMode } from '../src/main/engine/feeds/feed.ts';
import { InstrumentRegistry } from '../src/main/engine/instruments/registry.ts';

const { values } = parseArgs({ options: {
  rules: { type: 'string', default: '10000' }, instruments: { type: 'string', default: '2000' },
  rate: { type: 'string', default: '20000' }, seconds: { type: 'string', default: '5' },
} });
const nRules = Number(values.rules), nInst = Number(values.instruments), rate = Number(values.rate), seconds = Number(values.seconds);

const U: UnderlyingInfo = { name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' };
const options: OptionContract[] = [];
for (let i = 0; options.length < nInst; i++) {
  const expiry = `2099-${String(1 + (i % 12)).padStart(2, '0')}-28`;
  const strike = 10000 + Math.floor(i / 12) * 50;
  for (const side of ['CE', 'PE'] as const) if (options.length < nInst) options.push({ key: `NSE_FO|${i}${side}`, symbol: `NIFTY${i}${side}`, underlying: 'NIFTY', expiry, strike, side, lotSize: 65, tickSize: 0.05 });
}
const registry = new InstrumentRegistry([U], options);
class QuietFeed implements FeedAdapter {
  readonly id = 'bench';
  start(): void {}
  async stop(): Promise<void> {}
  setSubscriptions(_w: ReadonlyMap<string, FeedMode>): void {}
  status(): AdapterStatus {
    return { feed: 'bench', state: 'connected', message: null, subscribed: {}, frames_received: 0, ticks_received: 0, ticks_processed: 0, ticks_dropped: 0, decode_errors: 0, reconnects: 0, last_tick_age_ms: null, segments: {} };
  }
}
const dir = mkdtempSync(join(tmpdir(), 'optick-bench-alerts-'));
const engine = new Engine({ feed: new QuietFeed(), registry });
const alerts = new AlertService({ dataDir: dir, engine });

// Prices random-walk around 100; levels spread 95..105, so crossings happen; half the rules
// repeat with a 1 s cooldown, half fire once.
const price = new Float64Array(nInst).fill(100);
let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const tSetup = performance.now();
for (let i = 0; i < nRules; i++) {
  const o = options[i % nInst]!;
  alerts.addRule({ symbol: o.symbol, field: i % 5 === 4 ? 'mid' : 'ltp', op: i % 2 ? 'above' : 'below', level: Math.round((95 + rnd() * 10) * 20) / 20, repeat: i % 2 === 0, cooldown_ms: 1000 });
}
const setupMs = performance.now() - tSetup;

const samples = new Float64Array(rate * seconds);
let n = 0;
const onTicks = alerts.onTicks.bind(alerts);
alerts.onTicks = (ticks) => {
  const t0 = process.hrtime.bigint();
  onTicks(ticks);
  if (n < samples.length) samples[n++] = Number(process.hrtime.bigint() - t0);
};
let firings = 0;
alerts.onAlert(() => { firings++; });

// Warm figure: the same rules, ticks back to back over every instrument (caches hot, no pacing).
const warmTicks = options.map((o) => ({ key: o.key, exchangeTs: 0 }));
for (let r = 0; r < 5; r++) for (const t of warmTicks) onTicks([t]);
const tWarm = performance.now();
const warmRounds = 50;
for (let r = 0; r < warmRounds; r++) for (const t of warmTicks) onTicks([t]);
const warmNs = ((performance.now() - tWarm) * 1e6) / (warmRounds * warmTicks.length);

const total = rate * seconds;
let sent = 0;
const start = performance.now();
await new Promise<void>((resolve) => {
  const step = (): void => {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    while (sent < due) {
      const i = Math.floor(rnd() * nInst);
      price[i] = Math.max(0.05, Math.round((price[i]! + (rnd() - 0.5) * 0.6) * 20) / 20);
      const p = price[i]!;
      const now = Date.now();
      const t: Tick = { key: options[i]!.key, ltp: p, exchangeTs: now, receiveTs: now, bids: [{ price: p - 0.05, qty: 65 }], asks: [{ price: p + 0.05, qty: 65 }] };
      engine.ingest([t]);
      sent++;
    }
    if (sent >= total) resolve(); else setImmediate(step);
  };
  step();
});
const elapsed = (performance.now() - start) / 1000;
await new Promise((r) => setTimeout(r, 50)); // pending firings written
const status = engine.status();
const sorted = samples.slice(0, n).sort();
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
// The timer's own cost (two hrtime calls), to read the figures against.
const probe = new Float64Array(10000);
for (let i = 0; i < probe.length; i++) { const a = process.hrtime.bigint(); probe[i] = Number(process.hrtime.bigint() - a); }
probe.sort();
const summary = alerts.summary();
alerts.close();
await engine.stop();
rmSync(dir, { recursive: true, force: true });

console.log(JSON.stringify({
  bench: 'alerts',
  rules: nRules,
  instruments: nInst,
  rules_armed_at_end: summary.armed,
  rate_requested: rate,
  ticks_sent: sent,
  ticks_per_s: Math.round(sent / elapsed),
  ticks_processed: status.feeds[0]!.ticks_processed,
  ticks_dropped: status.feeds[0]!.ticks_dropped + (sent - status.feeds[0]!.ticks_processed),
  added_ns_per_tick_median: Math.round(q(0.5)),
  added_ns_per_tick_p99: Math.round(q(0.99)),
  added_ns_per_tick_max: Math.round(sorted[sorted.length - 1]!),
  warm_ns_per_tick_mean: Math.round(warmNs),
  load_average_1m: Number(loadavg()[0]!.toFixed(1)),
  timer_overhead_ns_median: Math.round(probe[probe.length >> 1]!),
  firings,
  rule_setup_ms: Math.round(setupMs),
}));

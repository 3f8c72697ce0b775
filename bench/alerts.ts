// Alerts on the tick path: 10,000 armed rules over 2,000 instruments, ticks at 20,000/s
// (paced in real time, one tick per engine.ingest call — the worst case for per-call cost).
// Two real engines, each with the real alerts service (real SQLite file for the firings), take
// the same ticks: one without rules (the baseline), one with the rules; each tick goes to both,
// in alternating order, and each engine.ingest call is timed. The ADDED engine time per tick is
// the loaded engine's figure minus the baseline's (median, p99), so the timer's own cost and
// everything else ingest does cancel out. Also the alerts listener's own time in each engine, a
// warm figure (ticks back to back, caches hot, CPU time per tick), firings, dropped ticks (the engine's count and
// sent − processed) and the machine's load average. Prints one JSON object.
//   node bench/alerts.ts [--rules 10000] [--instruments 2000] [--rate 20000] [--seconds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { OptionContract, Tick, UnderlyingInfo } from '../src/shared/market.ts';
import { AlertService } from '../src/main/engine/alerts/alert-service.ts';
import { Engine } from '../src/main/engine/engine.ts';
import { HandFeed } from '../test/helpers/idle-feed.ts';
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
function open(): { dir: string; engine: Engine; alerts: AlertService; listener: Float64Array; n: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'optick-bench-alerts-'));
  const engine = new Engine({ feed: new HandFeed('bench'), registry });
  const alerts = new AlertService({ dataDir: dir, engine });
  // The listener's own time, the same wrapper in both engines (its cost cancels in the difference).
  const listener = new Float64Array(rate * seconds + nInst * 80);
  let n = 0;
  const onTicks = alerts.onTicks.bind(alerts);
  alerts.onTicks = (ticks) => {
    const t0 = process.hrtime.bigint();
    onTicks(ticks);
    if (n < listener.length) listener[n++] = Number(process.hrtime.bigint() - t0);
  };
  return { dir, engine, alerts, listener, n: () => n };
}
const base = open();
const loaded = open();

// Prices random-walk around 100; levels spread 95..105, so crossings happen; half the rules
// repeat with a 1 s cooldown, half fire once; every fifth rule watches the mid.
const price = new Float64Array(nInst).fill(100);
let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const tSetup = performance.now();
for (let i = 0; i < nRules; i++) {
  const o = options[i % nInst]!;
  loaded.alerts.addRule({ symbol: o.symbol, field: i % 5 === 4 ? 'mid' : 'ltp', op: i % 2 ? 'above' : 'below', level: Math.round((95 + rnd() * 10) * 20) / 20, repeat: i % 2 === 0, cooldown_ms: 1000 });
}
const setupMs = performance.now() - tSetup;
let firings = 0;
loaded.alerts.onAlert(() => { firings++; });
const tickOf = (i: number, p: number, now: number): Tick => ({ key: options[i]!.key, ltp: p, exchangeTs: now, receiveTs: now, bids: [{ price: p - 0.05, qty: 65 }], asks: [{ price: p + 0.05, qty: 65 }] });

// Warm figure: the loaded service alone, ticks back to back over every instrument (caches hot).
const warmTicks = options.map((_o, i) => tickOf(i, 100, Date.now()));
for (const t of warmTicks) { loaded.engine.ingest([t]); base.engine.ingest([t]); }
// CPU time, not wall time: on a shared machine the wall clock of 100,000 calls includes the
// time other processes had the core.
for (let r = 0; r < 20; r++) for (const t of warmTicks) loaded.alerts.onTicks([t]); // JIT warm-up
const cpuWarm = process.cpuUsage();
const warmRounds = 50;
for (let r = 0; r < warmRounds; r++) for (const t of warmTicks) loaded.alerts.onTicks([t]);
const warmCpu = process.cpuUsage(cpuWarm);
const warmNs = ((warmCpu.user + warmCpu.system) * 1e3) / (warmRounds * warmTicks.length);
const listenerFrom = { base: base.n(), loaded: loaded.n() };

const total = rate * seconds;
const withRules = new Float64Array(total);
const without = new Float64Array(total);
const timed = (engine: Engine, t: Tick): number => {
  const t0 = process.hrtime.bigint();
  engine.ingest([t]);
  return Number(process.hrtime.bigint() - t0);
};
let sent = 0;
let maxBacklog = 0;
const start = performance.now();
await new Promise<void>((resolve) => {
  const step = (): void => {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    if (due - sent > maxBacklog) maxBacklog = due - sent;
    while (sent < due) {
      const i = Math.floor(rnd() * nInst);
      price[i] = Math.max(0.05, Math.round((price[i]! + (rnd() - 0.5) * 0.6) * 20) / 20);
      const t = tickOf(i, price[i]!, Date.now());
      if (sent % 2) { withRules[sent] = timed(loaded.engine, t); without[sent] = timed(base.engine, t); }
      else { without[sent] = timed(base.engine, t); withRules[sent] = timed(loaded.engine, t); }
      sent++;
    }
    if (sent >= total) resolve(); else setImmediate(step);
  };
  step();
});
const elapsed = (performance.now() - start) / 1000;
await new Promise((r) => setTimeout(r, 50)); // pending firings written
const status = loaded.engine.status().feeds[0]!;
const quantile = (a: Float64Array) => { const s = a.slice().sort(); return (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };
const qWith = quantile(withRules), qWithout = quantile(without);
const lWith = quantile(loaded.listener.slice(listenerFrom.loaded, loaded.n())), lWithout = quantile(base.listener.slice(listenerFrom.base, base.n()));
const summary = loaded.alerts.summary();
for (const e of [base, loaded]) { e.alerts.close(); await e.engine.stop(); rmSync(e.dir, { recursive: true, force: true }); }

console.log(JSON.stringify({
  bench: 'alerts',
  rules: nRules,
  instruments: nInst,
  rules_armed_at_end: summary.armed,
  rate_requested: rate,
  ticks_sent: sent,
  ticks_per_s: Math.round(sent / elapsed),
  max_backlog_ticks: maxBacklog,
  ticks_processed: status.ticks_processed,
  ticks_dropped: status.ticks_dropped + (sent + warmTicks.length - status.ticks_processed),
  added_ns_per_tick_median: Math.round(qWith(0.5) - qWithout(0.5)),
  added_ns_per_tick_p99: Math.round(qWith(0.99) - qWithout(0.99)),
  ingest_ns_median_with_rules: Math.round(qWith(0.5)),
  ingest_ns_median_without_rules: Math.round(qWithout(0.5)),
  ingest_ns_p99_with_rules: Math.round(qWith(0.99)),
  ingest_ns_p99_without_rules: Math.round(qWithout(0.99)),
  listener_ns_median_with_rules: Math.round(lWith(0.5)),
  listener_ns_median_without_rules: Math.round(lWithout(0.5)),
  listener_ns_p99_with_rules: Math.round(lWith(0.99)),
  warm_cpu_ns_per_tick_mean: Math.round(warmNs),
  load_average_1m: Number(loadavg()[0]!.toFixed(1)),
  firings,
  rule_setup_ms: Math.round(setupMs),
}));

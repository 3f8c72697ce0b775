// Session clock and scheduler cost. Prints one JSON object.
//   npx node bench/schedule.ts
// isInSession is what the feed's stall detector calls; sessionAt/planAt serve status and
// every scheduler wake-up; the year run is a whole 2026 of NSE wake-ups on a fake clock.
import { isInSession, nextTransition, sessionAt } from '../src/main/engine/schedule/clock.ts';
import { loadBuiltInTemplates } from '../src/main/engine/schedule/builtins-node.ts';
import { planAt } from '../src/main/engine/schedule/plan.ts';
import { SessionScheduler } from '../src/main/engine/schedule/scheduler.ts';
import type { TradingHoursTemplate } from '../src/shared/trading-hours.ts';

const templates = loadBuiltInTemplates();
const byId = (id: string): TradingHoursTemplate => templates.find((t) => t.id === id)!;
const nse = byId('nse-fo'), us = byId('us-options'), crypto = byId('crypto-24x7');
const START = Date.parse('2026-01-01T00:00:00Z');
const YEAR = 365 * 86_400_000;

/** ns per call over n calls at instants spread across 2026 (fixed LCG, so runs compare). */
function perCall(n: number, fn: (t: number) => unknown): number {
  let seed = 12345;
  const ts = Array.from({ length: n }, () => START + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * YEAR);
  for (let i = 0; i < Math.min(n, 2000); i++) fn(ts[i]!); // warm caches and JIT
  const t0 = process.hrtime.bigint();
  for (const t of ts) fn(t);
  return Number(process.hrtime.bigint() - t0) / n;
}

function yearOfWakeUps(): { wake_ups: number; connects: number; ms: number } {
  let wall = START, mono = 0, seq = 0;
  const timers: { id: number; due: number; fn: () => void }[] = [];
  const clock = { now: () => wall };
  const s = new SessionScheduler({
    clock,
    timers: { setTimeout: (fn, ms) => { timers.push({ id: ++seq, due: mono + ms, fn }); return seq; }, clearTimeout: (h) => { const i = timers.findIndex((x) => x.id === h); if (i >= 0) timers.splice(i, 1); } },
  });
  let connects = 0;
  s.setFeed('upstox', nse, { connect: () => connects++, activate: () => undefined, disconnect: () => undefined });
  const t0 = performance.now();
  s.start();
  let wakeUps = 0;
  while (wall < START + YEAR) {
    timers.sort((a, b) => a.due - b.due);
    const next = timers.shift();
    if (!next) break;
    wall += next.due - mono;
    mono = next.due;
    wakeUps++;
    next.fn();
  }
  return { wake_ups: wakeUps, connects, ms: Math.round(performance.now() - t0) };
}

/** ns per call for a stall detector asking once a second through one week. */
function stallDetector(tpl: TradingHoursTemplate): number {
  const from = Date.parse('2026-11-02T00:00:00Z');
  const n = 7 * 86_400;
  const t0 = process.hrtime.bigint();
  let open = 0;
  for (let i = 0; i < n; i++) if (isInSession(tpl, from + i * 1000)) open++;
  const ns = Number(process.hrtime.bigint() - t0) / n;
  if (open === 0) throw new Error(`${tpl.id}: no second in session in the benchmark week`);
  return ns;
}

const opts = { leadMs: 300_000, lagMs: 300_000 };
const year = yearOfWakeUps();
console.log(JSON.stringify({
  bench: 'schedule',
  is_in_session_each_second_ns: { nse: Math.round(stallDetector(nse)), us: Math.round(stallDetector(us)), crypto_24x7: Math.round(stallDetector(crypto)) },
  is_in_session_random_ns: { nse: Math.round(perCall(200_000, (t) => isInSession(nse, t))), us: Math.round(perCall(200_000, (t) => isInSession(us, t))), crypto_24x7: Math.round(perCall(200_000, (t) => isInSession(crypto, t))) },
  next_transition_us: { nse: +(perCall(20_000, (t) => nextTransition(nse, t)) / 1000).toFixed(2), us: +(perCall(20_000, (t) => nextTransition(us, t)) / 1000).toFixed(2) },
  session_at_us: { nse: +(perCall(20_000, (t) => sessionAt(nse, t)) / 1000).toFixed(2), crypto_24x7: +(perCall(500, (t) => sessionAt(crypto, t)) / 1000).toFixed(2) },
  plan_at_us: { nse: +(perCall(20_000, (t) => planAt(nse, t, opts)) / 1000).toFixed(2), crypto_24x7: +(perCall(2_000, (t) => planAt(crypto, t, opts)) / 1000).toFixed(2) },
  scheduler_year_2026_nse: { ...year, heartbeat_ms: 60_000 },
}));

// Rule evaluation: crossings between consecutive values, once vs repeat with cooldown,
// trailing stops, exit levels from the entry, expiry at the session's close.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crossed, evaluate, trailLevel, type RuleRuntime } from '../../src/main/engine/alerts/crossing.ts';
import { exitLevel, exitOp, exitProblem } from '../../src/main/engine/alerts/levels.ts';
import { nextSessionClose } from '../../src/main/engine/alerts/session-close.ts';

const rule = (over: Partial<RuleRuntime> = {}): RuleRuntime => ({
  op: 'above', level: 100, repeat: false, cooldownMs: 60_000, armed: true, expiresAt: null,
  prev: NaN, lastFiredAt: null, trail: null, best: NaN, ...over,
});
const feed = (r: RuleRuntime, values: number[], t0 = 0, step = 1000) => values.map((v, i) => evaluate(r, v, t0 + i * step));

describe('crossing between consecutive prices', () => {
  it('above: from below to at or over the level; below: the mirror', () => {
    assert.equal(crossed('above', 99, 100, 100), true);
    assert.equal(crossed('above', 99, 101, 100), true);
    assert.equal(crossed('above', 100, 101, 100), false, 'leaving the level is not a crossing');
    assert.equal(crossed('above', 101, 102, 100), false);
    assert.equal(crossed('above', 101, 99, 100), false, 'wrong direction');
    assert.equal(crossed('below', 101, 100, 100), true);
    assert.equal(crossed('below', 101, 50, 100), true);
    assert.equal(crossed('below', 100, 99, 100), false);
    assert.equal(crossed('below', 99, 101, 100), false);
  });

  it('a gap through the level fires', () => {
    assert.deepEqual(feed(rule(), [90, 140]), ['none', 'fired']);
    assert.deepEqual(feed(rule({ op: 'below' }), [140, 20]), ['none', 'fired']);
  });

  it('the first value is only the baseline, even beyond the level', () => {
    assert.deepEqual(feed(rule(), [120, 121]), ['none', 'none']);
  });

  it('sitting on the level, or repeated ticks at it, fires once (repeating rule, no cooldown)', () => {
    const r = rule({ repeat: true, cooldownMs: 0 });
    assert.deepEqual(feed(r, [99, 100, 100, 100, 100.5, 100]), ['none', 'fired', 'none', 'none', 'none', 'none']);
    assert.equal(r.armed, true);
  });

  it('once: fires then disarms and never fires again', () => {
    const r = rule();
    assert.deepEqual(feed(r, [99, 101, 99, 101, 99, 101]), ['none', 'fired', 'none', 'none', 'none', 'none']);
    assert.equal(r.armed, false);
  });

  it('repeat with cooldown: crossings inside the cooldown are skipped, the next one after it fires', () => {
    const r = rule({ repeat: true, cooldownMs: 5000 });
    // t = 0, 1s, 2s, …: cross at 1s (fires), 3s (in cooldown), 7s (fires: 6 s since)
    assert.deepEqual(feed(r, [99, 101, 99, 101, 99, 98, 99, 101]), ['none', 'fired', 'none', 'none', 'none', 'none', 'none', 'fired']);
    assert.equal(r.lastFiredAt, 7000);
  });

  it('expires at its time without firing and stays disarmed', () => {
    const r = rule({ expiresAt: 2000 });
    assert.deepEqual(feed(r, [99, 99.5, 101, 102]), ['none', 'none', 'expired', 'none']);
    assert.equal(r.armed, false);
  });

  it('a disarmed rule does nothing', () => {
    assert.deepEqual(feed(rule({ armed: false }), [99, 101]), ['none', 'none']);
  });
});

describe('trailing stop', () => {
  it('points: a long stop follows new highs and never falls back; hit by the move that reaches it', () => {
    const trail = { kind: 'points' as const, value: 10 };
    const r = rule({ op: 'below', trail, best: 100, level: trailLevel('below', 100, trail) });
    assert.equal(r.level, 90);
    assert.deepEqual(feed(r, [100, 105, 120, 115, 112]), ['none', 'none', 'none', 'none', 'none']);
    assert.equal(r.best, 120);
    assert.equal(r.level, 110, 'the stop trails the best price, not the last one');
    assert.deepEqual(feed(r, [110], 9000), ['fired']);
    assert.equal(r.armed, false);
  });

  it('percent: a short stop follows new lows, above the price', () => {
    const trail = { kind: 'percent' as const, value: 20 };
    const r = rule({ op: 'above', trail, best: 50, level: trailLevel('above', 50, trail) });
    assert.equal(r.level, 60);
    assert.deepEqual(feed(r, [50, 40, 45, 47.99]), ['none', 'none', 'none', 'none']);
    assert.equal(r.best, 40);
    assert.equal(r.level, 48);
    assert.deepEqual(feed(r, [48.5], 9000), ['fired']);
  });
});

describe('exit levels from the entry', () => {
  it('absolute, points and % for a long and a short', () => {
    assert.equal(exitLevel('stop_loss', 'long', 200, { kind: 'price', value: 150 }), 150);
    assert.equal(exitLevel('stop_loss', 'long', 200, { kind: 'points', value: 30 }), 170);
    assert.equal(exitLevel('stop_loss', 'long', 200, { kind: 'percent', value: 25 }), 150);
    assert.equal(exitLevel('target', 'long', 200, { kind: 'points', value: 30 }), 230);
    assert.equal(exitLevel('target', 'long', 200, { kind: 'percent', value: 50 }), 300);
    assert.equal(exitLevel('stop_loss', 'short', 200, { kind: 'points', value: 30 }), 230);
    assert.equal(exitLevel('stop_loss', 'short', 200, { kind: 'percent', value: 50 }), 300);
    assert.equal(exitLevel('target', 'short', 200, { kind: 'percent', value: 25 }), 150);
    assert.equal(exitLevel('target', 'short', 200, { kind: 'price', value: 120 }), 120);
  });

  it('direction: a long stop is crossed downwards, its target upwards; a short the other way', () => {
    assert.equal(exitOp('stop_loss', 'long'), 'below');
    assert.equal(exitOp('trailing_stop', 'long'), 'below');
    assert.equal(exitOp('target', 'long'), 'above');
    assert.equal(exitOp('stop_loss', 'short'), 'above');
    assert.equal(exitOp('target', 'short'), 'below');
  });

  it("a long's stop above its target (or either on the wrong side of the entry) is refused", () => {
    assert.equal(exitProblem('long', 100, { kind: 'price', value: 80 }, { kind: 'price', value: 130 }), null);
    assert.equal(exitProblem('long', 100, { kind: 'price', value: 140 }, { kind: 'price', value: 130 })?.field, 'stop_loss');
    assert.match(exitProblem('long', 100, { kind: 'price', value: 140 }, { kind: 'price', value: 130 })!.message, /below its target/);
    assert.equal(exitProblem('long', 100, { kind: 'price', value: 105 }, null)?.field, 'stop_loss');
    assert.equal(exitProblem('long', 100, null, { kind: 'price', value: 95 })?.field, 'target');
    assert.equal(exitProblem('short', 100, { kind: 'points', value: 20 }, { kind: 'points', value: 30 }), null);
    assert.equal(exitProblem('short', 100, { kind: 'price', value: 90 }, { kind: 'price', value: 95 })?.field, 'stop_loss');
    assert.equal(exitProblem('long', 100, { kind: 'percent', value: 150 }, null)?.field, 'stop_loss', 'a stop below zero');
  });
});

describe('expiry at the session close', () => {
  it("today's 15:30 IST before it, tomorrow's after it", () => {
    const morning = Date.UTC(2026, 11, 3, 4, 0); // 09:30 IST
    assert.equal(nextSessionClose(morning, 'Asia/Kolkata', '15:30'), Date.UTC(2026, 11, 3, 10, 0));
    const evening = Date.UTC(2026, 11, 3, 11, 0); // 16:30 IST
    assert.equal(nextSessionClose(evening, 'Asia/Kolkata', '15:30'), Date.UTC(2026, 11, 4, 10, 0));
    assert.equal(nextSessionClose(Date.UTC(2026, 11, 3, 10, 0), 'Asia/Kolkata', '15:30'), Date.UTC(2026, 11, 4, 10, 0), 'at the close: the next one');
  });
});
